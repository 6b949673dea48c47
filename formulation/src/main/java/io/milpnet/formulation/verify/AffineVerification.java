package io.milpnet.formulation.verify;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.activation.Activations;
import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.layer.dense.DenseLayer;
import java.util.Arrays;

/**
 * Verification of an affine layer followed by a ReLU or no activation: dense layers, and convolutions and average
 * pooling as the affine maps they are ({@code toDense()}). Bounds: interval arithmetic intersected with the
 * back-substituted pre-activation; every unstable ReLU {@code h = max(0, z)}, {@code z in [l, u]}, is enclosed between
 * the lower line {@code h >= s z} ({@code s} = 1 when {@code u > -l}, else 0) and the chord
 * {@code h <= u (z - l) / (u - l)}. MILP: the pre-activations as expressions, ReLUs by the verifier's
 * {@link io.milpnet.formulation.encode.ReluFormulation}, constants from the box's bounds.
 */
public final class AffineVerification implements VerificationLayer {
  private final DenseLayer layer;

  public AffineVerification(DenseLayer layer) {
    this.layer = layer;
  }

  @Override
  public DenseLayer layer() {
    return layer;
  }

  /**
   * The verifier encodes the activations that have a relaxation ({@link Activation#verifiable}); another (the step)
   * is refused with the layer named, before any work, rather than encoded wrongly.
   */
  @Override
  public void requireVerifiable(int number) {
    Activation a = layer.activation();
    if (!a.verifiable()) {
      throw new IllegalArgumentException("layer " + number + " has a " + a.key() + " activation: verification"
          + " supports " + Activations.standard().verifiableUsages() + " activations");
    }
  }

  @Override
  public Relaxation relax(double[] inLo, double[] inHi, UpperBound earlier) {
    int units = layer.units();
    double[] preLo = new double[units];
    double[] preHi = new double[units];
    bound(layer.weights(), layer.bias(), inLo, inHi, earlier, preLo, preHi);
    Activation act = layer.activation();
    double[] lowSlope = new double[units];
    double[] lowIntercept = new double[units];
    double[] upSlope = new double[units];
    double[] upIntercept = new double[units];
    double[] outLo = new double[units];
    double[] outHi = new double[units];
    int unstable = 0;
    for (int j = 0; j < units; j++) {
      Activation.Relaxation r = act.relax(preLo[j], preHi[j]);
      lowSlope[j] = r.lowSlope();
      lowIntercept[j] = r.lowIntercept();
      upSlope[j] = r.upSlope();
      upIntercept[j] = r.upIntercept();
      unstable += r.unstable();
      // Ends a rounding error apart in the wrong order (a constant unit) must not make an empty interval.
      Interval out = act.range(new Interval(Math.min(preLo[j], preHi[j]), Math.max(preLo[j], preHi[j])));
      outLo[j] = out.lo();
      outHi[j] = out.hi();
    }
    int open = unstable;
    // The lower line of an unstable ReLU may be any h >= s z with s in [0, 1]: optimised slopes may turn it.
    boolean free = act == Activation.RELU && unstable > 0;
    return new Relaxation(preLo, preHi, outLo, outHi, open) {
      @Override
      protected double[] upper(double[] c, Constant constant) {
        return upper(c, constant, null);
      }

      @Override
      protected double[] upper(double[] c, Constant constant, double[] slopes) {
        // Through the activation: c_j h_j <= c_j (upper line) when c_j >= 0, c_j (lower line) otherwise.
        double[] d = new double[c.length];
        for (int j = 0; j < c.length; j++) {
          if (c[j] >= 0) {
            d[j] = c[j] * upSlope[j];
            constant.add(c[j] * upIntercept[j]);
          } else if (slopes != null && !Double.isNaN(slopes[j])) {
            d[j] = c[j] * slopes[j];
          } else {
            d[j] = c[j] * lowSlope[j];
            constant.add(c[j] * lowIntercept[j]);
          }
        }
        return throughAffine(layer.weights(), layer.bias(), d, constant);
      }

      @Override
      protected double[] lowerSlopes() {
        if (!free) {
          return null;
        }
        double[] s = new double[units];
        for (int j = 0; j < units; j++) {
          s[j] = preLo[j] < 0 && preHi[j] > 0 ? lowSlope[j] : Double.NaN;
        }
        return s;
      }

      @Override
      protected double[] relaxedForward(double[] v, double[] c, double[] slopes, double[] pre) {
        double[] out = new double[units];
        for (int j = 0; j < units; j++) {
          double z = layer.bias()[j];
          double[] w = layer.weights()[j];
          for (int k = 0; k < w.length; k++) {
            z += w[k] * v[k];
          }
          pre[j] = z;
          if (c[j] >= 0) {
            out[j] = upSlope[j] * z + upIntercept[j];
          } else if (slopes != null && !Double.isNaN(slopes[j])) {
            out[j] = slopes[j] * z;
          } else {
            out[j] = lowSlope[j] * z + lowIntercept[j];
          }
        }
        return out;
      }
    };
  }

