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

  /**
   * {@link #lowerLine} with the lower slopes of the unstable ReLUs optimised for this one function (alpha-CROWN,
   * the pre-activation bounds of every layer kept): {@code steps} projected sign-gradient steps on the slopes, each
   * one back-substitution and one forward pass of the relaxation at the corner where the bound is attained; the
   * best line met, never worse than the plain one. Sound whatever the slopes: every slope in [0, 1] gives a lower
   * line of {@code max(0, z)}. The plain line when some layer offers no slopes or cannot evaluate its relaxation.
   */
  public double[] optimisedLowerLine(double[] cx, double[] cy, int steps) {
    double[] best = lowerLine(cx, cy);
    int depth = layers.size();
    double[][] slopes = new double[depth][];
    boolean any = false;
    for (int l = 0; l < depth; l++) {
      slopes[l] = relaxations[l].lowerSlopes();
      any |= slopes[l] != null;
    }
    if (!any || steps <= 0) {
      return best;
    }
    double bestValue = minimum(best);
    double[][] coefs = new double[depth][];
    double step = OPTIMISED_FIRST_STEP;
    for (int it = 0; it < steps; it++) {
      // The lower bound of cx.X + cy.Y is minus the upper bound of -cy.Y, plus cx.X: back-substitute -cy,
      // keeping each layer's output coefficients for the gradient.
      double[] coef = negate(cy);
      VerificationLayer.Constant constant = new VerificationLayer.Constant(0);
      for (int l = depth - 1; l >= 0; l--) {
        coefs[l] = coef;
        coef = relaxations[l].upper(coef, constant, slopes[l]);
      }
      double[] line = new double[coef.length + 1];
      for (int i = 0; i < coef.length; i++) {
        line[i] = cx[i] - coef[i];
      }
      line[coef.length] = -(constant.value + SAFETY * (1 + constant.magnitude));
      double value = minimum(line);
      if (value > bestValue) {
        bestValue = value;
        best = line;
      }
      if (it == steps - 1) {
        break;
      }
      // d(upper bound)/d(slope_j) = c_j z_j at the corner where the bound is attained (the corner minimising the
      // lower line maximises the upper one): a step against its sign lowers the upper bound, raises the lower one.
      double[] v = minimiser(line);
      boolean moved = false;
      for (int l = 0; l < depth; l++) {
        double[] pre = new double[relaxations[l].preLo().length];
        double[] out = relaxations[l].relaxedForward(v, coefs[l], slopes[l], pre);
        if (out == null) {
          return best;
        }
        if (slopes[l] != null) {
          for (int j = 0; j < pre.length; j++) {
            double g = coefs[l][j] * pre[j];
            if (!Double.isNaN(slopes[l][j]) && coefs[l][j] < 0 && g != 0) {
              double next = Math.max(0, Math.min(1, slopes[l][j] - Math.signum(g) * step));
              moved |= next != slopes[l][j];
              slopes[l][j] = next;
            }
          }
        }
        v = out;
      }
      if (!moved) {
        break;
      }
      step *= OPTIMISED_DECAY;
    }
    return best;
  }

  /** The first step of {@link #optimisedLowerLine} on the slopes, and its decay per step. */
  static final double OPTIMISED_FIRST_STEP = 0.5;

  static final double OPTIMISED_DECAY = 0.7;

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
