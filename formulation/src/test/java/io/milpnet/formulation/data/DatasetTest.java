package io.milpnet.formulation.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {

  private static Dataset threeRows() {
    return new Dataset(
        "d.csv",
        List.of("a", "b"),
        "y",
        new double[][] {{1, 2}, {3, 4}, {5, 6}},
        new double[] {0, 1, 2});
  }

  @Test
  void sizesComeFromRowsAndNames() {
    Dataset data = threeRows();

    assertEquals(3, data.numSamples());
    assertEquals(2, data.numFeatures());
  }

  @Test
  void featureNamesAreCopiedAndUnmodifiable() {
    List<String> names = new ArrayList<>(List.of("a", "b"));
    Dataset data = new Dataset("d.csv", names, "y", new double[][] {{1, 2}}, new double[] {0});
    names.set(0, "changed");

    assertEquals(List.of("a", "b"), data.featureNames());
    assertThrows(UnsupportedOperationException.class, () -> data.featureNames().add("c"));
  }

  @Test
  void subsetTakesRowsInTheGivenOrder() {
    Dataset sub = threeRows().subset(new int[] {2, 0});

    assertEquals("d.csv", sub.source());
    assertEquals(List.of("a", "b"), sub.featureNames());
    assertEquals("y", sub.labelName());
    assertArrayEquals(new double[] {5, 6}, sub.features()[0]);
    assertArrayEquals(new double[] {1, 2}, sub.features()[1]);
    assertArrayEquals(new double[] {2, 0}, sub.labels());
  }

  @Test
  void subsetRejectsRowOutOfRange() {
    assertThrows(IndexOutOfBoundsException.class, () -> threeRows().subset(new int[] {3}));
  }

  @Test
  void withFeaturesKeepsLabelsAndNames() {
    Dataset replaced = threeRows().withFeatures(new double[][] {{0, 0}, {0.5, 0.5}, {1, 1}});

    assertArrayEquals(new double[] {0.5, 0.5}, replaced.features()[1]);
    assertArrayEquals(new double[] {0, 1, 2}, replaced.labels());
    assertEquals(List.of("a", "b"), replaced.featureNames());
  }

  @Test
  void rowOfWrongLengthIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Dataset("d.csv", List.of("a", "b"), "y", new double[][] {{1, 2}, {3}}, new double[2]));

    assertTrue(e.getMessage().contains("row 1 has 1 values"), e.getMessage());
  }

  @Test
  void labelCountMustMatchRowCount() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Dataset("d.csv", List.of("a"), "y", new double[][] {{1}, {2}}, new double[] {0}));
  }

  @Test
  void duplicateFeatureNamesAreRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Dataset("d.csv", List.of("a", "a"), "y", new double[][] {{1, 2}}, new double[] {0}));
  }
}
