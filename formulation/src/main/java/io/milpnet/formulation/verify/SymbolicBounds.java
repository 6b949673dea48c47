package io.milpnet.formulation.verify;

import io.milpnet.core.bounds.Interval;
import java.util.Arrays;
import java.util.List;

/**
 * Symbolic bound propagation through a fixed network over an input box, by back-substitution of linear relaxations
 * (the DeepPoly / CROWN family): every unstable ReLU {@code h = max(0, z)} with {@code z in [l, u]} is enclosed
 * between a lower line {@code h >= s z} ({@code s} = 1 when {@code u > -l}, else 0) and the chord
 * {@code h <= u (z - l) / (u - l)}; a linear function of a layer's outputs is bounded by substituting, layer by layer
 * down to the inputs, the line that bounds each term in the right direction, then maximising over the box. Unlike
 * interval arithmetic this keeps the dependencies between units, so the bounds stay tight through deep networks;
 * each unit's pre-activation bound is intersected with its interval bound, so it is never looser. Every layer kind
 * gives its own lines ({@link VerificationLayer#relax}): the ReLU lines above for affine layers (dense, convolution,
 * average pooling), a candidate below and a dominating candidate or a constant above for max pooling, the value or a
 * constant for a gate the bounds leave undecided.
 *
 * <p>Cost: one back-substitution per unit, {@code O(units x weights)} for the whole network, milliseconds for ACAS
 * Xu, where an LP per unit takes seconds.
 *
 * <p>Soundness in floating point: every bound is widened by {@value #SAFETY} relative to the magnitude of the terms
 * summed into it, far above the rounding error of the sums.
 */
public final class SymbolicBounds {
  static final double SAFETY = 1e-9;

  private final List<VerificationLayer> layers;
  private final double[] lo;
  private final double[] hi;
  /** Each layer's bounds and relaxation ({@link VerificationLayer#relax}). */
  private final VerificationLayer.Relaxation[] relaxations;
  private int unstable;

  private SymbolicBounds(List<VerificationLayer> layers, double[] lo, double[] hi) {
    this.layers = layers;
    this.lo = lo.clone();
    this.hi = hi.clone();
    relaxations = new VerificationLayer.Relaxation[layers.size()];
  }

  /** Propagates bounds through every layer of the network over the box {@code [lo, hi]}. */
  public static SymbolicBounds over(FixedNetwork network, double[] lo, double[] hi) {
    if (lo.length != network.inputs() || hi.length != network.inputs()) {
      throw new IllegalArgumentException("the box has " + lo.length + " dimensions, the network " + network.inputs()
          + " inputs");
    }
    network.requireVerifiable();
    SymbolicBounds b = new SymbolicBounds(network.verification(), lo, hi);
    double[] hLo = lo.clone();
    double[] hHi = hi.clone();
    for (int l = 0; l < b.layers.size(); l++) {
      int below = l - 1;
      VerificationLayer.UpperBound earlier = l == 0
          ? VerificationLayer.UpperBound.NONE
          : (c, c0) -> b.maxOverBox(c, c0, below);
      VerificationLayer.Relaxation r = b.layers.get(l).relax(hLo, hHi, earlier);
      b.relaxations[l] = r;
      b.unstable += r.unstable();
      hLo = r.outLo();
      hHi = r.outHi();
    }
    return b;
  }

  /**
   * An upper bound of {@code c . h_layer + c0} over the box, where {@code h_layer} are the outputs of layer
   * {@code layer} (after its activation; -1 for the inputs themselves).
   */
  private double maxOverBox(double[] c, double c0, int layer) {
    return -minimum(negate(upperLine(c, c0, layer)));
  }

  /**
   * A linear function of the inputs, {@code [coefficients..., constant]}, that is at least {@code c . h_layer + c0}
   * everywhere in the box: the back-substitution of the relaxations, with the safety margin in the constant.
   */
  private double[] upperLine(double[] c, double c0, int layer) {
    double[] coef = c.clone();
    VerificationLayer.Constant constant = new VerificationLayer.Constant(c0);
    for (int l = layer; l >= 0; l--) {
      coef = relaxations[l].upper(coef, constant);
    }
    double[] line = Arrays.copyOf(coef, coef.length + 1);
    line[coef.length] = constant.value + SAFETY * (1 + constant.magnitude);
    return line;
  }

  /**
   * A linear function of the inputs, {@code [coefficients..., constant]}, that is at most {@code cx . X + cy . Y}
   * everywhere in the box (the outputs Y of the network at X). Its minimum over the box is {@link #lowerBound}; its
   * coefficients times the box's widths say which inputs the bound depends on most.
   */
  public double[] lowerLine(double[] cx, double[] cy) {
    double[] line = upperLine(negate(cy), 0, layers.size() - 1);
    for (int i = 0; i < line.length; i++) {
      line[i] = -line[i];
    }
    for (int i = 0; i < cx.length; i++) {
      line[i] += cx[i];
    }
    return line;
  }

  /** The minimum of a linear function {@code [coefficients..., constant]} over the box, rounded down safely. */
  public double minimum(double[] line) {
    double min = line[line.length - 1];
    double mag = 0;
    for (int i = 0; i < lo.length; i++) {
      double t = line[i] >= 0 ? line[i] * lo[i] : line[i] * hi[i];
      min += t;
      mag += Math.abs(t);
    }
    return min - SAFETY * mag;
  }

  /** The box's corner where a linear function {@code [coefficients..., constant]} is smallest. */
  public double[] minimiser(double[] line) {
    double[] x = new double[lo.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = line[i] >= 0 ? lo[i] : hi[i];
    }
    return x;
  }

  /** A lower bound of {@code cx . X + cy . Y} over the box. */
  public double lowerBound(double[] cx, double[] cy) {
    return minimum(lowerLine(cx, cy));
  }

  /** The width of the box along each input times the absolute coefficient of a line: what splitting would gain. */
  public double[] influence(double[] line) {
    double[] influence = new double[lo.length];
    for (int i = 0; i < influence.length; i++) {
      influence[i] = Math.abs(line[i]) * (hi[i] - lo[i]);
    }
    return influence;
  }

  /**
   * The pre-activation bounds of unit {@code j} of layer {@code layer} (0-based): of what the layer computes before
   * its nonlinearity (a max-pooling unit: its maximum; a gated layer: its units' values, then their gates).
   */
  public Interval preActivation(int layer, int j) {
    return new Interval(relaxations[layer].preLo()[j], relaxations[layer].preHi()[j]);
  }

  /** The bounds of the outputs of unit {@code j} of layer {@code layer} (0-based). */
  public Interval output(int layer, int j) {
    return new Interval(relaxations[layer].outLo()[j], relaxations[layer].outHi()[j]);
  }

  /**
   * ReLUs whose pre-activation bounds straddle 0 and gates the bounds do not decide: the binaries an exact encoding
   * needs, max pooling aside.
   */
  public int unstable() {
    return unstable;
  }

  private static double[] negate(double[] v) {
    double[] r = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = -v[i];
    }
    return r;
  }
}
