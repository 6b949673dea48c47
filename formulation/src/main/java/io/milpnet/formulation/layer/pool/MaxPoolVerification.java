package io.milpnet.formulation.layer.pool;

import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.verify.BoxEncoder;
import io.milpnet.formulation.verify.VerificationLayer;

/**
 * Verification of max pooling, {@code y_j = max_{k in window j} v_k}. Bounds: {@code [max_k L_k, max_k U_k]}.
 * Relaxation: below by the candidate with the largest lower bound ({@code y >= v_k} for every k, so any candidate is a
 * sound lower line); above by a candidate that dominates the others ({@code L_k >= U_m} for every other m, so
 * {@code y = v_k}) when there is one, else by the constant {@code max_k U_k}. MILP: {@link
 * io.milpnet.formulation.encode.MaxFormulation}, the formulation training uses, with its tight rows.
 */
public final class MaxPoolVerification implements VerificationLayer {
  private final PoolLayer layer;
  private final int[][] windows;

  MaxPoolVerification(PoolLayer layer) {
    this.layer = layer;
    windows = new int[layer.units()][];
    for (int j = 0; j < windows.length; j++) {
      windows[j] = layer.window(j);
    }
  }

  @Override
  public PoolLayer layer() {
    return layer;
  }

  @Override
  public void requireVerifiable(int number) {
    // Max pooling is always encoded exactly.
  }

  @Override
  public Relaxation relax(double[] inLo, double[] inHi, UpperBound earlier) {
    int units = windows.length;
    double[] lo = new double[units];
    double[] hi = new double[units];
    int[] below = new int[units];
    int[] dominant = new int[units];
    for (int j = 0; j < units; j++) {
      int[] w = windows[j];
      int best = w[0];
      double maxHi = Double.NEGATIVE_INFINITY;
      for (int k : w) {
        if (inLo[k] > inLo[best]) {
          best = k;
        }
        maxHi = Math.max(maxHi, inHi[k]);
      }
      lo[j] = inLo[best];
      hi[j] = maxHi;
      below[j] = best;
      dominant[j] = best;
      for (int k : w) {
        if (k != best && inHi[k] > inLo[best]) {
          dominant[j] = -1;
          break;
        }
      }
    }
    return new Relaxation(lo, hi, lo, hi, 0) {
      @Override
      protected double[] upper(double[] c, Constant constant) {
        double[] next = new double[layer.inputs()];
        for (int j = 0; j < c.length; j++) {
          if (c[j] < 0) {
            next[below[j]] += c[j]; // c y <= c v_k for c < 0, since y >= v_k
          } else if (c[j] > 0) {
            if (dominant[j] >= 0) {
              next[dominant[j]] += c[j]; // y = v_k
            } else {
              constant.add(c[j] * hi[j]);
            }
          }
        }
        return next;
      }
    };
  }

  @Override
  public Signal[] encode(Signal[] in, int l, BoxEncoder box) {
    Signal[] out = new Signal[windows.length];
    for (int j = 0; j < out.length; j++) {
      Signal[] v = new Signal[windows[j].length];
      for (int m = 0; m < v.length; m++) {
        v[m] = in[windows[j][m]];
      }
      out[j] = box.max.encode(box.model, v, "l" + (l + 1) + ",u" + j).output();
    }
    return out;
  }
}
