package io.milpnet.formulation.train;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.bounds.IntervalBounds;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;
import io.milpnet.formulation.encode.BinaryProductFormulation;
import io.milpnet.formulation.encode.ReluFormulation;
import io.milpnet.formulation.encode.ReluOutput;
import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.encode.StepFormulation;
import java.util.ArrayList;
import java.util.List;
import io.milpnet.formulation.network.DenseLayer;
import io.milpnet.formulation.spec.Activation;
import io.milpnet.formulation.spec.DenseSpec;

/**
 * A dense layer of the training MILP: its weight, bias, mask and regulariser variables, the per-sample
 * pre-activations and activations, and the inverse maps (decode a solution into weights; assign a network's weights
 * and the implied values of every auxiliary variable, for start values).
 *
 * <p>Pre-activation of sample i, unit j: {@code a_ij = b_j + sum_k w_jk x_ik}. With data inputs x_ik is a constant
 * and the sum is linear in continuous weights. With hidden inputs x_ik is a variable; the weights are then ternary
 * {@code w = s (q+ - q-)} with binaries q+, q- and each {@code q x} becomes an exact product variable.
 */
final class EncodedDenseLayer {
  final int layer;
  final DenseSpec spec;
  final WeightDomain domain;
  final boolean gridBias;
  final double biasBound;
  final boolean hidden;
  final int units;
  final int inputs;
  final int samples;

  // Weights: continuous w, or grid binaries qPos/qNeg (w = scale * (qPos - qNeg)).
  Var[][] w;
  Var[][] qPos;
  Var[][] qNeg;
  // Bias: continuous b, or grid binaries.
  Var[] b;
  Var[] bPos;
  Var[] bNeg;
  // Own unit masks (hidden layers with neuron pruning), masks of the input units (outgoing weights tie to them).
  Var[] masks;
  Var[] inputMasks;
  /** The layer may be switched off into the identity (set by the problem before encoding). */
  boolean prunable;
  /** L = 1 keeps the layer, L = 0 makes it the identity on its live inputs (null when the layer is not prunable). */
  Var layerSwitch;
  Var[][] l0;
  Var[][] absW;
  Var[][][] pPos;
  Var[][][] pNeg;
  Signal[][] pre;
  ReluOutput[][] relu;
  /** Hard tanh as {@code -1 + relu(a + 1) - relu(a - 1)}: the two ReLUs. */
  ReluOutput[][] low;
  ReluOutput[][] high;
  /** Step: the phase binary is the output. */
  ReluOutput[][] step;
  LayerSignals output;
  LinearExpr regularisation = LinearExpr.zero();

  EncodedDenseLayer(int layer, DenseSpec spec, WeightDomain domain, boolean gridBias, double biasBound,
      boolean hidden, int inputs, int samples) {
    this.layer = layer;
    this.spec = spec;
    this.domain = domain;
    this.gridBias = gridBias;
    this.biasBound = biasBound;
    this.hidden = hidden;
    this.units = spec.units();
    this.inputs = inputs;
    this.samples = samples;
  }

  boolean gridWeights() {
    return !(domain instanceof WeightDomain.Continuous);
  }

  double scale() {
    return domain.maxAbs();
  }

  /** The weight w_jk as an expression. */
  LinearExpr weightExpr(int j, int k) {
    if (gridWeights()) {
      return LinearExpr.builder().add(scale(), qPos[j][k]).add(-scale(), qNeg[j][k]).build();
    }
    return LinearExpr.of(w[j][k]);
  }

  LinearExpr biasExpr(int j) {
    if (gridBias) {
      return LinearExpr.builder().add(scale(), bPos[j]).add(-scale(), bNeg[j]).build();
    }
    return LinearExpr.of(b[j]);
  }

  // ------------------------------------------------------------------------------------------------- encoding

  void encode(Model model, LayerSignals in, TrainingConfig cfg, ReluFormulation reluFormulation,
      BinaryProductFormulation products) {
    inputMasks = in.masks();
    createWeights(model, cfg);
    createBiases(model);
    if (hidden && cfg.pruneNeurons()) {
      createMasks(model, cfg);
    }
    if (prunable && cfg.pruneLayers()) {
      createLayerSwitch(model, cfg);
    }
    if (!gridWeights() && (cfg.l0() > 0 || cfg.l1() > 0)) {
      createContinuousRegularisers(model, cfg);
    }
    if (gridWeights()) {
      addGridRegularisers(cfg);
    }
    buildPreActivations(model, in, products);
    buildActivations(model, reluFormulation, cfg);
    if (hidden && cfg.symmetryBreaking() && layerSwitch == null) {
      // A switchable layer's units are tied to its inputs' order when it is the identity: no ordering of its own.
      breakSymmetry(model);
    }
  }

