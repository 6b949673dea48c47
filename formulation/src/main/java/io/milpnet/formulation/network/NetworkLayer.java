package io.milpnet.formulation.network;

import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.layer.dense.DenseLayer;
import java.util.Optional;

/**
 * One layer of a trained network, on flat vectors: {@code out_j = activation(pre_j(in))}. Dense and convolutional
 * layers are affine before their activation; pooling layers compute their windows' maximum or mean (activation
 * {@link Activation#LINEAR}). A new layer kind implements this and its forward pass is the oracle for its MILP
 * formulation.
 */
public interface NetworkLayer {
  /** The key of the layer's kind in the registry ({@code dense}, {@code maxpool}, ...). */
  String kindKey();

  int inputs();

  int units();

  Activation activation();

  /** The values before the activation for one input vector. */
  double[] preActivations(double[] in);

  /** The layer's outputs for one input vector. */
  default double[] outputs(double[] in) {
    return outputs(in, preActivations(in));
  }

  /**
   * The outputs from the input and its pre-activations {@code a} (already computed): the activation of each (gates
   * override this, their gates read the input).
   */
  default double[] outputs(double[] in, double[] a) {
    double[] h = new double[a.length];
    for (int j = 0; j < a.length; j++) {
      h[j] = activation().apply(a[j]);
    }
    return h;
  }

  /** Nonzero trainable weights (shared kernel weights count once; biases do not count). */
  int nonzeroWeights();

  /** Trainable weights. */
  int totalWeights();

  /** Unit j's value depends on something trained: a nonzero weight or bias (pooling units: always). */
  boolean hasInput(int j);

  /** Unit j reads input k: through a nonzero weight, or as a candidate of its pooling window. */
  boolean reads(int j, int k);

  /** Some unit reads input k. */
  default boolean usesInput(int k) {
    for (int j = 0; j < units(); j++) {
      if (reads(j, k)) {
        return true;
      }
    }
    return false;
  }

  /** The weight domain the MILP chose the weights from (empty for layers without weights). */
  String domain();

  /**
   * Scaling a unit's incoming weights and bias by {@code s > 0} scales its output by s (ReLU and linear units; gated
   * units, whose gates do not read the scaled weights).
   */
  default boolean positivelyHomogeneous() {
    return activation().positivelyHomogeneous();
  }

  /** Whether the layer has parameters to train (pooling has none). */
  default boolean trains() {
    Differentiable d = differentiable();
    return d.weightCount() + d.biasCount() > 0;
  }

  /** Convolution filters (output channels) of the layer; 0 for layers whose units are neurons. */
  default int filters() {
    return 0;
  }

  /** Filters with a nonzero kernel weight. */
  default int activeFilters() {
    return 0;
  }

  /** The layer computes the identity on its inputs (a pruned layer: identity weights, zero biases). */
  default boolean passesThrough() {
    return false;
  }

  /**
   * Consecutive outputs that form one group (what a unit permutation moves together): 1 for dense and gate units,
   * the plane of one channel for convolution and pooling.
   */
  default int groupSize() {
    return 1;
  }

  /**
   * The same layer with its groups (units, or convolution channels) in the order {@code order}: new group g is old
   * group {@code order[g]}.
   */
  default NetworkLayer withGroupsPermuted(Integer[] order) {
    throw new UnsupportedOperationException("layer kind " + kindKey() + " has no groups to permute");
  }

  /**
   * The same function on inputs whose groups of {@code block} consecutive values were put in the order {@code order}
   * (new input group g is old group {@code order[g]}).
   */
  default NetworkLayer withInputGroupsPermuted(Integer[] order, int block) {
    throw new UnsupportedOperationException("layer kind " + kindKey() + " cannot read permuted inputs");
  }

  /** The layer as the gradient trainer sees it: its parameters, forward and backward pass. */
  Differentiable differentiable();

  /** The layer as an affine map followed by its activation, where it is one (max pooling is not). */
  DenseLayer toDense();

  /**
   * The layer itself when it is of the dense kind (a weight per unit and input, each trained on its own), else empty.
   * What acts on dense layers only asks here: the output layer, the feature and neuron budgets, dead-unit removal.
   * Unlike {@link #toDense()} this is no affine equivalent: a convolution has none.
   */
  default Optional<DenseLayer> asDense() {
    return Optional.empty();
  }

  /**
   * Adds the layer to an exchange-format graph (ONNX export) on the flat tensor {@code in} and returns its output
   * tensor: its affine or pooling operator, then its activation's ({@link Activation#export}).
   *
   * @throws UnsupportedOperationException naming the kind when it has no form in {@link OperatorGraph}'s operators
   */
  default String export(OperatorGraph graph, String in) {
    throw OperatorGraph.unsupported("a " + kindKey() + " layer");
  }
}
