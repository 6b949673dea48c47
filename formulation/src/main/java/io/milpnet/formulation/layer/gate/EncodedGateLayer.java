package io.milpnet.formulation.layer.gate;

import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;
import io.milpnet.formulation.encode.BinaryProductFormulation;
import io.milpnet.formulation.encode.GateFormulation;
import io.milpnet.formulation.encode.ReluOutput;
import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.encode.StepFormulation;
import io.milpnet.formulation.layer.dense.EncodedDenseLayer;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.spec.Shape;
import io.milpnet.formulation.train.EncodedLayer;
import io.milpnet.formulation.train.Encoding;
import io.milpnet.formulation.train.GradientDescent;
import io.milpnet.formulation.train.LayerAssembly;
import io.milpnet.formulation.train.LayerExactness;
import io.milpnet.formulation.train.LayerSignals;
import io.milpnet.formulation.train.SymmetryBreaking;
import io.milpnet.formulation.train.TrainingConfig;
import io.milpnet.formulation.train.WeightDomain;
import io.milpnet.formulation.train.WeightDomainPolicy;
import io.milpnet.formulation.train.WeightParams;

/**
 * A gated layer of the training MILP. Per sample i and unit j: the value {@code a_ij = W_j . x_i + b_j}, the gate
 * {@code gamma_ij = U_j . x_i + c_j}, and the output by the {@link GateFormulation} that verification uses too: its
 * state {@code g_ij = [gamma_ij >= 0]} by the step formulation (g = 1 asks {@code gamma >= 0}, g = 0 asks
 * {@code gamma <= -1e-4}, a sliver excluded as for the step activation), and {@code h_ij = g_ij a_ij} as an exact
 * product of a binary and a bounded value (big-M rows from a's bounds, or indicators). W, U are continuous when fed
 * by data, on the layer's grid otherwise, exactly like a dense layer's.
 */
public final class EncodedGateLayer extends EncodedLayer {
  final GateSpec spec;
  public final WeightDomain domain;
  final boolean gridBias;
  final double biasBound;
  WeightParams weights;
  WeightParams biases;
  WeightParams gateWeights;
  WeightParams gateBiases;
  Signal[][] gatePre;
  ReluOutput[][] gate;
  Var[][] product;

  EncodedGateLayer(int layer, GateSpec spec, WeightDomain domain, boolean gridBias, double biasBound, int inputs,
      int samples) {
    super(layer, true, spec.units(), inputs, samples);
    this.spec = spec;
    this.domain = domain;
    this.gridBias = gridBias;
    this.biasBound = biasBound;
  }

  int param(int j, int k) {
    return j * inputs + k;
  }

  void encode(Model model, LayerSignals in, TrainingConfig cfg, BinaryProductFormulation products) {
    if (domain instanceof WeightDomain.Sign) {
      throw new IllegalArgumentException("sign weights are not a gate layer's domain");
    }
    boolean indicators = cfg.encoding() == Encoding.INDICATOR;
    weights = params(model, "", units * inputs, false);
    gateWeights = params(model, "gate", units * inputs, false);
    biases = params(model, "", units, true);
    gateBiases = params(model, "gate", units, true);
    regularisation = regularisation
        .plus(weights.regularise(model, cfg.l1(), cfg.l0(), p -> "[l" + layer + ",u" + (p / inputs) + ",i"
            + (p % inputs) + "]"))
        .plus(gateWeights.regularise(model, cfg.l1(), cfg.l0(), p -> "_gate[l" + layer + ",u" + (p / inputs) + ",i"
            + (p % inputs) + "]"));
    Signal[][] values = affine(model, in, weights, biases, products, "");
    gatePre = affine(model, in, gateWeights, gateBiases, products, "gate");
    pre = values;
    GateFormulation gated = new GateFormulation(indicators, StepFormulation.GAP);
    gate = new ReluOutput[samples][units];
    product = new Var[samples][units];
    Signal[][] out = new Signal[samples][units];
    for (int i = 0; i < samples; i++) {
      for (int j = 0; j < units; j++) {
        String n = "_gate[l" + layer + ",s" + i + ",u" + j + "]";
        GateFormulation.GateOutput unit = gated.encode(model, values[i][j], gatePre[i][j], n);
        gate[i][j] = unit.gate();
        product[i][j] = unit.product();
        out[i][j] = unit.output();
      }
    }
    output = new LayerSignals(out, null);
    if (cfg.symmetryBreaking()) {
      // Units (each with its gate) are interchangeable: order them by the bias of their value.
      SymmetryBreaking.order(model, null, biases, gridBias ? domain.maxAbs() : biasBound, "l" + layer);
    }
  }

  private WeightParams params(Model model, String what, int size, boolean bias) {
    String prefix = what.isEmpty() ? "" : "_" + what;
    java.util.function.IntFunction<String> name = bias
        ? j -> prefix + "[l" + layer + ",u" + j + "]"
        : p -> prefix + "[l" + layer + ",u" + (p / inputs) + ",i" + (p % inputs) + "]";
    String kind = bias ? "bias" : "weight";
    WeightParams params;
    if (bias) {
      params = gridBias ? WeightParams.of(model, EncodedDenseLayer.biasGrid(domain), size, name, kind, kind)
          : WeightParams.continuous(model, biasBound, size, name, kind, kind);
    } else {
      params = WeightParams.of(model, domain, size, name, kind, kind);
    }
    for (int p = 0; params.isGrid() && p < size; p++) {
      model.addLessOrEqual((bias ? "btern" : "wtern") + name.apply(p), params.used(p), 1.0);
    }
    return params;
  }