  private void createWeights(Model model, TrainingConfig cfg) {
    if (gridWeights()) {
      qPos = new Var[units][inputs];
      qNeg = new Var[units][inputs];
      boolean sign = domain instanceof WeightDomain.Sign;
      for (int j = 0; j < units; j++) {
        for (int k = 0; k < inputs; k++) {
          String n = "[l" + layer + ",u" + j + ",i" + k + "]";
          qPos[j][k] = model.addBinary("wpos" + n, "weight");
          qNeg[j][k] = model.addBinary("wneg" + n, "weight");
          LinearExpr used = LinearExpr.builder().add(qPos[j][k]).add(qNeg[j][k]).build();
          // A sign weight is +-1 exactly when its source unit is alive; a ternary weight may be 0 anyway.
          Var source = inputMasks == null ? null : inputMasks[k];
          LinearExpr rhs = source == null ? LinearExpr.constant(1.0) : LinearExpr.of(source);
          LinearExpr diff = used.plus(rhs.times(-1.0));
          if (sign) {
            model.addEquality("wsign" + n, diff, 0.0);
          } else {
            model.addLessOrEqual("wtern" + n, diff, 0.0);
          }
        }
      }
    } else {
      double bound = domain.maxAbs();
      w = new Var[units][inputs];
      for (int j = 0; j < units; j++) {
        for (int k = 0; k < inputs; k++) {
          String n = "[l" + layer + ",u" + j + ",i" + k + "]";
          w[j][k] = model.addVar(-bound, bound, io.milpnet.core.model.VarType.CONTINUOUS, "w" + n, "weight");
          if (inputMasks != null) {
            // Feature selection: f_k = 0 forces the weight to 0; the constant is the weight's own bound.
            model.addLessOrEqual("fmask_ub" + n, LinearExpr.builder().add(w[j][k]).add(-bound, inputMasks[k]).build(),
                0.0);
            model.addGreaterOrEqual("fmask_lb" + n,
                LinearExpr.builder().add(w[j][k]).add(bound, inputMasks[k]).build(), 0.0);
          }
        }
      }
    }
  }

  private void createBiases(Model model) {
    if (gridBias) {
      bPos = new Var[units];
      bNeg = new Var[units];
      for (int j = 0; j < units; j++) {
        String n = "[l" + layer + ",u" + j + "]";
        bPos[j] = model.addBinary("bpos" + n, "bias");
        bNeg[j] = model.addBinary("bneg" + n, "bias");
        model.addLessOrEqual("btern" + n, LinearExpr.builder().add(bPos[j]).add(bNeg[j]).build(), 1.0);
      }
    } else {
      b = new Var[units];
      for (int j = 0; j < units; j++) {
        b[j] = model.addContinuous(-biasBound, biasBound, "b[l" + layer + ",u" + j + "]", "bias");
      }
    }
  }

  /** n_j = 0 removes unit j: every incoming weight and the bias vanish (outgoing ones are tied by the next layer). */
  private void createMasks(Model model, TrainingConfig cfg) {
    masks = new Var[units];
    for (int j = 0; j < units; j++) {
      String n = "[l" + layer + ",u" + j + "]";
      masks[j] = model.addBinary("n" + n, "neuron-mask");
      regularisation = regularisation.plus(LinearExpr.term(cfg.neuronPenalty(), masks[j]));
      for (int k = 0; k < inputs; k++) {
        String nk = "[l" + layer + ",u" + j + ",i" + k + "]";
        if (gridWeights()) {
          model.addLessOrEqual("nmask" + nk,
              LinearExpr.builder().add(qPos[j][k]).add(qNeg[j][k]).add(-1.0, masks[j]).build(), 0.0);
        } else {
          double bound = domain.maxAbs();
          model.addLessOrEqual("nmask_ub" + nk, LinearExpr.builder().add(w[j][k]).add(-bound, masks[j]).build(), 0.0);
          model.addGreaterOrEqual("nmask_lb" + nk, LinearExpr.builder().add(w[j][k]).add(bound, masks[j]).build(), 0.0);
        }
      }
      if (gridBias) {
        model.addLessOrEqual("nmask_b" + n,
            LinearExpr.builder().add(bPos[j]).add(bNeg[j]).add(-1.0, masks[j]).build(), 0.0);
      } else if (biasBound > 0) {
        model.addLessOrEqual("nmask_bub" + n, LinearExpr.builder().add(b[j]).add(-biasBound, masks[j]).build(), 0.0);
        model.addGreaterOrEqual("nmask_blb" + n, LinearExpr.builder().add(b[j]).add(biasBound, masks[j]).build(), 0.0);
      }
    }
  }

