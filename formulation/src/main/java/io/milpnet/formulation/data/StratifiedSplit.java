package io.milpnet.formulation.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Train/test splitting that keeps each class's share of the data on both sides, and the alignment of a
 * separately supplied test file to the training columns.
 */
public final class StratifiedSplit {

  private StratifiedSplit() {}

  /**
   * Holds out {@code Math.round(n_c * testFraction)} samples of every class c for testing, but always
   * leaves at least one sample of every class for training (a class never seen in training cannot be
   * predicted). Reproducible: one {@code Random(seed)} shuffles the classes in ascending label order. Both
   * sides keep the original row order.
   */
  public static TrainTestSplit split(Dataset data, double testFraction, long seed) {
    if (!(testFraction > 0.0 && testFraction < 1.0)) {
      throw new IllegalArgumentException(
          "test fraction must be strictly between 0 and 1, got " + testFraction
              + " (e.g. 0.2 holds out 20% of each class for testing)");
    }
    // Adding 0.0 turns -0.0 into 0.0 so that both fall in the same class.
    TreeMap<Double, List<Integer>> rowsByLabel = new TreeMap<>();
    double[] labels = data.labels();
    for (int i = 0; i < labels.length; i++) {
      rowsByLabel.computeIfAbsent(labels[i] + 0.0, label -> new ArrayList<>()).add(i);
    }
    Random random = new Random(seed);
    List<Integer> trainRows = new ArrayList<>();
    List<Integer> testRows = new ArrayList<>();
    for (List<Integer> classRows : rowsByLabel.values()) {
      Collections.shuffle(classRows, random);
      int n = classRows.size();
      int numTest = (int) Math.min(Math.round(n * testFraction), n - 1);
      testRows.addAll(classRows.subList(0, numTest));
      trainRows.addAll(classRows.subList(numTest, n));
    }
    return new TrainTestSplit(data.subset(sortedArray(trainRows)), data.subset(sortedArray(testRows)));
  }

  /**
   * {@code test} with its feature columns reordered to the order of {@code train}'s, so that a test file
   * may list the same columns in another order. A column missing on either side is an error: the network's
   * inputs are exactly the training features.
   */
  public static Dataset alignColumns(Dataset test, Dataset train) {
    return alignColumns(test, train.featureNames());
  }

  /** {@link #alignColumns(Dataset, Dataset)} against the training data's column names. */
  public static Dataset alignColumns(Dataset test, List<String> trainNames) {
    List<String> testNames = test.featureNames();
    if (testNames.equals(trainNames)) {
      return test;
    }
    Map<String, Integer> testColumn = new HashMap<>();
    for (int j = 0; j < testNames.size(); j++) {
      testColumn.put(testNames.get(j), j);
    }
    int[] sourceColumn = new int[trainNames.size()];
    for (int j = 0; j < trainNames.size(); j++) {
      Integer column = testColumn.get(trainNames.get(j));
      if (column == null) {
        throw new DatasetException(
            "test data '" + test.source() + "' lacks column '" + trainNames.get(j)
                + "' of the training data");
      }
      sourceColumn[j] = column;
    }
    for (String name : testNames) {
      if (!trainNames.contains(name)) {
        throw new DatasetException(
            "test data '" + test.source() + "' has column '" + name
                + "', which the training data does not have");
      }
    }
    double[][] rows = test.features();
    double[][] aligned = new double[rows.length][trainNames.size()];
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < sourceColumn.length; j++) {
        aligned[i][j] = rows[i][sourceColumn[j]];
      }
    }
    return new Dataset(test.source(), trainNames, test.labelName(), aligned, test.labels());
  }

  private static int[] sortedArray(List<Integer> rows) {
    int[] array = rows.stream().mapToInt(Integer::intValue).toArray();
    Arrays.sort(array);
    return array;
  }
}
