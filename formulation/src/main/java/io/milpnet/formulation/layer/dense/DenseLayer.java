package io.milpnet.formulation.layer.dense;

import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.network.Differentiable;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.OperatorGraph;
import java.util.Objects;
import java.util.Optional;

/**
 * A trained dense layer: {@code out_j = activation(sum_k weights[j][k] * in_k + bias[j])}. {@code domain} records the
 * weight domain the MILP chose them from (e.g. {@code continuous[-1,1]}, {@code sign}, {@code ternary*0.5}).
 */
public record DenseLayer(double[][] weights, double[] bias, Activation activation, String domain)
    implements NetworkLayer {
  public DenseLayer {
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(bias, "bias");
    Objects.requireNonNull(activation, "activation");
    if (weights.length != bias.length) {
      throw new IllegalArgumentException("layer has " + weights.length + " weight rows but " + bias.length + " biases");
    }
    int in = weights.length == 0 ? 0 : weights[0].length;
    for (double[] row : weights) {
      if (row.length != in) {
        throw new IllegalArgumentException("ragged weight matrix");
      }
      for (double w : row) {
        if (!Double.isFinite(w)) {
          throw new IllegalArgumentException("non-finite weight " + w);
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

  @Override
  public NetworkLayer withGroupsPermuted(Integer[] order) {
    double[][] w = new double[order.length][];
    double[] b = new double[order.length];
    for (int j = 0; j < order.length; j++) {
      w[j] = weights[order[j]].clone();
      b[j] = bias[order[j]];
    }
    return new DenseLayer(w, b, activation, domain);
  }

  @Override
  public NetworkLayer withInputGroupsPermuted(Integer[] order, int block) {
    return new DenseLayer(permuteColumns(weights, order, block), bias, activation, domain);
  }

  /** The matrix with its column blocks of {@code block} columns in the order {@code order}. */
  public static double[][] permuteColumns(double[][] m, Integer[] order, int block) {
    double[][] p = new double[m.length][order.length * block];
    for (int r = 0; r < m.length; r++) {
      for (int c = 0; c < order.length; c++) {
        System.arraycopy(m[r], order[c] * block, p[r], c * block, block);
      }
    }
    return p;
  }

  @Override
  public Differentiable differentiable() {
    return new AffineGradient(weights, bias, activation, null, null);
  }

  @Override
  public String kindKey() {
    return "dense";
  }

  @Override
  public int units() {
    return bias.length;
  }

  @Override
  public int inputs() {
    return weights.length == 0 ? 0 : weights[0].length;
  }

  @Override
  public double[] preActivations(double[] in) {
    return affine(weights, bias, in);
  }

  /** {@code W in + b}. */
  public static double[] affine(double[][] weights, double[] bias, double[] in) {
    double[] a = new double[bias.length];
    for (int j = 0; j < a.length; j++) {
      double sum = bias[j];
      double[] w = weights[j];
      for (int k = 0; k < w.length; k++) {
        sum += w[k] * in[k];
      }
      a[j] = sum;
    }
    return a;
  }

  @Override
  public int totalWeights() {
    return units() * inputs();
  }

  @Override
  public boolean reads(int j, int k) {
    return weights[j][k] != 0.0;
  }

  @Override
  public DenseLayer toDense() {
    return this;
  }

  @Override
  public Optional<DenseLayer> asDense() {
    return Optional.of(this);
  }

  @Override
  public int nonzeroWeights() {
    int n = 0;
    for (double[] row : weights) {
      for (double w : row) {
        if (w != 0.0) {
          n++;
        }
      }
    }
    return n;
  }

  /** Unit j takes some input: a nonzero incoming weight or a nonzero bias. */
  @Override
  public boolean hasInput(int j) {
    if (bias[j] != 0.0) {
      return true;
    }
    for (double w : weights[j]) {
      if (w != 0.0) {
        return true;
      }
    }
    return false;
  }

  /** Input k feeds some unit of this layer through a nonzero weight. */
  @Override
  public boolean usesInput(int k) {
    for (double[] row : weights) {
      if (row[k] != 0.0) {
        return true;
      }
    }
    return false;
  }

  /**
   * The layer passes its inputs through: square, zero biases, weights 1 or 0 on the diagonal and 0 elsewhere. After
   * a ReLU layer (non-negative inputs) a ReLU layer of this shape is the identity on its live inputs: a pruned layer.
   */
  @Override
  public boolean passesThrough() {
    if (weights.length != inputs()) {
      return false;
    }
    for (int j = 0; j < weights.length; j++) {
      if (bias[j] != 0.0) {
        return false;
      }
      for (int k = 0; k < weights[j].length; k++) {
        double w = weights[j][k];
        if (j == k ? !(w == 0.0 || w == 1.0) : w != 0.0) {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public String export(OperatorGraph graph, String in) {
    return activation.export(graph, graph.gemm(in, weights, bias));
  }
}