  /**
   * L = 0 turns the layer into the identity on its live inputs: {@code w_jj = m_j} (the input unit's mask, or 1),
   * every other weight and every bias 0. Then each unit computes {@code relu(h_j) = h_j} (inputs are ReLU outputs),
   * exactly, with the layer's own rows; no other variable is needed. Requires weights on the grid {@code {-1,0,1}}.
   */
  private void createLayerSwitch(Model model, TrainingConfig cfg) {
    layerSwitch = model.addBinary("L[l" + layer + "]", "layer-switch");
    regularisation = regularisation.plus(LinearExpr.term(cfg.layerPenalty(), layerSwitch));
    for (int j = 0; j < units; j++) {
      for (int k = 0; k < inputs; k++) {
        String n = "[l" + layer + ",u" + j + ",i" + k + "]";
        if (j == k) {
          // q+_jj >= m_j - L and q-_jj <= L.
          LinearExpr.Builder row = LinearExpr.builder().add(qPos[j][k]).add(layerSwitch);
          if (inputMasks != null) {
            row.add(-1.0, inputMasks[k]);
            model.addGreaterOrEqual("lswitch_diag" + n, row.build(), 0.0);
          } else {
            model.addGreaterOrEqual("lswitch_diag" + n, row.build(), 1.0);
          }
          model.addLessOrEqual("lswitch_neg" + n, LinearExpr.builder().add(qNeg[j][k]).add(-1.0, layerSwitch).build(),
              0.0);
        } else {
          model.addLessOrEqual("lswitch_off" + n,
              LinearExpr.builder().add(qPos[j][k]).add(qNeg[j][k]).add(-1.0, layerSwitch).build(), 0.0);
        }
      }
      String n = "[l" + layer + ",u" + j + "]";
      if (gridBias) {
        model.addLessOrEqual("lswitch_b" + n,
            LinearExpr.builder().add(bPos[j]).add(bNeg[j]).add(-1.0, layerSwitch).build(), 0.0);
      } else if (biasBound > 0) {
        model.addLessOrEqual("lswitch_bub" + n, LinearExpr.builder().add(b[j]).add(-biasBound, layerSwitch).build(),
            0.0);
        model.addGreaterOrEqual("lswitch_blb" + n, LinearExpr.builder().add(b[j]).add(biasBound, layerSwitch).build(),
            0.0);
      }
    }
  }

  /** The network layer is this layer switched off: the identity on the live inputs (see {@link #createLayerSwitch}). */
  boolean isSwitchedOff(DenseLayer params, boolean[] inputAlive) {
    if (!params.passesThrough()) {
      return false;
    }
    for (int j = 0; j < units; j++) {
      double expected = inputMasks == null || inputAlive[j] ? 1.0 : 0.0;
      if (params.weights()[j][j] != expected) {
        return false;
      }
    }
    return true;
  }

  private void createContinuousRegularisers(Model model, TrainingConfig cfg) {
    double bound = domain.maxAbs();
    LinearExpr.Builder reg = LinearExpr.builder().add(regularisation);
    if (cfg.l0() > 0) {
      l0 = new Var[units][inputs];
    }
    if (cfg.l1() > 0) {
      absW = new Var[units][inputs];
    }
    for (int j = 0; j < units; j++) {
      for (int k = 0; k < inputs; k++) {
        String n = "[l" + layer + ",u" + j + ",i" + k + "]";
        if (l0 != null) {
          // s = 0 forces w = 0; the constant is the weight's own bound.
          l0[j][k] = model.addBinary("s" + n, "weight-nonzero");
          model.addLessOrEqual("l0_ub" + n, LinearExpr.builder().add(w[j][k]).add(-bound, l0[j][k]).build(), 0.0);
          model.addGreaterOrEqual("l0_lb" + n, LinearExpr.builder().add(w[j][k]).add(bound, l0[j][k]).build(), 0.0);
          reg.add(cfg.l0(), l0[j][k]);
        }
        if (absW != null) {
          absW[j][k] = model.addContinuous(0.0, bound, "t" + n, "weight-abs");
          model.addGreaterOrEqual("l1_pos" + n, LinearExpr.builder().add(absW[j][k]).add(-1.0, w[j][k]).build(), 0.0);
          model.addGreaterOrEqual("l1_neg" + n, LinearExpr.builder().add(absW[j][k]).add(w[j][k]).build(), 0.0);
          reg.add(cfg.l1(), absW[j][k]);
        }
      }
    }
    regularisation = reg.build();
  }

