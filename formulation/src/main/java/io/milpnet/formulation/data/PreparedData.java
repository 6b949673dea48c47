package io.milpnet.formulation.data;

import io.milpnet.formulation.network.ForwardPass;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.train.TrainingData;
import java.util.List;

/**
 * The data of a training run as {@link DataPreparation} made it: the scaled training rows (with anchors), the scaled
 * test set, and what was decided on the way (the scaling and why, the constant columns dropped).
 *
 * @param train the scaled training data, labels as class indices (or scaled targets for regression)
 * @param testX the scaled test inputs (empty without a test set)
 * @param testY the test labels as class indices (empty for regression)
 * @param testTargets the scaled test targets of a regression (empty for classification)
 * @param testSource where the test set came from, for the summary (null without one)
 * @param anchorSource the file of anchor rows (null without)
 * @param scaling the min-max scaling chosen and why
 * @param droppedFeatures the feature columns dropped because they are constant on the training rows
 * @param trainRows the raw training rows (all columns of the data file), for writing the split
 * @param testRows the raw test rows, null without a test set
 */
public record PreparedData(TrainingData train, double[][] testX, int[] testY, double[] testTargets, String testSource,
    String anchorSource, DataPreparation.ScalingChoice scaling, List<String> droppedFeatures, Dataset trainRows,
    Dataset testRows) {

  public PreparedData {
    droppedFeatures = List.copyOf(droppedFeatures);
  }

  /** The network's accuracy on the test set, NaN without one. */
  public double testAccuracy(TrainedNetwork network) {
    if (testX.length == 0) {
      return Double.NaN;
    }
    return new ForwardPass(network).accuracy(testX, testY);
  }
}
