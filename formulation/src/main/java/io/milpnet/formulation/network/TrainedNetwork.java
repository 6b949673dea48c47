package io.milpnet.formulation.network;

import io.milpnet.formulation.data.MinMaxScaler;
import io.milpnet.formulation.layer.dense.DenseLayer;
import java.util.List;
import java.util.Objects;

/**
 * A network as the MILP decoded it: the input scaling fitted on the training data, the layers (hidden layers then
 * the linear output layer) with their pruned (zero) weights, and how outputs become class labels.
 *
 * @param inputFeatures names of the input columns, in order
 * @param scaler the min-max scaling applied to raw inputs before the first layer
 * @param layers the layers in order; the last one is the (dense, linear) output layer
 * @param outputKind how outputs become a class index
 * @param classLabels the label value of each class index (empty for regression)
 * @param targetRange regression only: the training targets' {min, max}; an output o predicts
 *     {@code min + (max - min) o}
 */
public record TrainedNetwork(
    List<String> inputFeatures, MinMaxScaler scaler, List<NetworkLayer> layers, OutputKind outputKind, int[] classLabels,
    double[] targetRange) {

  /** A classifier (no target range). */
  public TrainedNetwork(List<String> inputFeatures, MinMaxScaler scaler, List<NetworkLayer> layers,
      OutputKind outputKind, int[] classLabels) {
    this(inputFeatures, scaler, layers, outputKind, classLabels, null);
  }

  public TrainedNetwork {
    inputFeatures = List.copyOf(inputFeatures);
    layers = List.copyOf(layers);
    Objects.requireNonNull(scaler, "scaler");
    Objects.requireNonNull(outputKind, "outputKind");
    Objects.requireNonNull(classLabels, "classLabels");
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a network needs at least its output layer");
    }
    int width = inputFeatures.size();
    for (int l = 0; l < layers.size(); l++) {
      NetworkLayer layer = layers.get(l);
      if (layer.units() > 0 && layer.inputs() != width) {
        throw new IllegalArgumentException("layer " + (l + 1) + " takes " + layer.inputs() + " inputs but receives "
            + width);
      }
      width = layer.units();
    }
    if (layers.get(layers.size() - 1).asDense().isEmpty()) {
      throw new IllegalArgumentException("the output layer must be dense");
    }
    if ((outputKind == OutputKind.REGRESSION) != (targetRange != null)
        || (targetRange != null && (targetRange.length != 2 || !(targetRange[0] <= targetRange[1])))) {
      throw new IllegalArgumentException("a regression network needs its target range {min, max}, and only it");
    }
    int expectedOutputs = outputKind == OutputKind.ARGMAX ? classLabels.length : 1;
    if (width != expectedOutputs) {
      throw new IllegalArgumentException("output layer has " + width + " units, " + outputKind + " with "
          + classLabels.length + " classes needs " + expectedOutputs);
    }
  }

  /** A regression output in the target's own units. */
  public double targetValue(double output) {
    double range = targetRange[1] - targetRange[0];
    return targetRange[0] + (range == 0.0 ? 1.0 : range) * output;
  }

  public int numInputs() {
    return inputFeatures.size();
  }

  public DenseLayer outputLayer() {
    return layers.get(layers.size() - 1).asDense().orElseThrow();
  }

  public List<NetworkLayer> hiddenLayers() {
    return layers.subList(0, layers.size() - 1);
  }
}