  private Signal[][] affine(Model model, LayerSignals in, WeightParams w, WeightParams b,
      BinaryProductFormulation products, String what) {
    LinearExpr[][] exprs = new LinearExpr[samples][units];
    for (int i = 0; i < samples; i++) {
      for (int j = 0; j < units; j++) {
        LinearExpr.Builder a = LinearExpr.builder(inputs + 2).add(b.expr(j));
        for (int k = 0; k < inputs; k++) {
          a.add(w.times(model, param(j, k), in.signals()[i][k], products, i, k,
              what + "[l" + layer + ",s" + i + ",u" + j + ",i" + k + "]"));
        }
        exprs[i][j] = a.build();
      }
    }
    return bounded(model, exprs, true);
  }

  /** What the solution claims about sample i's gate j: open (1) or closed (0); -1 when the bounds decide it. */
  int claimedGate(double[] values, int i, int j) {
    return gate[i][j].phase() == null ? -1 : (int) Math.rint(values[gate[i][j].phase().index()]);
  }

  /** The gates' weights {@code U} are trained by the MILP too: they are priced like the values' weights. */
  /** Every gate the solution claims open has {@code U x + c >= 0} in the forward pass, every closed one {@code < 0}. */
  /** The gate layer of {@code spec}, encoded: its domain, bias bound and gate formulation. */
  static EncodedLayer build(LayerSpec spec, int number, Shape in, boolean hidden, LayerSignals signals,
      LayerAssembly a) {
    boolean fedByData = WeightDomainPolicy.constant(signals);
    WeightDomain domain = a.domains().domainOf(fedByData, false);
    double biasBound = a.domains().biasBound(domain, signals, null, null);
    EncodedGateLayer layer = new EncodedGateLayer(number, (GateSpec) spec, domain, a.config().gridBiases(), biasBound,
        signals.width(), signals.samples());
    layer.tightener = a.bounds();
    layer.encode(a.model(), signals, a.config(), a.products());
    LayerExactness e = a.domains().describe(fedByData, domain, biasBound, false, number);
    a.exactness().add(new LayerExactness(number, e.weights(), e.bias(), true, e.note() + "; gates g = [U x + c >= 0]"
        + " by the step formulation (closed asks U x + c <= -1e-4), outputs g a as exact products"));
    return layer;
  }

  @Override
  protected boolean ordersGroups() {
    return hidden;
  }

  @Override
  protected String checkSample(NetworkLayer decoded, int i, double[] values, double[] in, double tolerance) {
    double[] g = ((GateLayer) decoded).gateValues(in);
    for (int j = 0; j < units; j++) {
      int claimed = claimedGate(values, i, j);
      if ((claimed == 1 && g[j] < -tolerance) || (claimed == 0 && g[j] > tolerance)) {
        return "layer " + layer + " unit " + j + " gate " + (claimed == 1 ? "open" : "closed")
            + " but its value is " + g[j];
      }
    }
    return null;
  }

  @Override
  protected NetworkLayer zeroLayer() {
    return new GateLayer(new double[units][inputs], new double[units], new double[units][inputs], new double[units],
        domain.describe());
  }

  @Override
  protected double weightPenalty(NetworkLayer layer, TrainingConfig config) {
    GateLayer gate = (GateLayer) layer;
    double total = penalty(gate.differentiable().weights(), config, 0.0);
    for (double[] row : gate.gateWeights()) {
      total = penalty(row, config, total);
    }
    return total;
  }

  @Override
  protected java.util.List<Var> sampleBinaries(int i) {
    java.util.List<Var> out = new java.util.ArrayList<>();
    for (ReluOutput g : gate[i]) {
      if (g.phase() != null) {
        out.add(g.phase());
      }
    }
    return out;
  }

  @Override
  protected GateLayer decode(double[] values) {
    double[][] w = new double[units][inputs];
    double[][] u = new double[units][inputs];
    double[] b = new double[units];
    double[] c = new double[units];
    for (int j = 0; j < units; j++) {
      for (int k = 0; k < inputs; k++) {
        w[j][k] = weights.decode(values, param(j, k));
        u[j][k] = gateWeights.decode(values, param(j, k));
      }
      b[j] = biases.decode(values, j);
      c[j] = gateBiases.decode(values, j);
    }
    return new GateLayer(w, b, u, c, domain.describe());
  }

  @Override
  protected double[][] assign(double[] values, NetworkLayer layerParams, double[][] inputValues, boolean[] unitAlive,
      boolean[] inputAlive) {
    GateLayer params = (GateLayer) layerParams;
    for (int j = 0; j < units; j++) {
      for (int k = 0; k < inputs; k++) {
        weights.assign(values, param(j, k), params.weights()[j][k], "layer " + layer + " weight (" + j + "," + k
            + ")");
        gateWeights.assign(values, param(j, k), params.gateWeights()[j][k], "layer " + layer + " gate weight (" + j
            + "," + k + ")");
      }
      biases.assign(values, j, params.bias()[j], "layer " + layer + " bias " + j);
      gateBiases.assign(values, j, params.gateBias()[j], "layer " + layer + " gate bias " + j);
    }
    weights.assignProducts(values, inputValues);
    gateWeights.assignProducts(values, inputValues);
    double[][] out = new double[samples][];
    for (int i = 0; i < samples; i++) {
      double[] a = params.preActivations(inputValues[i]);
      double[] g = params.gateValues(inputValues[i]);
      out[i] = new double[units];
      for (int j = 0; j < units; j++) {
        out[i][j] = g[j] >= 0 ? a[j] : 0.0;
        if (gate[i][j].phase() != null) {
          values[gate[i][j].phase().index()] = g[j] >= 0 ? 1 : 0;
          values[product[i][j].index()] = out[i][j];
        }
      }
    }
    return out;
  }

  @Override
  protected GradientDescent.Domain parameterDomain() {
    return new GradientDescent.Domain(domain, biasBound, gridBias);
  }
}
