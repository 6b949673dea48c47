package io.milpnet.formulation.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.data.MinMaxScaler;
import io.milpnet.formulation.layer.dense.DenseLayer;
import io.milpnet.formulation.network.ForwardPass;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.OutputKind;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.spec.ArchitectureParser;
import io.milpnet.formulation.spec.LayerSpec;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code train --init}: the adapted network computes what the given one computes, on this run's scaled rows, whatever
 * the given network's scaling, feature order, dropped constant columns, class order or output layout; a network of
 * another architecture or reading a feature the data has not is refused.
 */
class StartNetworkTest {
  private static final List<LayerSpec> HIDDEN = new ArchitectureParser().parse("dense:3");

  /** A random dense:3 network over {@code inputs} inputs with {@code outputs} outputs. */
  private static List<NetworkLayer> layers(int inputs, int outputs, Random r) {
    return List.of(new DenseLayer(matrix(3, inputs, r), vector(3, r), Activation.RELU, ""),
        new DenseLayer(matrix(outputs, 3, r), vector(outputs, r), Activation.LINEAR, ""));
  }

  /** This run: features b, a (scaled by their own ranges), column c dropped as constant 7, {@code classes} classes. */
  private static TrainingData run(int classes) {
    MinMaxScaler scaler = new MinMaxScaler(new double[] {-2, 10}, new double[] {6, 20});
    return new TrainingData(new double[][] {{0, 0}, {1, 1}}, new int[] {0, classes - 1}, classes, List.of("b", "a"),
        scaler, classes == 2 ? new int[] {4, 9} : new int[] {1, 2, 3});
  }

  /** The given network reads a, c, b (in that order), each scaled by the given scaler. */
  private static TrainedNetwork given(List<NetworkLayer> layers, OutputKind kind, int[] labels) {
    return new TrainedNetwork(List.of("a", "c", "b"), new MinMaxScaler(new double[] {0, 5, -1},
        new double[] {30, 9, 3}), layers, kind, labels);
  }

  @Test
  void theAdaptedNetworkPredictsWhatTheGivenOnePredictsWithPermutedClasses() {
    Random r = new Random(1);
    TrainedNetwork g = given(layers(3, 3, r), OutputKind.ARGMAX, new int[] {3, 1, 2});
    TrainingData data = run(3);
    TrainedNetwork adapted = StartNetwork.adapt(StartNetwork.Given.of(g, "g"), data, HIDDEN, null, Map.of("c", 7.0));
    for (int i = 0; i < 200; i++) {
      double a = 10 + 10 * r.nextDouble();
      double b = -2 + 8 * r.nextDouble();
      double[] theirs = new ForwardPass(g).outputs(g.scaler().withClip(false).transform(new double[] {a, 7, b}));
      double[] ours = new ForwardPass(adapted).outputs(data.scaler().transform(new double[] {b, a}));
      // Class label 1 is our index 0 and their index 1, and so on: the scores are the same, permuted.
      assertArrayEquals(new double[] {theirs[1], theirs[2], theirs[0]}, ours, 1e-9);
    }
    assertEquals(List.of("b", "a"), adapted.inputFeatures());
  }

  @Test
  void twoScoresBecomeOneBinaryScoreOfTheSameClass() {
    Random r = new Random(2);
    // Their class order is 9, 4; ours 4, 9 (a positive score means class 9).
    TrainedNetwork g = given(layers(3, 2, r), OutputKind.ARGMAX, new int[] {9, 4});
    TrainingData data = run(2);
    TrainedNetwork adapted = StartNetwork.adapt(StartNetwork.Given.of(g, "g"), data, HIDDEN, null, Map.of("c", 7.0));
    for (int i = 0; i < 200; i++) {
      double a = 10 + 10 * r.nextDouble();
      double b = -2 + 8 * r.nextDouble();
      double[] theirs = new ForwardPass(g).outputs(g.scaler().withClip(false).transform(new double[] {a, 7, b}));
      double ours = new ForwardPass(adapted).outputs(data.scaler().transform(new double[] {b, a}))[0];
      assertEquals(theirs[0] - theirs[1], ours, 1e-9);
    }
  }

