package io.milpnet.formulation.train;

import io.milpnet.formulation.data.MinMaxScaler;
import io.milpnet.formulation.network.OutputKind;
import java.util.List;
import java.util.Objects;

/**
 * The training set as the MILP sees it: scaled inputs {@code x[i]}, class indices {@code y[i]} in {@code 0..K-1},
 * plus what a decoded network needs to be usable on raw data (feature names, the scaler, the class label values).
 */
public record TrainingData(
    double[][] x, int[] y, int numClasses, List<String> featureNames, MinMaxScaler scaler, int[] classLabels) {

  public TrainingData {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    featureNames = List.copyOf(featureNames);
    Objects.requireNonNull(scaler, "scaler");
    Objects.requireNonNull(classLabels, "classLabels");
    if (x.length != y.length) {
      throw new IllegalArgumentException(x.length + " samples but " + y.length + " labels");
    }
    if (x.length == 0) {
      throw new IllegalArgumentException("no training samples");
    }
    if (numClasses < 2 || classLabels.length != numClasses) {
      throw new IllegalArgumentException("need >= 2 classes with one label value each");
    }
    for (double[] row : x) {
      if (row.length != featureNames.size()) {
        throw new IllegalArgumentException("sample width " + row.length + " != " + featureNames.size() + " features");
      }
    }
    for (int c : y) {
      if (c < 0 || c >= numClasses) {
        throw new IllegalArgumentException("class index " + c + " outside 0.." + (numClasses - 1));
      }
    }
  }

  public int samples() {
    return x.length;
  }

  public int features() {
    return featureNames.size();
  }

  /** Two classes share one score output; more classes get one output each. */
  public OutputKind outputKind() {
    return numClasses == 2 ? OutputKind.BINARY_SCORE : OutputKind.ARGMAX;
  }

  public int outputs() {
    return numClasses == 2 ? 1 : numClasses;
  }
}
