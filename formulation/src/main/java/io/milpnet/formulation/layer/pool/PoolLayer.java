package io.milpnet.formulation.layer.pool;

import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.layer.dense.DenseLayer;
import io.milpnet.formulation.network.Differentiable;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.OperatorGraph;
import io.milpnet.formulation.spec.Shape;
import java.util.Objects;

/**
 * Max or average pooling of each channel over non-overlapping {@code size x size} windows (valid: rows and columns
 * that do not fill a window are dropped). Nothing is trained.
 */
public record PoolLayer(PoolSpec.Kind kind, Shape inputShape, int size) implements NetworkLayer {
  public PoolLayer {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(inputShape, "inputShape");
    if (size < 1 || size > inputShape.height() || size > inputShape.width()) {
      throw new IllegalArgumentException("pooling window " + size + " does not fit input " + inputShape);
    }
  }

  public Shape outputShape() {
    return new Shape(inputShape.channels(), inputShape.height() / size, inputShape.width() / size);
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
        idx[n++] = inputShape.index(c, y * size + dy, x * size + dx);
      }
    }
    return idx;
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
    return kind.export(graph, in, inputShape, size);
  }
}
