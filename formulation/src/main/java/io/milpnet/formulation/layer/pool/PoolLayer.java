package io.milpnet.formulation.layer.pool;

import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.layer.dense.DenseLayer;
import io.milpnet.formulation.network.Differentiable;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.OperatorGraph;
import io.milpnet.formulation.spec.Shape;
import java.util.Objects;

/**
 * Max or average pooling of each channel over {@code size x size} windows {@code stride} apart, on the input padded
 * by {@code pad} rows and columns on every side (valid: windows that do not fit the padded input are dropped). A
 * window's padded cells are not candidates: max pooling takes the largest of its cells inside the input (as ONNX's
 * MaxPool, whose padding is minus infinity). milpnet trains non-overlapping windows ({@code stride = size}, no
 * padding); other strides and padding are for max pooling read from ONNX. Nothing is trained.
 */
public record PoolLayer(PoolSpec.Kind kind, Shape inputShape, int size, int stride, int pad) implements NetworkLayer {
  public PoolLayer {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(inputShape, "inputShape");
    if (size < 1 || stride < 1 || pad < 0 || pad >= size || size > inputShape.height() + 2 * pad
        || size > inputShape.width() + 2 * pad) {
      throw new IllegalArgumentException("pooling window " + size + " (stride " + stride + ", padding " + pad
          + ") does not fit input " + inputShape);
    }
    if (kind != PoolSpec.Kind.MAX && (stride != size || pad != 0)) {
      throw new IllegalArgumentException(kind.description() + " takes non-overlapping windows without padding");
    }
  }

  /** Non-overlapping windows without padding: the pooling milpnet trains. */
  public PoolLayer(PoolSpec.Kind kind, Shape inputShape, int size) {
    this(kind, inputShape, size, size, 0);
  }

  /** Windows {@code stride} apart, without padding: the pooling milpnet trains when {@code stride = size}. */
  public boolean plain() {
    return stride == size && pad == 0;
  }

  public Shape outputShape() {
    return new Shape(inputShape.channels(), (inputShape.height() + 2 * pad - size) / stride + 1,
        (inputShape.width() + 2 * pad - size) / stride + 1);
  }

  /** The flat input indices of output unit j's window. */
  public int[] window(int j) {
    Shape out = outputShape();
    int plane = out.height() * out.width();
    int c = j / plane;
    int y = (j % plane) / out.width();
    int x = j % out.width();
    int[] idx = new int[size * size];
    int n = 0;
    for (int dy = 0; dy < size; dy++) {
      for (int dx = 0; dx < size; dx++) {
        int row = y * stride - pad + dy;
        int col = x * stride - pad + dx;
        if (row >= 0 && row < inputShape.height() && col >= 0 && col < inputShape.width()) {
          idx[n++] = inputShape.index(c, row, col);
        }
      }
    }
    return n == idx.length ? idx : java.util.Arrays.copyOf(idx, n);
  }

  @Override
  public int groupSize() {
    Shape out = outputShape();
    return out.height() * out.width();
  }

  @Override
  public Differentiable differentiable() {
    return new PoolGradient(this);
  }

  @Override
  public String kindKey() {
    return kind.key();
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
  public Activation activation() {
    return Activation.LINEAR;
  }

  @Override
  public double[] preActivations(double[] in) {
    double[] out = new double[units()];
    for (int j = 0; j < out.length; j++) {
      out[j] = kind.pool(in, window(j));
    }
    return out;
  }

  @Override
  public int nonzeroWeights() {
    return 0;
  }

  @Override
  public int totalWeights() {
    return 0;
  }

  @Override
  public boolean hasInput(int j) {
    return true;
  }

  @Override
  public boolean reads(int j, int k) {
    for (int i : window(j)) {
      if (i == k) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String domain() {
    return "";
  }

  /**
   * An affine pooling function (average pooling) as a fixed linear layer; one that is not affine (max pooling) has
   * no such form: {@link UnsupportedOperationException}.
   */
  @Override
  public DenseLayer toDense() {
    double weight = kind.windowWeight(size * size);
    double[][] w = new double[units()][inputs()];
    for (int j = 0; j < w.length; j++) {
      for (int k : window(j)) {
        w[j][k] = weight;
      }
    }
    return new DenseLayer(w, new double[units()], Activation.LINEAR, "fixed (" + kind.description() + ")");
  }

  @Override
  public String export(OperatorGraph graph, String in) {
    return kind.export(graph, in, this);
  }
}
