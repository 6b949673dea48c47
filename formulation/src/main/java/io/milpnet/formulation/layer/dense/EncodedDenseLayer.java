package io.milpnet.formulation.layer.dense;

import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;
import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.encode.BinaryProductFormulation;
import io.milpnet.formulation.encode.ReluFormulation;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.spec.Shape;
import io.milpnet.formulation.train.EncodedActivation;
import io.milpnet.formulation.train.EncodedLayer;
import io.milpnet.formulation.train.Encoding;
import io.milpnet.formulation.train.GradientDescent;
import io.milpnet.formulation.train.ImplicationConstraint;
import io.milpnet.formulation.train.LayerAssembly;
import io.milpnet.formulation.train.LayerSignals;
import io.milpnet.formulation.train.SymmetryBreaking;
import io.milpnet.formulation.train.TrainingConfig;
import io.milpnet.formulation.train.TrainingProblem;
import io.milpnet.formulation.train.WeightDomain;
import io.milpnet.formulation.train.WeightDomainPolicy;
import io.milpnet.formulation.train.WeightParams;
import java.util.List;
import java.util.Optional;

/**
 * A dense layer of the training MILP: its weight, bias, mask and regulariser variables, the per-sample
 * pre-activations and activations.
 *
 * <p>Pre-activation of sample i, unit j: {@code a_ij = b_j + sum_k w_jk x_ik}. With data inputs x_ik is a constant
 * and the sum is linear in continuous weights. With hidden inputs x_ik is a variable; the weights are then on a grid
 * {@code w = s (q+ - q-)} with binaries q+, q- and each {@code q x} becomes an exact product variable.
 */
public final class EncodedDenseLayer extends EncodedLayer {
  public final DenseSpec spec;
  public final WeightDomain domain;
  final boolean gridBias;
  final double biasBound;

  /** Weights, parameter {@code j * inputs + k} is w_jk. */
  WeightParams weights;
  WeightParams biases;
  /** Masks of the input units (outgoing weights tie to them), or null. */
  Var[] inputMasks;
  /** The layer may be switched off into the identity (set by the problem before encoding). */
  boolean prunable;
  /** L = 1 keeps the layer, L = 0 makes it the identity on its live inputs (null when the layer is not prunable). */
  Var layerSwitch;
  /** Units are named by constraints (implications), so they are not interchangeable: no symmetry breaking. */
  boolean pinned;

  EncodedDenseLayer(int layer, DenseSpec spec, WeightDomain domain, boolean gridBias, double biasBound,
      boolean hidden, int inputs, int samples) {
    super(layer, hidden, spec.units(), inputs, samples);
    this.spec = spec;
    this.domain = domain;
    this.gridBias = gridBias;
    this.biasBound = biasBound;
  }

  @Override
  public Optional<EncodedDenseLayer> asDense() {
    return Optional.of(this);
  }

  /** Grid biases share their layer's grid (sign layers: the ternary grid of the same scale). */
  /** The weight variables, unit-major ({@link #param}). */
  public WeightParams weights() {
    return weights;
  }

  /** The bias variables, one per unit. */
  public WeightParams biases() {
    return biases;
  }

  public static WeightDomain biasGrid(WeightDomain domain) {
    return domain instanceof WeightDomain.IntegerGrid ? domain : new WeightDomain.Ternary(domain.maxAbs());
  }

  boolean gridWeights() {
    return !(domain instanceof WeightDomain.Continuous);
  }

  double scale() {
    return domain.maxAbs();
  }

  public int param(int j, int k) {
    return j * inputs + k;
  }

  /** The weight w_jk as an expression. */
  public LinearExpr weightExpr(int j, int k) {
    return weights.expr(param(j, k));
  }

  LinearExpr biasExpr(int j) {
    return biases.expr(j);
  }

  /** The grid binary of w_jk's positive (or negative) level. */
  public Var level(int j, int k, boolean positive) {
    return positive ? weights.qPos[param(j, k)] : weights.qNeg[param(j, k)];
  }

