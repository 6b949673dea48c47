package io.milpnet.formulation.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MinMaxScalerTest {

  private static final double EXACT = 0.0;

  // Column 0 spans [1, 5], column 1 is the constant 7, column 2 spans [-2, 2].
  private static final Dataset TRAIN =
      new Dataset(
          "train.csv",
          List.of("a", "b", "c"),
          "y",
          new double[][] {{1, 7, -2}, {3, 7, 0}, {5, 7, 2}},
          new double[] {0, 1, 0});

  @Test
  void fitFindsPerFeatureRange() {
    MinMaxScaler scaler = MinMaxScaler.fit(TRAIN);

    assertArrayEquals(new double[] {1, 7, -2}, scaler.min());
    assertArrayEquals(new double[] {5, 7, 2}, scaler.max());
  }

  @Test
  void trainingDataMapsIntoUnitIntervalAndConstantColumnToZero() {
    Dataset scaled = MinMaxScaler.fit(TRAIN).transform(TRAIN);

    assertArrayEquals(new double[] {0, 0, 0}, scaled.features()[0], EXACT);
    assertArrayEquals(new double[] {0.5, 0, 0.5}, scaled.features()[1], EXACT);
    assertArrayEquals(new double[] {1, 0, 1}, scaled.features()[2], EXACT);
    assertArrayEquals(TRAIN.labels(), scaled.labels());
    assertEquals(TRAIN.featureNames(), scaled.featureNames());
  }

  @Test
  void testRowOutsideTrainingRangeIsNotClipped() {
    MinMaxScaler scaler = MinMaxScaler.fit(TRAIN);

    // (6-1)/4, (9-7)/1 for the constant column, (-4+2)/4
    assertArrayEquals(new double[] {1.25, 2, -0.5}, scaler.transform(new double[] {6, 9, -4}), EXACT);
  }

  @Test
  void transformDoesNotModifyItsArgument() {
    double[] row = {3, 7, 0};

    MinMaxScaler.fit(TRAIN).transform(row);

    assertArrayEquals(new double[] {3, 7, 0}, row);
  }

  @Test
  void featureCountMismatchIsRejected() {
    MinMaxScaler scaler = MinMaxScaler.fit(TRAIN);
    Dataset twoFeatures =
        new Dataset("test.csv", List.of("a", "b"), "y", new double[][] {{1, 2}}, new double[] {0});

    assertThrows(IllegalArgumentException.class, () -> scaler.transform(twoFeatures));
    assertThrows(IllegalArgumentException.class, () -> scaler.transform(new double[] {1, 2}));
  }

  @Test
  void constructorRejectsInvertedRange() {
    assertThrows(IllegalArgumentException.class, () -> new MinMaxScaler(new double[] {2}, new double[] {1}));
    assertThrows(
        IllegalArgumentException.class, () -> new MinMaxScaler(new double[] {0, 0}, new double[] {1}));
  }

  @Test
  void clippingKeepsOtherDataInTheUnitBox() {
    MinMaxScaler clip = MinMaxScaler.fit(TRAIN).withClip(true);
    assertArrayEquals(new double[] {0, 0, 1}, clip.transform(new double[] {-3, 7, 9}), EXACT);
    assertArrayEquals(new double[] {-1, 0, 2.75}, MinMaxScaler.fit(TRAIN).transform(new double[] {-3, 7, 9}), EXACT,
        "without clipping the shift stays visible");
  }

  @Test
  void constantColumnsAreFound() {
    assertArrayEquals(new int[] {1}, MinMaxScaler.constantColumns(TRAIN));
  }

  /** Pixel-like columns (most spanning the whole range) share a scale; columns in units of their own do not. */
  @Test
  void sharedScaleTellsPixelsFromMeasurements() {
    Dataset pixels = new Dataset("p.csv", List.of("p1", "p2", "p3", "p4"), "y",
        new double[][] {{0, 255, 3, 0}, {255, 0, 40, 0}, {128, 17, 0, 0}}, new double[] {0, 1, 0});
    assertTrue(MinMaxScaler.sharedScale(pixels), "two of three varying columns span [0, 255]");
    Dataset measured = new Dataset("m.csv", List.of("length", "area"), "y",
        new double[][] {{4.3, 143}, {7.9, 2501}, {5.0, 900}}, new double[] {0, 1, 0});
    assertFalse(MinMaxScaler.sharedScale(measured), "one column spans the range, the other 0.1% of it");
    assertFalse(MinMaxScaler.sharedScale(TRAIN), "[1, 5] and [-2, 2] of [-2, 7]");
  }
}
