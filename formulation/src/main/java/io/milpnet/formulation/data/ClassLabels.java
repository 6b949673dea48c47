package io.milpnet.formulation.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The distinct class label values of a classification problem, sorted ascending; a class's index (the
 * output neuron that stands for it) is its position in {@code values}.
 *
 * <p>Built from the training data only: the network has one output per class seen in training, so test
 * data may not introduce new labels.
 */
public record ClassLabels(int[] values) {

  public ClassLabels {
    Objects.requireNonNull(values, "values");
    values = values.clone();
    if (values.length < 2) {
      throw new IllegalArgumentException(
          "class labels " + Arrays.toString(values) + ": classification needs at least 2 classes");
    }
    for (int k = 1; k < values.length; k++) {
      if (values[k] <= values[k - 1]) {
        throw new IllegalArgumentException(
            "class labels " + Arrays.toString(values) + " must be distinct and sorted ascending");
      }
    }
  }

  /** The classes present in {@code train}, whose labels must all be integers. */
  public static ClassLabels of(Dataset train) {
    TreeSet<Integer> distinct = new TreeSet<>();
    double[] labels = train.labels();
    for (int i = 0; i < labels.length; i++) {
      double label = labels[i];
      if (!isIntValued(label)) {
        throw new DatasetException(
            "'" + train.source() + "': label " + format(label) + " of sample " + (i + 1)
                + " is not a class index (classification needs integer labels)");
      }
      distinct.add((int) label);
    }
    if (distinct.isEmpty()) {
      throw new DatasetException(
          "'" + train.source() + "' has no samples: classification needs at least 2 classes");
    }
    if (distinct.size() == 1) {
      throw new DatasetException(
          "'" + train.source() + "' has only one class (label " + distinct.first()
              + "): classification needs at least 2");
    }
    return new ClassLabels(distinct.stream().mapToInt(Integer::intValue).toArray());
  }

  public int numClasses() {
    return values.length;
  }

  /** The class index of {@code label}, or -1 if it is not one of the classes. */
  public int indexOf(double label) {
    if (!isIntValued(label)) {
      return -1;
    }
    int index = Arrays.binarySearch(values, (int) label);
    return index >= 0 ? index : -1;
  }

  /** The class index of every sample of {@code d}; every label must be one of the training classes. */
  public int[] encode(Dataset d) {
    double[] labels = d.labels();
    int[] indices = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      indices[i] = indexOf(labels[i]);
      if (indices[i] < 0) {
        throw new DatasetException(
            "test data '" + d.source() + "' has label " + format(labels[i]) + " (sample " + (i + 1)
                + "), which the training data does not have");
      }
    }
    return indices;
  }

  private static boolean isIntValued(double label) {
    return label == Math.rint(label) && label >= Integer.MIN_VALUE && label <= Integer.MAX_VALUE;
  }

  /** Integer-valued labels as integers ("7", not "7.0"), since that is how users write class labels. */
  static String format(double label) {
    return isIntValued(label) ? Integer.toString((int) label) : Double.toString(label);
  }
}
