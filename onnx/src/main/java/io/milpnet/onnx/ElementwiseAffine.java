package io.milpnet.onnx;

/**
 * {@code y_i = scale_i x_i + shift_i}: Add, Sub, Mul and Div by constants (input normalisation, the bias after a
 * MatMul) and BatchNormalization in inference mode, broadcast to one value per element.
 */
record ElementwiseAffine(double[] scale, double[] shift) implements AffineMap {
  ElementwiseAffine {
    if (scale.length != shift.length) {
      throw new IllegalArgumentException("scale and shift differ in length");
    }
  }

  static ElementwiseAffine shift(double[] shift) {
    double[] one = new double[shift.length];
    java.util.Arrays.fill(one, 1.0);
    return new ElementwiseAffine(one, shift.clone());
  }

  static ElementwiseAffine scale(double[] scale) {
    return new ElementwiseAffine(scale.clone(), new double[scale.length]);
  }

  @Override
  public int inputs() {
    return scale.length;
  }

  @Override
  public int outputs() {
    return scale.length;
  }

  @Override
  public double[] apply(double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = scale[i] * x[i] + shift[i];
    }
    return y;
  }

  @Override
  public double[] pullBack(double[] r) {
    double[] out = new double[r.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = r[i] * scale[i];
    }
    return out;
  }

  /** This map after {@code first}: {@code x -> this(first(x))}. */
  ElementwiseAffine after(ElementwiseAffine first) {
    double[] s = new double[scale.length];
    double[] t = new double[scale.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = scale[i] * first.scale[i];
      t[i] = scale[i] * first.shift[i] + shift[i];
    }
    return new ElementwiseAffine(s, t);
  }

  /**
   * One scale and one shift per channel of a {@code channels x plane} tensor, or null when some channel's elements
   * differ (then no convolution can absorb the map).
   */
  double[][] perChannel(int channels, int plane) {
    double[][] st = new double[2][channels];
    for (int c = 0; c < channels; c++) {
      st[0][c] = scale[c * plane];
      st[1][c] = shift[c * plane];
      for (int i = 0; i < plane; i++) {
        if (scale[c * plane + i] != st[0][c] || shift[c * plane + i] != st[1][c]) {
          return null;
        }
      }
    }
    return st;
  }
}
