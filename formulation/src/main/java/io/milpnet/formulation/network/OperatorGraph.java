package io.milpnet.formulation.network;

import io.milpnet.formulation.spec.Shape;

/**
 * A graph of an exchange format (ONNX) built operator by operator: the standard operators in which a layer kind
 * ({@link NetworkLayer#export}) and an activation ({@link io.milpnet.formulation.activation.Activation#export}) state
 * themselves, so that a writer knows the format and no layer kind, and a kind knows its operators and no format.
 * Tensors are named by strings; between layers a tensor is flat, {@code [1, n]}; image operators read a flat tensor
 * as the {@code CxHxW} map of their shape and give a flat one back.
 */
public interface OperatorGraph {
  /** {@code W x + b} of the flat tensor {@code in}: {@code w[j][k]} is output j's weight on input k. */
  String gemm(String in, double[][] w, double[] b);

  /** A convolution without padding: {@code kernels[out][in][row][col]}, one bias per output channel. */
  String conv(String in, Shape shape, double[][][][] kernels, double[] bias, int stride);

  /**
   * The maximum of each {@code size x size} window, windows {@code stride} apart on the input padded by {@code pad} on
   * every side (padding never the maximum).
   */
  String maxPool(String in, Shape shape, int size, int stride, int pad);

  /** The mean of each {@code size x size} window, windows side by side (stride = size, no padding). */
  String averagePool(String in, Shape shape, int size);

  String relu(String in);

  /** {@code max(x, slope x)}, {@code 0 < slope < 1}. */
  String leakyRelu(String in, double slope);

  /** {@code min(max(x, lo), hi)}. */
  String clip(String in, double lo, double hi);

  /** A constant broadcast against any tensor. */
  String scalar(double value);

  /** Element-wise {@code then} where {@code test >= 0}, else {@code otherwise}. */
  String whereNonNegative(String test, String then, String otherwise);

  /** The refusal of a layer or activation without a form in these operators, naming it. */
  static UnsupportedOperationException unsupported(String what) {
    return new UnsupportedOperationException(what + " has no form in the exchange format's operators");
  }
}
