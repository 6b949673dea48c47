package io.milpnet.onnx;

/**
 * An affine map {@code y = A x + c} between flat (row-major) tensors: what the translator keeps of a run of linear
 * operators (normalisation, matrix products, convolutions, padding, average pooling, reordering) until a nonlinear
 * operator needs it turned into one milpnet layer. {@link #pullBack} gives a row of the composed matrix without
 * building any intermediate matrix.
 */
interface AffineMap {
  int inputs();

  int outputs();

  /** {@code A x + c}. */
  double[] apply(double[] x);

  /** {@code r A}: the row vector {@code r} (one value per output) pulled back to one value per input. */
  double[] pullBack(double[] r);
}
