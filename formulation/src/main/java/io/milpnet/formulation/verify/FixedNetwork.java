package io.milpnet.formulation.verify;

import io.milpnet.formulation.network.DenseLayer;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.PoolLayer;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.spec.PoolSpec;
import io.milpnet.formulation.spec.Activation;
import java.util.List;

/**
 * A network with fixed weights, as verification sees it: dense layers applied to the inputs as given (no scaling),
 * each with its activation. Built from a {@code .nnet} file or from a milpnet {@code network.json} (whose inputs are
 * then the scaled [0,1] features).
 */
public record FixedNetwork(List<DenseLayer> layers) {
  public FixedNetwork {
    layers = List.copyOf(layers);
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a network needs at least one layer");
    }
    for (int l = 1; l < layers.size(); l++) {
      if (layers.get(l).inputs() != layers.get(l - 1).units()) {
        throw new IllegalArgumentException("layer " + (l + 1) + " takes " + layers.get(l).inputs()
            + " inputs but layer " + l + " has " + layers.get(l - 1).units() + " units");
      }
    }
  }

  /**
   * The network's layers as dense layers: convolutions and average pooling expanded into their affine maps. Max
   * pooling is not affine; such a network is refused, naming the layer.
   */
  public static FixedNetwork of(TrainedNetwork network) {
    List<DenseLayer> dense = new java.util.ArrayList<>();
    for (NetworkLayer layer : network.layers()) {
      if (layer instanceof PoolLayer pool && pool.kind() == PoolSpec.Kind.MAX) {
        throw new IllegalArgumentException("layer " + (dense.size() + 1) + " is max pooling: verification supports"
            + " dense, convolutional and average-pooling layers");
      }
      if (layer instanceof io.milpnet.formulation.network.GateLayer) {
        throw new IllegalArgumentException("layer " + (dense.size() + 1) + " is gated: verification supports dense,"
            + " convolutional and average-pooling layers");
      }
      dense.add(layer.toDense());
    }
    return new FixedNetwork(dense);
  }

  /**
   * The verifier encodes ReLU and linear layers only; other activations (step, hard tanh) are refused with the
   * layer named, before any work, rather than encoded wrongly.
   */
  public void requireVerifiable() {
    for (int l = 0; l < layers.size(); l++) {
      Activation a = layers.get(l).activation();
      if (a != Activation.RELU && a != Activation.LINEAR) {
        throw new IllegalArgumentException("layer " + (l + 1) + " has a " + a.key() + " activation: verification"
            + " supports relu and linear layers");
      }
    }
  }

  public int inputs() {
    return layers.get(0).inputs();
  }

  public int outputs() {
    return layers.get(layers.size() - 1).units();
  }

  /** The double-precision forward pass: the oracle every counterexample is re-checked with. */
  public double[] evaluate(double[] input) {
    if (input.length != inputs()) {
      throw new IllegalArgumentException("input has " + input.length + " values, the network takes " + inputs());
    }
    double[] h = input;
    for (DenseLayer layer : layers) {
      double[] next = new double[layer.units()];
      for (int j = 0; j < next.length; j++) {
        double sum = layer.bias()[j];
        double[] w = layer.weights()[j];
        for (int k = 0; k < w.length; k++) {
          sum += w[k] * h[k];
        }
        next[j] = layer.activation().apply(sum);
      }
      h = next;
    }
    return h;
  }
}
