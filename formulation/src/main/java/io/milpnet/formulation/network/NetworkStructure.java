package io.milpnet.formulation.network;

import io.milpnet.formulation.activation.Activation;

import java.util.ArrayList;
import java.util.List;

/**
 * The structure a trained network kept: live hidden units (taking input and feeding the next layer), nonzero
 * weights, active convolution filters (a nonzero kernel weight), input features read by a live first-layer unit,
 * hidden layers with a live unit. Neurons are the units of hidden dense layers; filters the channels of convolutions;
 * layers the hidden dense and convolutional layers (pooling trains nothing).
 */
public record NetworkStructure(
    boolean[][] alive,
    int nonzeroWeights,
    int totalWeights,
    int activeNeurons,
    int totalNeurons,
    int activeFilters,
    int totalFilters,
    int activeLayers,
    int totalLayers,
    List<String> selectedFeatureNames) {

  public static NetworkStructure of(TrainedNetwork net) {
    List<NetworkLayer> layers = net.layers();
    boolean[][] alive = new boolean[layers.size()][];
    int nonzero = 0;
    int total = 0;
    int active = 0;
    int neurons = 0;
    int filters = 0;
    int activeFilters = 0;
    int activeLayers = 0;
    int hiddenLayers = 0;
    for (int l = 0; l < layers.size(); l++) {
      NetworkLayer layer = layers.get(l);
      nonzero += layer.nonzeroWeights();
      total += layer.totalWeights();
      alive[l] = new boolean[layer.units()];
      boolean hidden = l + 1 < layers.size();
      int liveHere = 0;
      for (int j = 0; j < layer.units(); j++) {
        // Output units are always live; a hidden unit is live if it has input and some next-layer unit reads it.
        alive[l][j] = !hidden || (layer.hasInput(j) && layers.get(l + 1).usesInput(j));
        liveHere += alive[l][j] ? 1 : 0;
      }
      if (!hidden || !layer.trains()) {
        continue;
      }
      hiddenLayers++;
      if (layer.filters() > 0) {
        filters += layer.filters();
        int liveFilters = layer.activeFilters();
        activeFilters += liveFilters;
        activeLayers += liveFilters > 0 && liveHere > 0 ? 1 : 0;
      } else {
        neurons += layer.units();
        active += liveHere;
        boolean pruned = l > 0 && layer.activation() == Activation.RELU
            && layers.get(l - 1).activation() == Activation.RELU && layer.passesThrough();
        activeLayers += liveHere > 0 && !pruned ? 1 : 0;
      }
    }
    List<String> selected = new ArrayList<>();
    NetworkLayer first = layers.get(0);
    for (int k = 0; k < net.numInputs(); k++) {
      for (int j = 0; j < first.units(); j++) {
        if (alive[0][j] && first.reads(j, k)) {
          selected.add(net.inputFeatures().get(k));
          break;
        }
      }
    }
    return new NetworkStructure(alive, nonzero, total, active, neurons, activeFilters, filters, activeLayers,
        hiddenLayers, List.copyOf(selected));
  }

  public boolean alive(int layer, int unit) {
    return alive[layer][unit];
  }
}