  /** On a grid, |w| = s (q+ + q-) and [w != 0] = q+ + q-: both regularisers are linear without new variables. */
  private void addGridRegularisers(TrainingConfig cfg) {
    double perWeight = cfg.l0() + cfg.l1() * scale();
    if (perWeight == 0) {
      return;
    }
    LinearExpr.Builder reg = LinearExpr.builder().add(regularisation);
    for (int j = 0; j < units; j++) {
      for (int k = 0; k < inputs; k++) {
        reg.add(perWeight, qPos[j][k]).add(perWeight, qNeg[j][k]);
      }
    }
    regularisation = reg.build();
  }

  private void buildPreActivations(Model model, LayerSignals in, BinaryProductFormulation products) {
    pre = new Signal[samples][units];
    if (gridWeights()) {
      pPos = new Var[samples][units][];
      pNeg = new Var[samples][units][];
    }
    LinearExpr[][] exprs = new LinearExpr[samples][units];
    for (int i = 0; i < samples; i++) {
      for (int j = 0; j < units; j++) {
        LinearExpr.Builder a = LinearExpr.builder(inputs + 2).add(biasExpr(j));
        if (gridWeights()) {
          pPos[i][j] = new Var[inputs];
          pNeg[i][j] = new Var[inputs];
        }
        for (int k = 0; k < inputs; k++) {
          Signal x = in.signals()[i][k];
          if (x.isConstant()) {
            double c = x.constantValue();
            if (c != 0.0) {
              a.add(c, weightExpr(j, k));
            }
          } else if (gridWeights()) {
            String n = "[l" + layer + ",s" + i + ",u" + j + ",i" + k + "]";
            pPos[i][j][k] = products.encode(model, qPos[j][k], x.expr(), x.bounds(), "pos" + n);
            pNeg[i][j][k] = products.encode(model, qNeg[j][k], x.expr(), x.bounds(), "neg" + n);
            a.add(scale(), pPos[i][j][k]).add(-scale(), pNeg[i][j][k]);
          } else {
            throw new IllegalStateException("layer " + layer + " multiplies continuous weights by a variable input: "
                + "not an exact MILP; use a weight grid for layers fed by hidden activations");
          }
        }
        exprs[i][j] = a.build();
      }
    }
    IntervalBounds bounds = IntervalBounds.of(model);
    for (int i = 0; i < samples; i++) {
      for (int j = 0; j < units; j++) {
        pre[i][j] = new Signal(exprs[i][j], bounds.range(exprs[i][j]));
      }
    }
  }

