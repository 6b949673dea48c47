package io.milpnet.formulation.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassLabelsTest {

  private static Dataset labelled(String source, double... labels) {
    double[][] rows = new double[labels.length][];
    for (int i = 0; i < labels.length; i++) {
      rows[i] = new double[] {i};
    }
    return new Dataset(source, List.of("x"), "label", rows, labels);
  }

  @Test
  void distinctLabelsSortedAscending() {
    ClassLabels classes = ClassLabels.of(labelled("x.csv", 2, 0, 1, 2));

    assertArrayEquals(new int[] {0, 1, 2}, classes.values());
    assertEquals(3, classes.numClasses());
  }

  @Test
  void encodeGivesClassIndices() {
    Dataset train = labelled("x.csv", 2, 0, 1, 2);
    ClassLabels classes = ClassLabels.of(train);

    assertArrayEquals(new int[] {2, 0, 1, 2}, classes.encode(train));
  }

  @Test
  void indicesArePositionsNotLabelValues() {
    ClassLabels classes = ClassLabels.of(labelled("x.csv", 5, -1, 5, 3));

    assertArrayEquals(new int[] {-1, 3, 5}, classes.values());
    assertEquals(0, classes.indexOf(-1.0));
    assertEquals(2, classes.indexOf(5.0));
    assertEquals(-1, classes.indexOf(4.0));
    assertEquals(-1, classes.indexOf(3.5));
    assertArrayEquals(new int[] {1, 0, 2}, classes.encode(labelled("t.csv", 3, -1, 5)));
  }

  @Test
  void nonIntegerLabelIsRejectedWithItsSampleNumber() {
    DatasetException e =
        assertThrows(
            DatasetException.class, () -> ClassLabels.of(labelled("x.csv", 0, 1, 2.0, 1, 0, 1, 2.5)));

    assertEquals(
        "'x.csv': label 2.5 of sample 7 is not a class index (classification needs integer labels)",
        e.getMessage());
  }

  @Test
  void singleClassIsRejected() {
    DatasetException e =
        assertThrows(DatasetException.class, () -> ClassLabels.of(labelled("x.csv", 0, 0, 0)));

    assertEquals("'x.csv' has only one class (label 0): classification needs at least 2", e.getMessage());
  }

  @Test
  void unseenTestLabelIsRejected() {
    ClassLabels classes = ClassLabels.of(labelled("train.csv", 0, 1));

    DatasetException e =
        assertThrows(DatasetException.class, () -> classes.encode(labelled("x.csv", 1, 0, 7)));

    assertEquals(
        "test data 'x.csv' has label 7 (sample 3), which the training data does not have", e.getMessage());
  }

  @Test
  void constructorRejectsUnsortedOrTooFewValues() {
    assertThrows(IllegalArgumentException.class, () -> new ClassLabels(new int[] {1, 0}));
    assertThrows(IllegalArgumentException.class, () -> new ClassLabels(new int[] {0, 0}));
    assertThrows(IllegalArgumentException.class, () -> new ClassLabels(new int[] {0}));
  }
}
