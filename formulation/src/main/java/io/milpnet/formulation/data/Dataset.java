package io.milpnet.formulation.data;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A labelled data set: {@code features[i]} is sample i with one value per entry of {@code featureNames},
 * {@code labels[i]} its label value.
 *
 * <p>The arrays are not copied (data sets are passed around a lot and never mutated here); callers must
 * not modify them after construction. {@link #subset} and {@link #withFeatures} build new arrays.
 *
 * @param source where the data came from, as the user named it (e.g. {@code data/iris.csv}); error
 *     messages quote it
 */
public record Dataset(
    String source, List<String> featureNames, String labelName, double[][] features, double[] labels) {

  public Dataset {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(labelName, "labelName");
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(labels, "labels");
    featureNames = List.copyOf(featureNames);
    // Column alignment between training and test data looks features up by name, so names must be unique.
    Set<String> seen = new HashSet<>();
    for (String name : featureNames) {
      if (!seen.add(name)) {
        throw new IllegalArgumentException(
            "data set '" + source + "' has two features named '" + name + "'; feature names must be unique");
      }
    }
    if (labels.length != features.length) {
      throw new IllegalArgumentException(
          "data set '" + source + "' has " + features.length + " feature rows but " + labels.length
              + " labels; there must be one label per row");
    }
    for (int i = 0; i < features.length; i++) {
      if (features[i] == null || features[i].length != featureNames.size()) {
        throw new IllegalArgumentException(
            "data set '" + source + "': row " + i + " has "
                + (features[i] == null ? "no values" : features[i].length + " values")
                + " but there are " + featureNames.size() + " feature names");
      }
    }
  }

  public int numSamples() {
    return features.length;
  }

  public int numFeatures() {
    return featureNames.size();
  }

  /** The data set without the given columns (0-based indices). */
  public Dataset withoutColumns(int[] columns) {
    java.util.Set<Integer> drop = new java.util.HashSet<>();
    for (int c : columns) {
      drop.add(c);
    }
    int[] keep = java.util.stream.IntStream.range(0, featureNames.size()).filter(j -> !drop.contains(j)).toArray();
    List<String> names = new java.util.ArrayList<>();
    for (int j : keep) {
      names.add(featureNames.get(j));
    }
    double[][] rows = new double[features.length][keep.length];
    for (int i = 0; i < rows.length; i++) {
      for (int k = 0; k < keep.length; k++) {
        rows[i][k] = features[i][keep[k]];
      }
    }
    return new Dataset(source, names, labelName, rows, labels);
  }

  /** The given rows (0-based, in the given order, repeats allowed) with the same source and names. */
  public Dataset subset(int[] rows) {
    double[][] subFeatures = new double[rows.length][];
    double[] subLabels = new double[rows.length];
    for (int k = 0; k < rows.length; k++) {
      int row = rows[k];
      if (row < 0 || row >= features.length) {
        throw new IndexOutOfBoundsException(
            "row " + row + " of data set '" + source + "', which has " + features.length + " rows");
      }
      subFeatures[k] = features[row].clone();
      subLabels[k] = labels[row];
    }
    return new Dataset(source, featureNames, labelName, subFeatures, subLabels);
  }

  /** The same samples with replaced feature values (e.g. scaled); names and labels are kept. */
  public Dataset withFeatures(double[][] newFeatures) {
    return new Dataset(source, featureNames, labelName, newFeatures, labels);
  }
}