  /** A layer the MILP switched off must decode to the identity on its live inputs, or the penalty it saved is a lie. */
  @Override
  protected boolean ordersGroups() {
    return hidden && layerSwitch == null && !pinned;
  }

  @Override
  protected boolean[] canonicalLiveness(TrainedNetwork current, int l) {
    if (masks == null) {
      return null;
    }
    boolean[] alive = new boolean[units];
    for (int j = 0; j < units; j++) {
      alive[j] = TrainingProblem.isAlive(current, l, j);
    }
    return alive;
  }

  @Override
  protected boolean followsInputOrder() {
    return layerSwitch != null;
  }

  @Override
  protected String checkSolution(NetworkLayer decoded, double[] values) {
    if (layerSwitch == null || Math.rint(values[layerSwitch.index()]) != 0.0) {
      return null;
    }
    boolean[] inputAlive = new boolean[inputs];
    for (int k = 0; k < inputAlive.length; k++) {
      inputAlive[k] = inputMasks == null || Math.rint(values[inputMasks[k].index()]) == 1.0;
    }
    return isSwitchedOff((DenseLayer) decoded, inputAlive) ? null
        : "layer " + layer + " is switched off but does not decode to the identity";
  }

  @Override
  protected double addStructurePrice(double total, NetworkLayer layer, double[] values, boolean[] inputAlive,
      TrainingConfig config) {
    if (layerSwitch != null) {
      boolean kept = values == null ? !isSwitchedOff((DenseLayer) layer, inputAlive)
          : Math.rint(values[layerSwitch.index()]) == 1.0;
      total += config.layerPenalty() * (kept ? 1 : 0);
    }
    return total;
  }

  /**
   * The dense layer of {@code spec}, encoded: its domain and bias bound; it may be switched off into the identity when
   * it is a ReLU layer fed by an equal-width ReLU dense layer (its inputs are non-negative, so relu(h) = h) and the
   * identity weight 1 is on its grid; units named by implications are pinned.
   */
  static EncodedLayer build(LayerSpec spec, int number, Shape in, boolean hidden, LayerSignals signals,
      LayerAssembly a) {
    DenseSpec dense = (DenseSpec) spec;
    boolean fedByData = WeightDomainPolicy.constant(signals);
    WeightDomain domain = a.domains().domainOf(fedByData, a.signOutput());
    double biasBound = a.domains().biasBound(domain, signals, null, null);
    EncodedDenseLayer layer = new EncodedDenseLayer(number, dense, domain, a.config().gridBiases(), biasBound,
        hidden, signals.width(), signals.samples());
    layer.tightener = a.bounds();
    layer.restriction = a.restriction();
    List<EncodedLayer> previous = a.previous();
    EncodedDenseLayer prev = previous.isEmpty() ? null : previous.get(previous.size() - 1).asDense().orElse(null);
    int denseIndex = (int) previous.stream().filter(e -> e.asDense().isPresent()).count() + 1;
    layer.pinned = ImplicationConstraint.names(a.config().implications(), denseIndex);
    layer.prunable = hidden && prev != null
        && dense.activation() == Activation.RELU && prev.spec.activation() == Activation.RELU
        && dense.units() == prev.units && domain instanceof WeightDomain.Ternary && domain.maxAbs() == 1.0;
    layer.encode(a.model(), signals, a.config(), a.relu(), a.products());
    a.exactness().add(a.domains().describe(fedByData, domain, biasBound, a.signOutput(), number));
    return layer;
  }

  @Override
  protected NetworkLayer zeroLayer() {
    double[][] w = new double[units][inputs];
    if (domain instanceof WeightDomain.Sign && inputMasks == null) {
      for (double[] row : w) {
        java.util.Arrays.fill(row, 1.0);
      }
    }
    return new DenseLayer(w, new double[units], spec.activation(), domain.describe());
  }

  // ------------------------------------------------------------------------------------------------- encoding