  private void buildActivations(Model model, ReluFormulation reluFormulation, TrainingConfig cfg) {
    Signal[][] out = new Signal[samples][units];
    switch (spec.activation()) {
      case RELU -> {
        relu = new ReluOutput[samples][units];
        for (int i = 0; i < samples; i++) {
          for (int j = 0; j < units; j++) {
            relu[i][j] = reluFormulation.encode(model, pre[i][j].expr(), pre[i][j].bounds(),
                "[l" + layer + ",s" + i + ",u" + j + "]");
            out[i][j] = relu[i][j].output();
          }
        }
      }
      case HARDTANH -> {
        // hardtanh(a) = -1 + relu(a + 1) - relu(a - 1): two exact ReLUs.
        low = new ReluOutput[samples][units];
        high = new ReluOutput[samples][units];
        for (int i = 0; i < samples; i++) {
          for (int j = 0; j < units; j++) {
            String n = "[l" + layer + ",s" + i + ",u" + j + "]";
            Interval b = pre[i][j].bounds();
            low[i][j] = reluFormulation.encode(model, pre[i][j].expr().plus(LinearExpr.constant(1.0)),
                new Interval(b.lo() + 1, b.hi() + 1), "_lo" + n);
            high[i][j] = reluFormulation.encode(model, pre[i][j].expr().plus(LinearExpr.constant(-1.0)),
                new Interval(b.lo() - 1, b.hi() - 1), "_hi" + n);
            LinearExpr h = LinearExpr.builder().addConstant(-1.0).add(low[i][j].output().expr())
                .add(-1.0, high[i][j].output().expr()).build();
            out[i][j] = new Signal(h,
                new Interval(Activation.HARDTANH.apply(b.lo()), Activation.HARDTANH.apply(b.hi())));
          }
        }
      }
      case STEP -> {
        step = new ReluOutput[samples][units];
        StepFormulation formulation = new StepFormulation(cfg.encoding() == Encoding.INDICATOR);
        for (int i = 0; i < samples; i++) {
          for (int j = 0; j < units; j++) {
            step[i][j] = formulation.encode(model, pre[i][j].expr(), pre[i][j].bounds(),
                "[l" + layer + ",s" + i + ",u" + j + "]");
            out[i][j] = step[i][j].output();
          }
        }
      }
      case LINEAR -> {
        for (int i = 0; i < samples; i++) {
          out[i] = pre[i].clone();
        }
      }
      default -> throw new IllegalStateException("no encoding for activation " + spec.activation());
    }
    output = new LayerSignals(out, masks);
  }

  /** Every phase binary of sample i, unit j, with the pre-activation offset at which it switches on. */
  List<Phase> phases(int i, int j) {
    List<Phase> list = new ArrayList<>(2);
    if (relu != null && relu[i][j].phase() != null) {
      list.add(new Phase(relu[i][j], 0.0));
    }
    if (low != null && low[i][j].phase() != null) {
      list.add(new Phase(low[i][j], -1.0));
    }
    if (high != null && high[i][j].phase() != null) {
      list.add(new Phase(high[i][j], 1.0));
    }
    return list;
  }

  /** A ReLU-like piece {@code relu(a - threshold)} of an activation. */
  record Phase(ReluOutput unit, double threshold) {}

  /**
   * Hidden units of a layer are interchangeable (permute them together with the next layer's columns), so any
   * solution can be reordered to put live units first and order their biases: {@code n_j >= n_(j+1)} and
   * {@code b_j >= b_(j+1)} among live units ({@code b_j - b_(j+1) >= -2B (1 - n_(j+1))}).
   */
  private void breakSymmetry(Model model) {
    for (int j = 0; j + 1 < units; j++) {
      String n = "[l" + layer + ",u" + j + "]";
      if (masks != null) {
        model.addGreaterOrEqual("sym_mask" + n, LinearExpr.builder().add(masks[j]).add(-1.0, masks[j + 1]).build(),
            0.0);
      }
      double span = 2 * (gridBias ? scale() : biasBound);
      LinearExpr.Builder diff = LinearExpr.builder().add(biasExpr(j)).add(-1.0, biasExpr(j + 1));
      if (masks != null) {
        model.addGreaterOrEqual("sym_bias" + n, diff.add(-span, masks[j + 1]).build(), -span);
      } else {
        model.addGreaterOrEqual("sym_bias" + n, diff.build(), 0.0);
      }
    }
  }

  // ------------------------------------------------------------------------------------------------- decoding

  DenseLayer decode(double[] values) {
    double[][] weights = new double[units][inputs];
    double[] bias = new double[units];
    for (int j = 0; j < units; j++) {
      boolean pruned = masks != null && Math.rint(values[masks[j].index()]) == 0.0;
      for (int k = 0; k < inputs; k++) {
        double v;
        if (gridWeights()) {
          v = scale() * (Math.rint(values[qPos[j][k].index()]) - Math.rint(values[qNeg[j][k].index()]));
        } else {
          v = values[w[j][k].index()];
          boolean zeroedByL0 = (l0 != null && Math.rint(values[l0[j][k].index()]) == 0.0)
              || (inputMasks != null && Math.rint(values[inputMasks[k].index()]) == 0.0);
          // Solver noise below 1e-9 is not a weight; L0, neuron and feature masks at 0 force an exact 0 (within
          // feasibility tolerance).
          if (zeroedByL0 || Math.abs(v) <= 1e-9) {
            v = 0.0;
          }
        }
        weights[j][k] = pruned ? 0.0 : v;
      }
      double bj = gridBias
          ? scale() * (Math.rint(values[bPos[j].index()]) - Math.rint(values[bNeg[j].index()]))
          : values[b[j].index()];
      bias[j] = pruned || Math.abs(bj) <= 1e-9 ? 0.0 : bj;
    }
    boolean off = layerSwitch != null && Math.rint(values[layerSwitch.index()]) == 0.0;
    return new DenseLayer(weights, bias, spec.activation(), off ? "identity (layer pruned)" : domain.describe());
  }

