package io.milpnet.onnx;

/** {@code y = W x + b} with a dense {@code outputs x inputs} matrix: Gemm and MatMul with a constant operand. */
record MatrixMap(double[][] weights, double[] bias) implements AffineMap {
  @Override
  public int inputs() {
    return weights.length == 0 ? 0 : weights[0].length;
  }

  @Override
  public int outputs() {
    return weights.length;
  }

  @Override
  public double[] apply(double[] x) {
    double[] y = new double[weights.length];
    for (int j = 0; j < y.length; j++) {
      double s = bias[j];
      double[] w = weights[j];
      for (int k = 0; k < w.length; k++) {
        s += w[k] * x[k];
      }
      y[j] = s;
    }
    return y;
  }

  @Override
  public double[] pullBack(double[] r) {
    double[] out = new double[inputs()];
    for (int j = 0; j < r.length; j++) {
      if (r[j] != 0.0) {
        double[] w = weights[j];
        for (int k = 0; k < out.length; k++) {
          out[k] += r[j] * w[k];
        }
      }
    }
    return out;
  }
}
