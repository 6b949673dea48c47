package io.milpnet.formulation.verify;

import io.milpnet.core.bounds.Interval;
import io.milpnet.formulation.network.DenseLayer;
import io.milpnet.formulation.spec.Activation;
import java.util.Arrays;
import java.util.List;

/**
 * Symbolic bound propagation through a fixed network over an input box, by back-substitution of linear relaxations
 * (the DeepPoly / CROWN family): every unstable ReLU {@code h = max(0, z)} with {@code z in [l, u]} is enclosed
 * between a lower line {@code h >= s z} ({@code s} = 1 when {@code u > -l}, else 0) and the chord
 * {@code h <= u (z - l) / (u - l)}; a linear function of a layer's outputs is bounded by substituting, layer by layer
 * down to the inputs, the line that bounds each term in the right direction, then maximising over the box. Unlike
 * interval arithmetic this keeps the dependencies between units, so the bounds stay tight through deep networks;
 * each unit's pre-activation bound is intersected with its interval bound, so it is never looser.
 *
 * <p>Cost: one back-substitution per unit, {@code O(units x weights)} for the whole network, milliseconds for ACAS
 * Xu, where an LP per unit takes seconds.
 *
 * <p>Soundness in floating point: every bound is widened by {@value #SAFETY} relative to the magnitude of the terms
 * summed into it, far above the rounding error of the sums.
 */
public final class SymbolicBounds {
  static final double SAFETY = 1e-9;

  private final List<DenseLayer> layers;
  private final double[] lo;
  private final double[] hi;
  /** Pre-activation bounds per layer and unit. */
  private final double[][] preLo;
  private final double[][] preHi;
  /** Relaxation of each unit's activation: {@code lowSlope z <= h <= upSlope z + upIntercept}. */
  private final double[][] lowSlope;
  private final double[][] upSlope;
  private final double[][] upIntercept;
  private int unstable;

  private SymbolicBounds(List<DenseLayer> layers, double[] lo, double[] hi) {
    this.layers = layers;
    this.lo = lo.clone();
    this.hi = hi.clone();
    int n = layers.size();
    preLo = new double[n][];
    preHi = new double[n][];
    lowSlope = new double[n][];
    upSlope = new double[n][];
    upIntercept = new double[n][];
  }

  /** Propagates bounds through every layer of the network over the box {@code [lo, hi]}. */
  public static SymbolicBounds over(FixedNetwork network, double[] lo, double[] hi) {
    if (lo.length != network.inputs() || hi.length != network.inputs()) {
      throw new IllegalArgumentException("the box has " + lo.length + " dimensions, the network " + network.inputs()
          + " inputs");
    }
    network.requireVerifiable();
    SymbolicBounds b = new SymbolicBounds(network.layers(), lo, hi);
    double[] hLo = lo.clone();
    double[] hHi = hi.clone();
    for (int l = 0; l < b.layers.size(); l++) {
      DenseLayer layer = b.layers.get(l);
      int units = layer.units();
      b.preLo[l] = new double[units];
      b.preHi[l] = new double[units];
      for (int j = 0; j < units; j++) {
        double[] w = layer.weights()[j];
        // Interval bound from the previous layer's output intervals.
        double iLo = layer.bias()[j];
        double iHi = layer.bias()[j];
        double mag = Math.abs(layer.bias()[j]);
        for (int k = 0; k < w.length; k++) {
          double a = w[k] * hLo[k];
          double c = w[k] * hHi[k];
          iLo += Math.min(a, c);
          iHi += Math.max(a, c);
          mag += Math.max(Math.abs(a), Math.abs(c));
        }
        double slack = SAFETY * (1 + mag);
        iLo -= slack;
        iHi += slack;
        if (l == 0) {
          // The first layer is linear in the box: its interval bound is exact.
          b.preLo[l][j] = iLo;
          b.preHi[l][j] = iHi;
        } else {
          b.preLo[l][j] = Math.max(iLo, -b.maxOverBox(negate(w), -layer.bias()[j], l - 1));
          b.preHi[l][j] = Math.min(iHi, b.maxOverBox(w, layer.bias()[j], l - 1));
        }
      }
      b.relax(l);
      hLo = new double[units];
      hHi = new double[units];
      for (int j = 0; j < units; j++) {
        hLo[j] = layer.activation().apply(b.preLo[l][j]);
        hHi[j] = layer.activation().apply(b.preHi[l][j]);
      }
    }
    return b;
  }

  private void relax(int l) {
    DenseLayer layer = layers.get(l);
    int units = layer.units();
    lowSlope[l] = new double[units];
    upSlope[l] = new double[units];
    upIntercept[l] = new double[units];
    for (int j = 0; j < units; j++) {
      double zl = preLo[l][j];
      double zu = preHi[l][j];
      if (layer.activation() == Activation.LINEAR || zl >= 0) {
        lowSlope[l][j] = 1;
        upSlope[l][j] = 1;
      } else if (zu <= 0) {
        // h = 0: both lines are 0.
      } else {
        unstable++;
        double s = zu / (zu - zl);
        upSlope[l][j] = s;
        upIntercept[l][j] = -s * zl;
        lowSlope[l][j] = zu > -zl ? 1 : 0;
      }
    }
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
    double constant = c0;
    double mag = Math.abs(c0);
    for (int l = layer; l >= 0; l--) {
      DenseLayer dl = layers.get(l);
      // Through the activation: c_j h_j <= c_j (upper line) when c_j >= 0, c_j (lower line) otherwise.
      double[] d = new double[coef.length];
      for (int j = 0; j < coef.length; j++) {
        if (coef[j] >= 0) {
          d[j] = coef[j] * upSlope[l][j];
          double t = coef[j] * upIntercept[l][j];
          constant += t;
          mag += Math.abs(t);
        } else {
          d[j] = coef[j] * lowSlope[l][j];
        }
      }
      // Through the affine map z = W h + b.
      double[] next = new double[dl.inputs()];
      for (int j = 0; j < d.length; j++) {
        if (d[j] == 0) {
          continue;
        }
        double t = d[j] * dl.bias()[j];
        constant += t;
        mag += Math.abs(t);
        double[] w = dl.weights()[j];
        for (int k = 0; k < w.length; k++) {
          next[k] += d[j] * w[k];
        }
      }
      coef = next;
    }
    double[] line = Arrays.copyOf(coef, coef.length + 1);
    line[coef.length] = constant + SAFETY * (1 + mag);
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

  /** The pre-activation bounds of unit {@code j} of layer {@code layer} (0-based). */
  public Interval preActivation(int layer, int j) {
    return new Interval(preLo[layer][j], preHi[layer][j]);
  }

  /** ReLUs whose pre-activation bounds straddle 0: the binaries an exact encoding needs. */
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
