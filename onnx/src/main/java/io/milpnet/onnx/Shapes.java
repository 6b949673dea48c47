package io.milpnet.onnx;

import java.util.Arrays;

/** Arithmetic on ONNX shapes (row-major dimension lists) and numpy-style broadcasting of constants. */
final class Shapes {
  private Shapes() {}

  static int size(int[] dims) {
    long n = 1;
    for (int d : dims) {
      n *= d;
      if (n > Integer.MAX_VALUE) {
        throw new OnnxModelException("a tensor of shape " + Arrays.toString(dims) + " is too large");
      }
    }
    return (int) n;
  }

  static String text(int[] dims) {
    return Arrays.toString(dims);
  }

  /** The shape numpy broadcasting gives two shapes, or null when they do not broadcast. */
  static int[] broadcast(int[] a, int[] b) {
    int n = Math.max(a.length, b.length);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int da = i < n - a.length ? 1 : a[i - (n - a.length)];
      int db = i < n - b.length ? 1 : b[i - (n - b.length)];
      if (da != db && da != 1 && db != 1) {
        return null;
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /** The constant's values at every flat index of {@code target}, by numpy broadcasting ({@code c} fits target). */
  static double[] expand(Tensor c, int[] target) {
    int n = size(target);
    double[] out = new double[n];
    int[] cd = c.dims();
    int offset = target.length - cd.length;
    int[] idx = new int[target.length];
    for (int flat = 0; flat < n; flat++) {
      int rest = flat;
      for (int d = target.length - 1; d >= 0; d--) {
        idx[d] = rest % target[d];
        rest /= target[d];
      }
      int ci = 0;
      for (int d = 0; d < cd.length; d++) {
        ci = ci * cd[d] + (cd[d] == 1 ? 0 : idx[d + offset]);
      }
      out[flat] = c.values()[ci];
    }
    return out;
  }
}
