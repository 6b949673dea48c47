package io.milpnet.onnx;

import java.util.Arrays;

/**
 * {@code y_j = sum_k w_jk x_k + b_j} with few terms per output, stored row by row: padding and reordering (one term of
 * weight 1, or none), average pooling (the window's terms), the recombination after a Clip. Built through
 * {@link Builder}, one output after another.
 */
final class SparseMap implements AffineMap {
  private final int inputs;
  private final int[] start;
  private final int[] column;
  private final double[] weight;
  private final double[] bias;

  private SparseMap(int inputs, int[] start, int[] column, double[] weight, double[] bias) {
    this.inputs = inputs;
    this.start = start;
    this.column = column;
    this.weight = weight;
    this.bias = bias;
  }

  @Override
  public int inputs() {
    return inputs;
  }

  @Override
  public int outputs() {
    return bias.length;
  }

  @Override
  public double[] apply(double[] x) {
    double[] y = new double[bias.length];
    for (int j = 0; j < y.length; j++) {
      double s = bias[j];
      for (int t = start[j]; t < start[j + 1]; t++) {
        s += weight[t] * x[column[t]];
      }
      y[j] = s;
    }
    return y;
  }

  @Override
  public double[] pullBack(double[] r) {
    double[] out = new double[inputs];
    for (int j = 0; j < r.length; j++) {
      if (r[j] != 0.0) {
        for (int t = start[j]; t < start[j + 1]; t++) {
          out[column[t]] += r[j] * weight[t];
        }
      }
    }
    return out;
  }

  static final class Builder {
    private final int inputs;
    private int[] start = new int[17];
    private int[] column = new int[16];
    private double[] weight = new double[16];
    private double[] bias = new double[16];
    private int rows;
    private int terms;

    Builder(int inputs) {
      this.inputs = inputs;
    }

    /** Adds {@code w x_k} to the current output. */
    Builder term(int k, double w) {
      if (terms == column.length) {
        column = Arrays.copyOf(column, terms * 2);
        weight = Arrays.copyOf(weight, terms * 2);
      }
      column[terms] = k;
      weight[terms++] = w;
      return this;
    }

    /** Ends the current output with its constant. */
    Builder endRow(double b) {
      if (rows + 1 == bias.length) {
        bias = Arrays.copyOf(bias, bias.length * 2);
        start = Arrays.copyOf(start, start.length * 2);
      }
      bias[rows++] = b;
      start[rows] = terms;
      return this;
    }

    SparseMap build() {
      return new SparseMap(inputs, Arrays.copyOf(start, rows + 1), Arrays.copyOf(column, terms),
          Arrays.copyOf(weight, terms), Arrays.copyOf(bias, rows));
    }
  }
}
