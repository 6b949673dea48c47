package io.milpnet.formulation.verify;

import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.TrainedNetwork;
import java.util.ArrayList;
import java.util.List;

/**
 * A network with fixed weights, as verification sees it: its layers applied to the inputs as given (no scaling).
 * Built from a {@code .nnet} file (dense layers) or from a milpnet {@code network.json} (whose inputs are then the
 * scaled [0,1] features, and whose layers may be dense, convolutional, max or average pooling, or gated). Each layer
 * is bounded and encoded by its {@link VerificationLayer}; its own forward pass is the oracle.
 */
public final class FixedNetwork {
  private final List<NetworkLayer> layers;
  private final List<VerificationLayer> verification;

  /** @throws UnsupportedLayerException for a layer kind verification does not know */
  public FixedNetwork(List<? extends NetworkLayer> layers) {
    this.layers = List.copyOf(layers);
    if (this.layers.isEmpty()) {
      throw new IllegalArgumentException("a network needs at least one layer");
    }
    for (int l = 1; l < this.layers.size(); l++) {
      if (this.layers.get(l).inputs() != this.layers.get(l - 1).units()) {
        throw new IllegalArgumentException("layer " + (l + 1) + " takes " + this.layers.get(l).inputs()
            + " inputs but layer " + l + " has " + this.layers.get(l - 1).units() + " units");
      }
    }
    List<VerificationLayer> v = new ArrayList<>();
    for (int l = 0; l < this.layers.size(); l++) {
      v.add(VerificationLayers.of(this.layers.get(l), l + 1));
    }
    this.verification = List.copyOf(v);
  }

  /** A trained network's layers, as they are (convolutions and pooling included). */
  public static FixedNetwork of(TrainedNetwork network) {
    return new FixedNetwork(network.layers());
  }

  public List<NetworkLayer> layers() {
    return layers;
  }

  /** Each layer's verification, in order. */
  List<VerificationLayer> verification() {
    return verification;
  }

  /**
   * Refuses, with the layer named, before any work, what the verifier cannot encode (step and hard-tanh
   * activations) rather than encode it wrongly.
   */
  public void requireVerifiable() {
    for (int l = 0; l < verification.size(); l++) {
      verification.get(l).requireVerifiable(l + 1);
    }
  }

  public int inputs() {
    return layers.get(0).inputs();
  }

  public int outputs() {
    return layers.get(layers.size() - 1).units();
  }

  /**
   * The double-precision forward pass of the layers themselves (max pooling and gates included): the oracle every
   * counterexample is re-checked with.
   */
  public double[] evaluate(double[] input) {
    if (input.length != inputs()) {
      throw new IllegalArgumentException("input has " + input.length + " values, the network takes " + inputs());
    }
    double[] h = input;
    for (NetworkLayer layer : layers) {
      h = layer.outputs(h);
    }
    return h;
  }
}
