package io.milpnet.formulation.layer.gate;

import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.layer.dense.AffineGradient;
import io.milpnet.formulation.layer.dense.DenseLayer;
import io.milpnet.formulation.network.Differentiable;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.OperatorGraph;
import java.util.Objects;

/**
 * A gated layer: unit j outputs its pre-activation {@code a_j = W_j . x + b_j} when its hard gate
 * {@code U_j . x + c_j >= 0} is open, and 0 when it is closed. The gate is learned like the weights.
 */
public record GateLayer(double[][] weights, double[] bias, double[][] gateWeights, double[] gateBias, String domain)
    implements NetworkLayer {

  public GateLayer {
    Objects.requireNonNull(gateWeights, "gateWeights");
    Objects.requireNonNull(gateBias, "gateBias");
    DenseLayer values = new DenseLayer(weights, bias, Activation.LINEAR, domain);
    DenseLayer gates = new DenseLayer(gateWeights, gateBias, Activation.LINEAR, domain);
    if (values.units() != gates.units() || values.inputs() != gates.inputs()) {
      throw new IllegalArgumentException("a gate layer's gates (" + gates.units() + "x" + gates.inputs()
          + ") must match its weights (" + values.units() + "x" + values.inputs() + ")");
    }
    domain = domain == null ? "" : domain;
  }

  private DenseLayer values() {
    return new DenseLayer(weights, bias, Activation.LINEAR, domain);
  }

  private DenseLayer gates() {
    return new DenseLayer(gateWeights, gateBias, Activation.LINEAR, domain);
  }

  /** The gates' pre-activations {@code U x + c}; a gate is open when its value is {@code >= 0}. */
  public double[] gateValues(double[] in) {
    return DenseLayer.affine(gateWeights, gateBias, in);
  }

  @Override
  public boolean positivelyHomogeneous() {
    return true;
  }

  @Override
  public NetworkLayer withGroupsPermuted(Integer[] order) {
    double[][] w = new double[order.length][];
    double[][] u = new double[order.length][];
    double[] b = new double[order.length];
    double[] c = new double[order.length];
    for (int j = 0; j < order.length; j++) {
      w[j] = weights[order[j]];
      u[j] = gateWeights[order[j]];
      b[j] = bias[order[j]];
      c[j] = gateBias[order[j]];
    }
    return new GateLayer(w, b, u, c, domain);
  }

  @Override
  public NetworkLayer withInputGroupsPermuted(Integer[] order, int block) {
    return new GateLayer(DenseLayer.permuteColumns(weights, order, block), bias,
        DenseLayer.permuteColumns(gateWeights, order, block), gateBias, domain);
  }

  @Override
  public Differentiable differentiable() {
    return new AffineGradient(weights, bias, Activation.LINEAR, gateWeights, gateBias);
  }

  @Override
  public String kindKey() {
    return "gate";
  }

  @Override
  public int inputs() {
    return values().inputs();
  }

  @Override
  public int units() {
    return bias.length;
  }

  /** The gating is not an activation of the pre-activation alone: see {@link #outputs}. */
  @Override
  public Activation activation() {
    return Activation.LINEAR;
  }

  @Override
  public double[] preActivations(double[] in) {
    return DenseLayer.affine(weights, bias, in);
  }

  @Override
  public double[] outputs(double[] in, double[] a) {
    double[] g = gateValues(in);
    double[] h = new double[a.length];
    for (int j = 0; j < a.length; j++) {
      h[j] = g[j] >= 0 ? a[j] : 0.0;
    }
    return h;
  }

  @Override
  public int nonzeroWeights() {
    return values().nonzeroWeights() + gates().nonzeroWeights();
  }

  @Override
  public int totalWeights() {
    return 2 * values().totalWeights();
  }

  @Override
  public boolean hasInput(int j) {
    return values().hasInput(j);
  }

  @Override
  public boolean reads(int j, int k) {
    return weights[j][k] != 0.0 || gateWeights[j][k] != 0.0;
  }

  /** A hard gate is a step: not an affine layer with a piecewise-linear continuous activation. */
  @Override
  public DenseLayer toDense() {
    throw new UnsupportedOperationException("a gated layer is not an affine layer with a continuous activation");
  }

  /** Its exact form: the values {@code W x + b} where the gates {@code U x + c} are at least 0, else 0. */
  @Override
  public String export(OperatorGraph graph, String in) {
    return graph.whereNonNegative(graph.gemm(in, gateWeights, gateBias), graph.gemm(in, weights, bias),
        graph.scalar(0));
  }
}
