package io.milpnet.formulation.layer.conv;

import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.layer.dense.DenseLayer;
import io.milpnet.formulation.network.Differentiable;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.OperatorGraph;
import io.milpnet.formulation.spec.Shape;
import java.util.Objects;

/**
 * A trained 2-D convolution with valid padding: output channel c at position (y, x) is
 * {@code activation(bias[c] + sum_{ci,dy,dx} kernels[c][ci][dy][dx] * in[ci][y*stride+dy][x*stride+dx])}. One kernel
 * per output channel is shared by every position; a filter whose kernel is all zero is pruned.
 */
public record ConvLayer(Shape inputShape, int stride, double[][][][] kernels, double[] bias, Activation activation,
    String domain) implements NetworkLayer {

  public ConvLayer {
    Objects.requireNonNull(inputShape, "inputShape");
    Objects.requireNonNull(kernels, "kernels");
    Objects.requireNonNull(bias, "bias");
    Objects.requireNonNull(activation, "activation");
    if (kernels.length == 0 || kernels.length != bias.length) {
      throw new IllegalArgumentException("convolution has " + kernels.length + " kernels and " + bias.length
          + " biases");
    }
    int k = kernels[0].length == 0 ? 0 : kernels[0][0].length;
    if (k < 1 || k > inputShape.height() || k > inputShape.width() || stride < 1) {
      throw new IllegalArgumentException("convolution kernel " + k + " (stride " + stride + ") does not fit input "
          + inputShape);
    }
    for (double[][][] kernel : kernels) {
      if (kernel.length != inputShape.channels()) {
        throw new IllegalArgumentException("a kernel has " + kernel.length + " input channels, the input "
            + inputShape.channels());
      }
      for (double[][] plane : kernel) {
        if (plane.length != k) {
          throw new IllegalArgumentException("kernels must be square and of one size");
        }
        for (double[] row : plane) {
          if (row.length != k) {
            throw new IllegalArgumentException("kernels must be square and of one size");
          }
          for (double w : row) {
            if (!Double.isFinite(w)) {
              throw new IllegalArgumentException("non-finite kernel weight " + w);
            }
          }
        }
      }
    }
    for (double b : bias) {
      if (!Double.isFinite(b)) {
        throw new IllegalArgumentException("non-finite bias " + b);
      }
    }
    domain = domain == null ? "" : domain;
  }

  public int channels() {
    return kernels.length;
  }

  public int kernel() {
    return kernels[0][0].length;
  }

  public Shape outputShape() {
    return new Shape(channels(), (inputShape.height() - kernel()) / stride + 1,
        (inputShape.width() - kernel()) / stride + 1);
  }

  @Override
  public int groupSize() {
    Shape out = outputShape();
    return out.height() * out.width();
  }

  @Override
  public NetworkLayer withGroupsPermuted(Integer[] order) {
    double[][][][] k = new double[order.length][][][];
    double[] b = new double[order.length];
    for (int c = 0; c < order.length; c++) {
      k[c] = kernels[order[c]];
      b[c] = bias[order[c]];
    }
    return new ConvLayer(inputShape, stride, k, b, activation, domain);
  }

  @Override
  public NetworkLayer withInputGroupsPermuted(Integer[] order, int block) {
    if (block != inputShape.height() * inputShape.width() || order.length != inputShape.channels()) {
      throw new IllegalArgumentException("a convolution reads whole channels: groups of " + block + " inputs are not"
          + " its " + inputShape + " input's channels");
    }
    double[][][][] k = new double[channels()][][][];
    for (int c = 0; c < k.length; c++) {
      k[c] = new double[order.length][][];
      for (int ci = 0; ci < order.length; ci++) {
        k[c][ci] = kernels[c][order[ci]];
      }
    }
    return new ConvLayer(inputShape, stride, k, bias, activation, domain);
  }

  @Override
  public Differentiable differentiable() {
    return new ConvGradient(this);
  }

  @Override
  public String kindKey() {
    return "conv";
  }

  @Override
  public int inputs() {
    return inputShape.size();
  }

  @Override
  public int units() {
    return outputShape().size();
  }

  @Override
  public double[] preActivations(double[] in) {
    Shape out = outputShape();
    int k = kernel();
    double[] a = new double[out.size()];
    for (int c = 0; c < out.channels(); c++) {
      for (int y = 0; y < out.height(); y++) {
        for (int x = 0; x < out.width(); x++) {
          double sum = bias[c];
          for (int ci = 0; ci < inputShape.channels(); ci++) {
            for (int dy = 0; dy < k; dy++) {
              for (int dx = 0; dx < k; dx++) {
                sum += kernels[c][ci][dy][dx] * in[inputShape.index(ci, y * stride + dy, x * stride + dx)];
              }
            }
          }
          a[out.index(c, y, x)] = sum;
        }
      }
    }
    return a;
  }

  /** Filter c has a nonzero kernel weight. */
  @Override
  public int filters() {
    return channels();
  }

  @Override
  public int activeFilters() {
    int n = 0;
    for (int c = 0; c < channels(); c++) {
      n += filterActive(c) ? 1 : 0;
    }
    return n;
  }

  public boolean filterActive(int c) {
    for (double[][] plane : kernels[c]) {
      for (double[] row : plane) {
        for (double w : row) {
          if (w != 0.0) {
            return true;
          }
        }
      }
    }
    return false;
  }

  @Override
  public int nonzeroWeights() {
    int n = 0;
    for (double[][][] kernel : kernels) {
      for (double[][] plane : kernel) {
        for (double[] row : plane) {
          for (double w : row) {
            n += w != 0.0 ? 1 : 0;
          }
        }
      }
    }
    return n;
  }

  @Override
  public int totalWeights() {
    return channels() * inputShape.channels() * kernel() * kernel();
  }

  @Override
  public boolean hasInput(int j) {
    int c = j / (outputShape().height() * outputShape().width());
    return bias[c] != 0.0 || filterActive(c);
  }

  @Override
  public boolean reads(int j, int k) {
    Shape out = outputShape();
    int plane = out.height() * out.width();
    int c = j / plane;
    int y = (j % plane) / out.width();
    int x = j % out.width();
    int inPlane = inputShape.height() * inputShape.width();
    int ci = k / inPlane;
    int dy = (k % inPlane) / inputShape.width() - y * stride;
    int dx = k % inputShape.width() - x * stride;
    int size = kernel();
    return dy >= 0 && dy < size && dx >= 0 && dx < size && kernels[c][ci][dy][dx] != 0.0;
  }

  @Override
  public DenseLayer toDense() {
    Shape out = outputShape();
    int k = kernel();
    double[][] w = new double[out.size()][inputs()];
    double[] b = new double[out.size()];
    for (int c = 0; c < out.channels(); c++) {
      for (int y = 0; y < out.height(); y++) {
        for (int x = 0; x < out.width(); x++) {
          int j = out.index(c, y, x);
          b[j] = bias[c];
          for (int ci = 0; ci < inputShape.channels(); ci++) {
            for (int dy = 0; dy < k; dy++) {
              for (int dx = 0; dx < k; dx++) {
                w[j][inputShape.index(ci, y * stride + dy, x * stride + dx)] = kernels[c][ci][dy][dx];
              }
            }
          }
        }
      }
    }
    return new DenseLayer(w, b, activation, domain);
  }

  @Override
  public String export(OperatorGraph graph, String in) {
    return activation.export(graph, graph.conv(in, inputShape, kernels, bias, stride));
  }
}
