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
    TreeMap<Double, List<Integer>> rowsByLabel = rowsByLabel(data);
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
   * Holds out {@code Math.round(n * testFraction)} samples (at least one left for training) drawn by
   * {@code Random(seed)}, without regard to labels: the split for regression targets. Both sides keep the original
   * row order.
   */
  public static TrainTestSplit random(Dataset data, double testFraction, long seed) {
    if (!(testFraction > 0.0 && testFraction < 1.0)) {
      throw new IllegalArgumentException("test fraction must be strictly between 0 and 1, got " + testFraction);
    }
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < data.numSamples(); i++) {
      rows.add(i);
    }
    Collections.shuffle(rows, new Random(seed));
    int numTest = (int) Math.min(Math.round(rows.size() * testFraction), rows.size() - 1);
    return new TrainTestSplit(data.subset(sortedArray(rows.subList(numTest, rows.size()))),
        data.subset(sortedArray(rows.subList(0, numTest))));
  }

  /**
   * Draws {@code perClass} samples of every class for training (one {@code Random(seed)} shuffles the classes in
   * ascending label order) and keeps the rest for testing; both sides keep the original row order. Every class needs
   * more than {@code perClass} samples, so that each is also tested.
   */
  public static TrainTestSplit perClass(Dataset data, int perClass, long seed) {
    if (perClass < 1) {
      throw new IllegalArgumentException("training samples per class must be at least 1, got " + perClass);
    }
    TreeMap<Double, List<Integer>> rowsByLabel = rowsByLabel(data);
    Random random = new Random(seed);
    List<Integer> trainRows = new ArrayList<>();
    List<Integer> testRows = new ArrayList<>();
    for (Map.Entry<Double, List<Integer>> e : rowsByLabel.entrySet()) {
      List<Integer> classRows = e.getValue();
      if (classRows.size() <= perClass) {
        throw new IllegalArgumentException("class " + ClassLabels.format(e.getKey()) + " of '" + data.source()
            + "' has " + classRows.size() + " samples: give fewer than that per class for training");
      }
      Collections.shuffle(classRows, random);
      trainRows.addAll(classRows.subList(0, perClass));
      testRows.addAll(classRows.subList(perClass, classRows.size()));
    }
    return new TrainTestSplit(data.subset(sortedArray(trainRows)), data.subset(sortedArray(testRows)));
  }

  /** The rows of {@code data} whose label is one of {@code keep}; an error naming a label that has no rows. */
  public static Dataset keepClasses(Dataset data, List<Double> keep) {
    List<Integer> rows = new ArrayList<>();
    for (double label : keep) {
      boolean found = false;
      for (int i = 0; i < data.labels().length; i++) {
        found |= data.labels()[i] == label;
      }
      if (!found) {
        throw new IllegalArgumentException("'" + data.source() + "' has no samples of class "
            + ClassLabels.format(label) + "; the classes there are " + distinctLabels(data));
      }
    }
    for (int i = 0; i < data.labels().length; i++) {
      if (keep.contains(data.labels()[i] + 0.0)) {
        rows.add(i);
      }
    }
    return data.subset(sortedArray(rows));
  }

  private static String distinctLabels(Dataset data) {
    List<String> out = new ArrayList<>();
    rowsByLabel(data).keySet().forEach(l -> out.add(ClassLabels.format(l)));
    return String.join(", ", out);
  }

  /** Row indices by label, labels ascending (adding 0.0 turns -0.0 into 0.0 so that both fall in one class). */
  private static TreeMap<Double, List<Integer>> rowsByLabel(Dataset data) {
    TreeMap<Double, List<Integer>> rows = new TreeMap<>();
    double[] labels = data.labels();
    for (int i = 0; i < labels.length; i++) {
      rows.computeIfAbsent(labels[i] + 0.0, label -> new ArrayList<>()).add(i);
    }
    return rows;
  }

  /**
   * {@code test} with its feature columns reordered to the order of {@code train}'s, so that a test file
   * may list the same columns in another order. A column missing on either side is an error: the network's
   * inputs are exactly the training features.
   */
  public static Dataset alignColumns(Dataset test, Dataset train) {
    return alignColumns(test, train.featureNames());
  }

  /**
   * The columns {@code names} of {@code d} in that order (columns of {@code d} not named are left out: a network's
   * data file may hold columns the network does not read); an error names a missing one.
   */
  public static Dataset selectColumns(Dataset d, List<String> names) {
    List<String> extra = new java.util.ArrayList<>(d.featureNames());
    extra.removeAll(names);
    int[] drop = new int[extra.size()];
    for (int k = 0; k < drop.length; k++) {
      drop[k] = d.featureNames().indexOf(extra.get(k));
    }
    return alignColumns(d.withoutColumns(drop), names);
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