  void encode(Model model, LayerSignals in, TrainingConfig cfg, ReluFormulation reluFormulation,
      BinaryProductFormulation products) {
    inputMasks = in.masks();
    createWeights(model);
    createBiases(model);
    if (hidden && cfg.pruneNeurons()) {
      createMasks(model, cfg);
    }
    if (prunable && cfg.pruneLayers()) {
      createLayerSwitch(model, cfg);
    }
    regularisation = regularisation.plus(weights.regularise(model, cfg.l1(), cfg.l0(),
        p -> "[l" + layer + ",u" + (p / inputs) + ",i" + (p % inputs) + "]"));
    buildPreActivations(model, in, products);
    activation = new EncodedActivation(model, spec.activation(), pre, reluFormulation,
        cfg.encoding() == Encoding.INDICATOR, "l" + layer);
    output = new LayerSignals(activation.output, masks);
    if (hidden && cfg.symmetryBreaking() && layerSwitch == null && !pinned) {
      // A switchable layer's units are tied to its inputs' order when it is the identity: no ordering of its own.
      SymmetryBreaking.order(model, masks, biases, gridBias ? scale() : biasBound, "l" + layer);
    }
  }

  private void createWeights(Model model) {
    java.util.function.IntFunction<String> name = p -> "[l" + layer + ",u" + (p / inputs) + ",i" + (p % inputs) + "]";
    weights = WeightParams.of(model, domain, units * inputs, name, "weight", "weight");
    if (domain instanceof WeightDomain.Continuous || domain instanceof WeightDomain.IntegerGrid) {
      if (inputMasks != null) {
        // A removed input (feature or unit) forces the weight to 0.
        for (int p = 0; p < units * inputs; p++) {
          weights.zeroUnless(model, p, inputMasks[p % inputs], "fmask" + name.apply(p));
        }
      }
      return;
    }
    boolean sign = domain instanceof WeightDomain.Sign;
    for (int p = 0; p < units * inputs; p++) {
      // A sign weight is +-1 exactly when its source unit is alive; a ternary weight may be 0 anyway.
      Var source = inputMasks == null ? null : inputMasks[p % inputs];
      LinearExpr rhs = source == null ? LinearExpr.constant(1.0) : LinearExpr.of(source);
      LinearExpr diff = weights.used(p).plus(rhs.times(-1.0));
      if (sign) {
        model.addEquality("wsign" + name.apply(p), diff, 0.0);
      } else {
        model.addLessOrEqual("wtern" + name.apply(p), diff, 0.0);
      }
    }
  }