  /**
   * The bounds of {@code W h + b} for h in {@code [inLo, inHi]}: interval arithmetic, widened by the safety margin,
   * intersected with what back-substitution through the earlier layers proves.
   */
  public static void bound(double[][] weights, double[] bias, double[] inLo, double[] inHi, UpperBound earlier,
      double[] lo, double[] hi) {
    for (int j = 0; j < bias.length; j++) {
      double[] w = weights[j];
      double iLo = bias[j];
      double iHi = bias[j];
      double mag = Math.abs(bias[j]);
      for (int k = 0; k < w.length; k++) {
        double a = w[k] * inLo[k];
        double c = w[k] * inHi[k];
        iLo += Math.min(a, c);
        iHi += Math.max(a, c);
        mag += Math.max(Math.abs(a), Math.abs(c));
      }
      double slack = SymbolicBounds.SAFETY * (1 + mag);
      iLo -= slack;
      iHi += slack;
      lo[j] = Math.max(iLo, -earlier.max(negate(w), -bias[j]));
      hi[j] = Math.min(iHi, earlier.max(w, bias[j]));
    }
  }

  /** {@code d . (W h + b)} as coefficients over h, the constant {@code d . b} added to {@code constant}. */
  public static double[] throughAffine(double[][] weights, double[] bias, double[] d, Constant constant) {
    double[] next = new double[weights.length == 0 ? 0 : weights[0].length];
    for (int j = 0; j < d.length; j++) {
      if (d[j] == 0) {
        continue;
      }
      constant.add(d[j] * bias[j]);
      double[] w = weights[j];
      for (int k = 0; k < w.length; k++) {
        next[k] += d[j] * w[k];
      }
    }
    return next;
  }

  @Override
  public Signal[] encode(Signal[] in, int l, BoxEncoder box) {
    int units = layer.units();
    LinearExpr[] pres = new LinearExpr[units];
    for (int j = 0; j < units; j++) {
      LinearExpr.Builder a = LinearExpr.builder(layer.inputs() * 2).addConstant(layer.bias()[j]);
      for (int k = 0; k < layer.inputs(); k++) {
        double w = layer.weights()[j][k];
        if (w != 0) {
          a.add(w, in[k].expr());
        }
      }
      pres[j] = a.build();
    }
    Activation act = layer.activation();
    boolean linear = act == Activation.LINEAR;
    boolean[] tighten = new boolean[units];
    Arrays.fill(tighten, !linear);
    Interval[] ranges = box.ranges(l, pres, linear ? null : tighten);
    Signal[] next = new Signal[units];
    for (int j = 0; j < units; j++) {
      next[j] = linear ? new Signal(pres[j], ranges[j])
          : box.activation(l, j, act, pres[j], ranges[j], "[l" + (l + 1) + ",u" + j + "]");
    }
    return next;
  }

  static double[] negate(double[] v) {
    double[] r = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = -v[i];
    }
    return r;
  }
}