  // ------------------------------------------------------------------------------------------------- start values

  /**
   * Writes the values of this layer's variables for a network layer with the given parameters into {@code values},
   * and returns the layer's activations per sample.
   *
   * @param inputValues the layer's inputs per sample
   * @param unitAlive mask values of this layer's units (ignored when there are no masks)
   * @param inputAlive mask values of the input units (ignored when there are none)
   */
  double[][] assign(double[] values, DenseLayer params, double[][] inputValues, boolean[] unitAlive,
      boolean[] inputAlive) {
    if (layerSwitch != null) {
      values[layerSwitch.index()] = isSwitchedOff(params, inputAlive) ? 0 : 1;
    }
    for (int j = 0; j < units; j++) {
      for (int k = 0; k < inputs; k++) {
        double wjk = params.weights()[j][k];
        if (gridWeights()) {
          int q = gridLevel(wjk, "weight", j, k);
          if (domain instanceof WeightDomain.Sign) {
            boolean alive = inputMasks == null || inputAlive[k];
            if (alive != (q != 0)) {
              throw new IllegalArgumentException("layer " + layer + " weight (" + j + "," + k + ") = " + wjk
                  + " is not a sign weight consistent with its unit's mask");
            }
          }
          values[qPos[j][k].index()] = q > 0 ? 1 : 0;
          values[qNeg[j][k].index()] = q < 0 ? 1 : 0;
        } else {
          if (Math.abs(wjk) > domain.maxAbs() + 1e-12) {
            throw new IllegalArgumentException("layer " + layer + " weight (" + j + "," + k + ") = " + wjk
                + " exceeds the weight bound " + domain.maxAbs());
          }
          values[w[j][k].index()] = wjk;
          if (l0 != null) {
            values[l0[j][k].index()] = wjk != 0.0 ? 1 : 0;
          }
          if (absW != null) {
            values[absW[j][k].index()] = Math.abs(wjk);
          }
        }
      }
      double bj = params.bias()[j];
      if (gridBias) {
        int q = gridLevel(bj, "bias", j, -1);
        values[bPos[j].index()] = q > 0 ? 1 : 0;
        values[bNeg[j].index()] = q < 0 ? 1 : 0;
      } else {
        if (Math.abs(bj) > biasBound + 1e-12) {
          throw new IllegalArgumentException("layer " + layer + " bias " + j + " = " + bj + " exceeds the bias bound "
              + biasBound);
        }
        values[b[j].index()] = bj;
      }
      if (masks != null) {
        values[masks[j].index()] = unitAlive[j] ? 1 : 0;
      }
    }
    double[][] out = new double[samples][units];
    for (int i = 0; i < samples; i++) {
      for (int j = 0; j < units; j++) {
        double a = params.bias()[j];
        for (int k = 0; k < inputs; k++) {
          double x = inputValues[i][k];
          a += params.weights()[j][k] * x;
          if (pPos != null && pPos[i][j][k] != null) {
            values[pPos[i][j][k].index()] = values[qPos[j][k].index()] * x;
            values[pNeg[i][j][k].index()] = values[qNeg[j][k].index()] * x;
          }
        }
        double h = spec.activation().apply(a);
        for (Phase p : phases(i, j)) {
          values[p.unit().phase().index()] = a - p.threshold() > 0 ? 1 : 0;
          values[p.unit().value().index()] = Math.max(0.0, a - p.threshold());
        }
        if (step != null && step[i][j].phase() != null) {
          values[step[i][j].phase().index()] = h;
        }
        out[i][j] = h;
      }
    }
    return out;
  }

  private int gridLevel(double v, String what, int j, int k) {
    double q = v / scale();
    long r = Math.round(q);
    if (Math.abs(q - r) > 1e-9 || Math.abs(r) > 1) {
      throw new IllegalArgumentException("layer " + layer + " " + what + " (" + j + (k >= 0 ? "," + k : "") + ") = "
          + v + " is not on the grid " + domain.describe());
    }
    return (int) r;
  }
}