  @Test
  void aRawNetworkReadsTheFileColumnsUnscaledAndARegressionKeepsItsTarget() {
    Random r = new Random(3);
    List<NetworkLayer> raw = layers(2, 1, r);
    TrainingData data = TrainingData.regression(new double[][] {{0, 0}, {1, 1}}, new double[] {0, 1},
        List.of("a", "b"), new MinMaxScaler(new double[] {1, -3}, new double[] {5, 3}), new double[] {100, 300});
    TrainedNetwork adapted = StartNetwork.adapt(StartNetwork.Given.raw(raw, List.of("a", "b"), "onnx"), data, HIDDEN,
        null, Map.of());
    for (int i = 0; i < 200; i++) {
      double[] x = {1 + 4 * r.nextDouble(), -3 + 6 * r.nextDouble()};
      double theirs = new ForwardPass(new TrainedNetwork(List.of("a", "b"), new MinMaxScaler(new double[] {0, 0},
          new double[] {1, 1}), raw, OutputKind.REGRESSION, new int[0], new double[] {0, 1})).outputs(x)[0];
      double ours = new ForwardPass(adapted).outputs(data.scaler().transform(x))[0];
      // Our output o predicts 100 + 200 o; theirs is the target itself.
      assertEquals(theirs, 100 + 200 * ours, 1e-9);
    }
  }

  @Test
  void anotherArchitectureAMissingFeatureOrAClassifierForARegressionIsRefused() {
    Random r = new Random(4);
    TrainingData data = run(3);
    TrainedNetwork wide = new TrainedNetwork(List.of("a", "b"), new MinMaxScaler(new double[] {0, 0},
        new double[] {1, 1}), List.of(new DenseLayer(matrix(5, 2, r), vector(5, r), Activation.RELU, ""),
        new DenseLayer(matrix(3, 5, r), vector(3, r), Activation.LINEAR, "")), OutputKind.ARGMAX, new int[] {1, 2, 3});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StartNetwork.adapt(StartNetwork.Given.of(wide, "--init 'w'"), data, HIDDEN, null, Map.of()));
    assertTrue(e.getMessage().startsWith("--init 'w': layer 1 is dense 2->5 relu, the architecture's is dense 2->3"
        + " relu"), e.getMessage());
    TrainedNetwork g = given(layers(3, 3, r), OutputKind.ARGMAX, new int[] {1, 2, 3});
    e = assertThrows(IllegalArgumentException.class,
        () -> StartNetwork.adapt(StartNetwork.Given.of(g, "--init 'g'"), data, HIDDEN, null, Map.of()));
    assertTrue(e.getMessage().contains("reads the feature 'c', which the training data has not"), e.getMessage());
    TrainedNetwork otherClasses = given(layers(3, 3, r), OutputKind.ARGMAX, new int[] {1, 2, 5});
    e = assertThrows(IllegalArgumentException.class, () -> StartNetwork.adapt(StartNetwork.Given.of(otherClasses,
        "--init 'o'"), data, HIDDEN, null, Map.of("c", 7.0)));
    assertTrue(e.getMessage().contains("predicts the classes [1, 2, 5], the training data has [1, 2, 3]"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> StartNetwork.Given.raw(layers(3, 3, r), List.of("a", "b"),
        "--init 'x.onnx'"));
    assertTrue(e.getMessage().contains("takes 3 inputs, the data has 2 feature columns"), e.getMessage());
  }

  private static double[][] matrix(int rows, int cols, Random r) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int k = 0; k < cols; k++) {
        row[k] = r.nextGaussian();
      }
    }
    return m;
  }

  private static double[] vector(int n, Random r) {
    double[] v = new double[n];
    for (int k = 0; k < n; k++) {
      v[k] = r.nextGaussian();
    }
    return v;
  }
}
