package io.milpnet.formulation.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataPreparationTest {
  @TempDir
  Path dir;

  /** 3 rows of class 0, 4 of class 1; column b is constant, a spans [0,1] and c [0,1000]. */
  private Path flat() throws IOException {
    return csv("flat.csv", "a,b,c,label", "0,5,0,0", "0.5,5,100,0", "1,5,200,0", "0.1,5,1000,1", "0.2,5,900,1",
        "0.3,5,800,1", "0.4,5,700,1");
  }

  private Path csv(String name, String... lines) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, List.of(lines));
    return file;
  }

  private static DataPreparation.Settings settings(Path data) {
    return new DataPreparation.Settings(data, "label", null, null, null, null, DataPreparation.Scaling.AUTO, false,
        false, null, 1);
  }

  private static DataPreparation.Settings withPerClass(DataPreparation.Settings s, Integer perClass) {
    return new DataPreparation.Settings(s.data(), s.labelColumn(), s.test(), s.testSplit(), perClass,
        s.keepClasses(), s.scaling(), s.images(), s.regression(), s.anchors(), s.seed());
  }

  @Test
  void flatDataDropTheConstantColumnAndScalePerFeature() throws IOException {
    PreparedData p = new DataPreparation().prepare(settings(flat()));

    assertEquals(List.of("b"), p.droppedFeatures());
    assertEquals(List.of("a", "c"), p.train().featureNames());
    assertFalse(p.scaling().global());
    assertEquals("per-feature", p.scaling().name());
    assertEquals("auto: the columns have ranges of their own", p.scaling().reason());
    // Per feature: row 2 (0.5, 100) is (0.5, 0.1) of the ranges [0,1] and [0,1000].
    assertArrayEquals(new double[] {0.5, 0.1}, p.train().x()[1], 1e-12);
    assertEquals(0, p.testX().length);
    assertNull(p.testSource());
    // The raw rows keep every column of the file.
    assertEquals(3, p.trainRows().numFeatures());
    assertNull(p.testRows());
  }

  @Test
  void imagesKeepEveryColumnAndScaleGlobally() throws IOException {
    DataPreparation.Settings s = settings(flat());
    PreparedData p = new DataPreparation().prepare(new DataPreparation.Settings(s.data(), "label", null, null, null,
        null, DataPreparation.Scaling.AUTO, true, false, null, 1));

    assertEquals(List.of(), p.droppedFeatures());
    assertEquals(3, p.train().features());
    assertTrue(p.scaling().global());
    assertEquals("auto: the features are images (--input-shape)", p.scaling().reason());
    // One range [0,1000] for all columns: b = 5 becomes 0.005.
    assertEquals(0.005, p.train().x()[0][1], 1e-12);
  }

  @Test
  void perClassSampleTrainsOnThatManyOfEachClassAndTestsOnTheRest() throws IOException {
    Path data = flat();
    PreparedData p = new DataPreparation().prepare(withPerClass(settings(data), 2));

    assertEquals(4, p.train().samples());
    assertArrayEquals(new int[] {2, 2}, counts(p.train().y(), 2));
    assertEquals(3, p.testX().length);
    assertArrayEquals(new int[] {1, 2}, counts(p.testY(), 2));
    assertEquals("the rest of " + data + " after 2 per class for training (seed 1)", p.testSource());
  }

  @Test
  void aPerClassSampleLargerThanAClassNamesItsSetting() throws IOException {
    DataPreparation.SelectionException e = assertThrows(DataPreparation.SelectionException.class,
        () -> new DataPreparation().prepare(withPerClass(settings(flat()), 3)));
    assertEquals("trainPerClass", e.setting());
  }

  @Test
  void anAbsentClassToKeepNamesItsSetting() throws IOException {
    DataPreparation.Settings s = settings(flat());
    DataPreparation.SelectionException e = assertThrows(DataPreparation.SelectionException.class,
        () -> new DataPreparation().prepare(new DataPreparation.Settings(s.data(), "label", null, null, null,
            List.of(7.0), DataPreparation.Scaling.AUTO, false, false, null, 1)));
    assertEquals("classes", e.setting());
  }

  @Test
  void aTestSplitIsNamedWithItsFraction() throws IOException {
    Path data = flat();
    PreparedData p = new DataPreparation().prepare(new DataPreparation.Settings(data, "label", null, 0.5, null,
        null, DataPreparation.Scaling.PER_FEATURE, false, false, null, 3));

    assertEquals("split 0.500000 of " + data + " (seed 3)", p.testSource());
    assertEquals(7, p.train().samples() + p.testX().length);
    assertEquals("--scaling per-feature", p.scaling().reason());
  }

  @Test
  void regressionTargetsAreScaledByTheTrainingRange() throws IOException {
    Path data = csv("reg.csv", "x,label", "0,10", "1,20", "2,30");
    PreparedData p = new DataPreparation().prepare(new DataPreparation.Settings(data, "label", null, null, null,
        null, DataPreparation.Scaling.AUTO, false, true, null, 0));

    assertTrue(p.train().regression());
    assertArrayEquals(new double[] {0, 0.5, 1}, p.train().targets(), 1e-12);
    assertEquals(0, p.testY().length);
  }

  @Test
  void scalingChoice() {
    Dataset pixels = new Dataset("p", List.of("p1", "p2", "p3"), "label",
        new double[][] {{0, 255, 0}, {255, 0, 128}, {10, 20, 255}}, new double[] {0, 1, 0});
    Dataset ranges = new Dataset("r", List.of("a", "c"), "label", new double[][] {{0, 0}, {1, 1000}},
        new double[] {0, 1});

    assertEquals(new DataPreparation.ScalingChoice(true, "auto: the columns share one range, as pixels do"),
        DataPreparation.chooseScaling(pixels, DataPreparation.Scaling.AUTO, false));
    assertEquals(new DataPreparation.ScalingChoice(false, "auto: the columns have ranges of their own"),
        DataPreparation.chooseScaling(ranges, DataPreparation.Scaling.AUTO, false));
    assertEquals(new DataPreparation.ScalingChoice(true, "--scaling global"),
        DataPreparation.chooseScaling(ranges, DataPreparation.Scaling.GLOBAL, false));
    assertEquals(new DataPreparation.ScalingChoice(false, "--scaling per-feature"),
        DataPreparation.chooseScaling(pixels, DataPreparation.Scaling.PER_FEATURE, true));
  }

  @Test
  void constantFeaturesAreNamedUnlessEveryColumnIsConstant() {
    Dataset d = new Dataset("d", List.of("a", "b", "c", "d"), "label",
        new double[][] {{1, 7, 0, 3}, {2, 7, 0, 3}, {3, 7, 0, 3}}, new double[] {0, 1, 0});
    Dataset allConstant = new Dataset("d", List.of("a", "b"), "label", new double[][] {{1, 7}, {1, 7}},
        new double[] {0, 1});

    assertEquals(List.of("b", "c", "d"), DataPreparation.constantFeatures(d));
    assertEquals(List.of(), DataPreparation.constantFeatures(allConstant));
  }

  @Test
  void scalingParsesTheCommandLineSpelling() {
    assertEquals(DataPreparation.Scaling.PER_FEATURE, DataPreparation.Scaling.parse("Per-Feature"));
    assertEquals("per-feature", DataPreparation.Scaling.PER_FEATURE.key());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DataPreparation.Scaling.parse("log"));
    assertEquals("--scaling 'log' is not a scaling: use auto, per-feature or global", e.getMessage());
  }

  private static int[] counts(int[] labels, int classes) {
    int[] n = new int[classes];
    for (int y : labels) {
      n[y]++;
    }
    return n;
  }
}