  private void createBiases(Model model) {
    java.util.function.IntFunction<String> name = j -> "[l" + layer + ",u" + j + "]";
    if (gridBias) {
      biases = WeightParams.of(model, biasGrid(domain), units, name, "bias", "bias");
      for (int j = 0; j < units && biases.isGrid(); j++) {
        model.addLessOrEqual("btern" + name.apply(j), biases.used(j), 1.0);
      }
    } else {
      biases = WeightParams.continuous(model, biasBound, units, name, "bias", "bias");
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
        weights.zeroUnless(model, param(j, k), masks[j], "nmask[l" + layer + ",u" + j + ",i" + k + "]");
      }
      biases.zeroUnless(model, j, masks[j], "nmask_b" + n);
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
          LinearExpr.Builder row = LinearExpr.builder().add(level(j, k, true)).add(layerSwitch);
          if (inputMasks != null) {
            row.add(-1.0, inputMasks[k]);
            model.addGreaterOrEqual("lswitch_diag" + n, row.build(), 0.0);
          } else {
            model.addGreaterOrEqual("lswitch_diag" + n, row.build(), 1.0);
          }
          model.addLessOrEqual("lswitch_neg" + n,
              LinearExpr.builder().add(level(j, k, false)).add(-1.0, layerSwitch).build(), 0.0);
        } else {
          weights.zeroUnless(model, param(j, k), layerSwitch, "lswitch_off" + n);
        }
      }
      biases.zeroUnless(model, j, layerSwitch, "lswitch_b[l" + layer + ",u" + j + "]");
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

  private void buildPreActivations(Model model, LayerSignals in, BinaryProductFormulation products) {
    LinearExpr[][] exprs = new LinearExpr[samples][units];
    for (int i = 0; i < samples; i++) {
      for (int j = 0; j < units; j++) {
        LinearExpr.Builder a = LinearExpr.builder(inputs + 2).add(biasExpr(j));
        for (int k = 0; k < inputs; k++) {
          a.add(weights.times(model, param(j, k), in.signals()[i][k], products, i, k,
              "[l" + layer + ",s" + i + ",u" + j + ",i" + k + "]"));
        }
        exprs[i][j] = a.build();
      }
    }
    pre = bounded(model, exprs, spec.activation() == io.milpnet.formulation.activation.Activation.LINEAR);
  }

  // ------------------------------------------------------------------------------------------------- decoding

  @Override
  protected DenseLayer decode(double[] values) {
    double[][] w = new double[units][inputs];
    double[] bias = new double[units];
    for (int j = 0; j < units; j++) {
      boolean pruned = masks != null && Math.rint(values[masks[j].index()]) == 0.0;
      for (int k = 0; k < inputs; k++) {
        boolean zeroedByFeature = !gridWeights() && inputMasks != null
            && Math.rint(values[inputMasks[k].index()]) == 0.0;
        // Neuron and feature masks at 0 force an exact 0 (within feasibility tolerance).
        w[j][k] = pruned || zeroedByFeature ? 0.0 : weights.decode(values, param(j, k));
      }
      bias[j] = pruned ? 0.0 : biases.decode(values, j);
    }
    boolean off = layerSwitch != null && Math.rint(values[layerSwitch.index()]) == 0.0;
    return new DenseLayer(w, bias, spec.activation(), off ? "identity (layer pruned)" : domain.describe());
  }

  @Override
  protected DenseLayer magnitude() {
    double[][] w = new double[units][inputs];
    for (double[] row : w) {
      java.util.Arrays.fill(row, weights.maxAbs());
    }
    return new DenseLayer(w, new double[units], io.milpnet.formulation.activation.Activation.LINEAR, "magnitude");
  }

  // ------------------------------------------------------------------------------------------------- start values

  @Override
  protected double[][] assign(double[] values, NetworkLayer layerParams, double[][] inputValues, boolean[] unitAlive,
      boolean[] inputAlive) {
    DenseLayer params = (DenseLayer) layerParams;
    if (layerSwitch != null) {
      values[layerSwitch.index()] = isSwitchedOff(params, inputAlive) ? 0 : 1;
    }
    for (int j = 0; j < units; j++) {
      for (int k = 0; k < inputs; k++) {
        double wjk = params.weights()[j][k];
        String label = "layer " + layer + " weight (" + j + "," + k + ")";
        if (domain instanceof WeightDomain.Sign && (inputMasks == null || inputAlive[k]) != (wjk != 0.0)) {
          throw new IllegalArgumentException(label + " = " + wjk + " is not a sign weight consistent with its unit's"
              + " mask");
        }
        weights.assign(values, param(j, k), wjk, label);
      }
      biases.assign(values, j, params.bias()[j], "layer " + layer + " bias " + j);
      if (masks != null) {
        values[masks[j].index()] = unitAlive[j] ? 1 : 0;
      }
    }
    weights.assignProducts(values, inputValues);
    return assignActivations(values, params, inputValues);
  }

  @Override
  protected GradientDescent.Domain parameterDomain() {
    return new GradientDescent.Domain(domain, biasBound, gridBias);
  }

  @Override
  protected DenseLayer withRaisedBiases(NetworkLayer decoded, double[] raise) {
    DenseLayer d = (DenseLayer) decoded;
    double[] b = d.bias().clone();
    for (int j = 0; j < b.length; j++) {
      b[j] += 2 * raise[j];
    }
    return new DenseLayer(d.weights(), b, d.activation(), d.domain());
  }
}
