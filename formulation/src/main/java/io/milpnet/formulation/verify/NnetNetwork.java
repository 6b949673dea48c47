package io.milpnet.formulation.verify;

import io.milpnet.formulation.layer.dense.DenseLayer;
import java.util.List;

/**
 * A network read from a {@code .nnet} file: the layers (ReLU after every layer but the last, which is linear), and
 * the file's normalisation data, kept so raw inputs and outputs can be translated: input i is clamped to
 * {@code [inputMin_i, inputMax_i]} and normalised as {@code (x_i - means_i) / ranges_i}; a raw output is
 * {@code y * ranges[n] + means[n]}.
 */
public record NnetNetwork(
    List<DenseLayer> layers, double[] inputMin, double[] inputMax, double[] means, double[] ranges) {

  public NnetNetwork {
    layers = List.copyOf(layers);
  }

  public int inputs() {
    return layers.get(0).inputs();
  }

  public int outputs() {
    return layers.get(layers.size() - 1).units();
  }

  /** The network as the verifier sees it: weights applied directly to (already normalised) inputs. */
  public FixedNetwork toFixedNetwork() {
    return new FixedNetwork(layers);
  }
}
