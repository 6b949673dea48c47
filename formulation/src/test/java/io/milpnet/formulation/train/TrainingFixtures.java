package io.milpnet.formulation.train;

import io.milpnet.formulation.data.ClassLabels;
import io.milpnet.formulation.data.Dataset;
import io.milpnet.formulation.data.MinMaxScaler;
import java.util.ArrayList;
import java.util.List;

/** Small training sets for tests, built in code so their optima can be reasoned about. */
public final class TrainingFixtures {
  private TrainingFixtures() {}

  public static TrainingData of(double[][] x, int[] labels) {
    List<String> names = new ArrayList<>();
    for (int k = 0; k < x[0].length; k++) {
      names.add("x" + (k + 1));
    }
    double[] y = new double[labels.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = labels[i];
    }
    Dataset raw = new Dataset("fixture", names, "label", x, y);
    MinMaxScaler scaler = MinMaxScaler.fit(raw);
    Dataset scaled = scaler.transform(raw);
    ClassLabels classes = ClassLabels.of(raw);
    return new TrainingData(scaled.features(), classes.encode(raw), classes.numClasses(), names, scaler,
        classes.values());
  }

  public static TrainingData xor() {
    return of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}, new int[] {0, 1, 1, 0});
  }
}
