package io.milpnet.formulation.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StratifiedSplitTest {

  /** Sample i has the single feature value i, so a split's rows can be identified. */
  private static Dataset withLabels(double... labels) {
    double[][] rows = new double[labels.length][];
    for (int i = 0; i < labels.length; i++) {
      rows[i] = new double[] {i};
    }
    return new Dataset("all.csv", List.of("id"), "label", rows, labels);
  }

  /** 10 samples of class 0 and 20 of class 1, interleaved as 0, 1, 1, 0, 1, 1, ... */
  private static Dataset tenAndTwenty() {
    double[] labels = new double[30];
    for (int i = 0; i < 30; i++) {
      labels[i] = i % 3 == 0 ? 0 : 1;
    }
    return withLabels(labels);
  }

  private static int[] ids(Dataset d) {
    return Arrays.stream(d.features()).mapToInt(row -> (int) row[0]).toArray();
  }

  private static long count(Dataset d, double label) {
    return Arrays.stream(d.labels()).filter(l -> l == label).count();
  }

  @Test
  void eachClassKeepsItsProportion() {
    TrainTestSplit split = StratifiedSplit.split(tenAndTwenty(), 0.3, 42);

    assertEquals(3, count(split.test(), 0));
    assertEquals(6, count(split.test(), 1));
    assertEquals(7, count(split.train(), 0));
    assertEquals(14, count(split.train(), 1));
  }

  @Test
  void trainAndTestAreDisjointCoverAllRowsAndKeepOriginalOrder() {
    Dataset data = tenAndTwenty();
    TrainTestSplit split = StratifiedSplit.split(data, 0.3, 7);
    int[] train = ids(split.train());
    int[] test = ids(split.test());

    int[] all = new int[train.length + test.length];
    System.arraycopy(train, 0, all, 0, train.length);
    System.arraycopy(test, 0, all, train.length, test.length);
    Arrays.sort(all);
    int[] expected = new int[30];
    Arrays.setAll(expected, i -> i);
    assertArrayEquals(expected, all);
    assertArrayEquals(Arrays.stream(train).sorted().toArray(), train);
    assertArrayEquals(Arrays.stream(test).sorted().toArray(), test);
    for (int i = 0; i < test.length; i++) {
      assertEquals(data.labels()[test[i]], split.test().labels()[i], "label travels with its row");
    }
  }

  @Test
  void sameSeedGivesSameSplit() {
    Dataset data = tenAndTwenty();

    assertArrayEquals(
        ids(StratifiedSplit.split(data, 0.3, 1).test()), ids(StratifiedSplit.split(data, 0.3, 1).test()));
  }

  @Test
  void differentSeedGivesDifferentSplit() {
    Dataset data = tenAndTwenty();

    assertFalse(
        Arrays.equals(
            ids(StratifiedSplit.split(data, 0.3, 1).test()),
            ids(StratifiedSplit.split(data, 0.3, 2).test())));
  }

  @Test
  void followsTheDocumentedShuffleSoSplitsCanBeReproducedElsewhere() {
    // Class 1 comes first in the file, but classes are shuffled in ascending label order by one Random.
    Dataset data = withLabels(1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0);
    Random random = new Random(99);
    List<Integer> class0 = new ArrayList<>(List.of(6, 7, 8, 9, 10));
    List<Integer> class1 = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5));
    Collections.shuffle(class0, random);
    Collections.shuffle(class1, random);
    // round(5 * 0.4) = 2 and round(6 * 0.4) = 2 test rows, taken from the front of each shuffled class.
    int[] expectedTest =
        IntStream.concat(
                class0.subList(0, 2).stream().mapToInt(Integer::intValue),
                class1.subList(0, 2).stream().mapToInt(Integer::intValue))
            .sorted()
            .toArray();

    assertArrayEquals(expectedTest, ids(StratifiedSplit.split(data, 0.4, 99).test()));
  }

  @Test
  void everyClassKeepsATrainingRowEvenWhenTiny() {
    // Class 2 has one sample (round(0.5) = 1 would take it all), class 1 has two (round(1.8) = 2).
    Dataset data = withLabels(0, 0, 0, 0, 1, 1, 2);

    TrainTestSplit half = StratifiedSplit.split(data, 0.5, 3);
    TrainTestSplit most = StratifiedSplit.split(data, 0.9, 3);

    assertEquals(1, count(half.train(), 2));
    assertEquals(0, count(half.test(), 2));
    assertEquals(1, count(most.train(), 1));
    assertEquals(1, count(most.test(), 1));
    assertEquals(1, count(most.train(), 0));
    assertEquals(3, count(most.test(), 0));
  }

  @Test
  void fractionOutsideOpenUnitIntervalIsRejected() {
    Dataset data = tenAndTwenty();

    for (double bad : new double[] {0.0, 1.0, -0.1, 1.5, Double.NaN}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> StratifiedSplit.split(data, bad, 1));
      assertTrue(e.getMessage().contains("between 0 and 1"), e.getMessage());
    }
  }

  private static Dataset columns(String source, List<String> names, double[][] rows) {
    return new Dataset(source, names, "label", rows, new double[rows.length]);
  }

  @Test
  void alignColumnsReordersToTrainingOrder() {
    Dataset train = columns("a.csv", List.of("x1", "x2", "x3"), new double[][] {{0, 0, 0}});
    Dataset test =
        new Dataset(
            "b.csv", List.of("x3", "x1", "x2"), "label", new double[][] {{3, 1, 2}, {30, 10, 20}},
            new double[] {1, 0});

    Dataset aligned = StratifiedSplit.alignColumns(test, train);

    assertEquals(List.of("x1", "x2", "x3"), aligned.featureNames());
    assertArrayEquals(new double[] {1, 2, 3}, aligned.features()[0]);
    assertArrayEquals(new double[] {10, 20, 30}, aligned.features()[1]);
    assertArrayEquals(new double[] {1, 0}, aligned.labels());
    assertEquals("b.csv", aligned.source());
  }

  @Test
  void alignColumnsKeepsAlreadyAlignedData() {
    Dataset train = columns("a.csv", List.of("x1", "x2"), new double[][] {{0, 0}});
    Dataset test = columns("b.csv", List.of("x1", "x2"), new double[][] {{1, 2}});

    assertSame(test, StratifiedSplit.alignColumns(test, train));
  }

  @Test
  void alignColumnsRejectsMissingColumn() {
    Dataset train = columns("a.csv", List.of("x1", "x2", "x3"), new double[][] {{0, 0, 0}});
    Dataset test = columns("b.csv", List.of("x2", "x1"), new double[][] {{1, 2}});

    DatasetException e =
        assertThrows(DatasetException.class, () -> StratifiedSplit.alignColumns(test, train));

    assertEquals("test data 'b.csv' lacks column 'x3' of the training data", e.getMessage());
  }

  @Test
  void alignColumnsRejectsExtraColumn() {
    Dataset train = columns("a.csv", List.of("x1", "x2"), new double[][] {{0, 0}});
    Dataset test = columns("b.csv", List.of("x9", "x2", "x1"), new double[][] {{9, 2, 1}});

    DatasetException e =
        assertThrows(DatasetException.class, () -> StratifiedSplit.alignColumns(test, train));

    assertEquals("test data 'b.csv' has column 'x9', which the training data does not have", e.getMessage());
  }

  @Test
  void perClassDrawsExactlyNOfEachClassAndTestsTheRest() {
    Dataset all = tenAndTwenty();
    TrainTestSplit split = StratifiedSplit.perClass(all, 4, 7);
    assertEquals(8, split.train().numSamples());
    assertEquals(22, split.test().numSamples());
    assertEquals(4, Arrays.stream(split.train().labels()).filter(l -> l == 0).count());
    assertEquals(4, Arrays.stream(split.train().labels()).filter(l -> l == 1).count());
    List<Integer> every = new ArrayList<>();
    Arrays.stream(ids(split.train())).forEach(every::add);
    Arrays.stream(ids(split.test())).forEach(every::add);
    Collections.sort(every);
    assertEquals(IntStream.range(0, 30).boxed().toList(), every, "a partition of the rows");
    assertArrayEquals(ids(split.train()), ids(StratifiedSplit.perClass(all, 4, 7).train()), "seeded");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StratifiedSplit.perClass(all, 10, 7));
    assertTrue(e.getMessage().contains("class 0 of 'all.csv' has 10 samples"), e.getMessage());
  }

  @Test
  void keepClassesAndRandomSplit() {
    Dataset all = withLabels(0, 1, 2, 1, 0, 2, 2);
    assertArrayEquals(new int[] {0, 2, 4, 5, 6}, ids(StratifiedSplit.keepClasses(all, List.of(0.0, 2.0))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StratifiedSplit.keepClasses(all, List.of(5.0)));
    assertTrue(e.getMessage().contains("no samples of class 5; the classes there are 0, 1, 2"), e.getMessage());
    TrainTestSplit split = StratifiedSplit.random(tenAndTwenty(), 0.3, 1);
    assertEquals(9, split.test().numSamples());
    assertEquals(21, split.train().numSamples());
  }
}
