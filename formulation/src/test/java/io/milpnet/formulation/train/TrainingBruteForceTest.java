package io.milpnet.formulation.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.backend.ortools.OrToolsBackend;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.layer.dense.DenseSpec;
import io.milpnet.formulation.network.ForwardPass;
import io.milpnet.formulation.network.TrainedNetwork;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known answers by brute force: with every parameter on a small grid (ternary first-layer weights and biases, sign or
 * ternary output weights, ternary output biases) the whole hypothesis space is enumerable, and the MILP's optimum
 * must equal the best network's objective. The decoded network must attain it by forward pass, and its sparsity must
 * be one an optimal network has.
 */
class TrainingBruteForceTest {
  static final double[] TERNARY = {-1, 0, 1};
  static final double[] SIGNS_OR_ZERO = {-1, 0, 1};
  private static final double[] SIGNS = {-1, 1};

  static TrainingData randomData(long seed, int samples, int classes) {
    Random r = new Random(seed);
    double[][] x = new double[samples][2];
    int[] y = new int[samples];
    for (int i = 0; i < samples; i++) {
      x[i][0] = Math.round(r.nextDouble() * 100) / 100.0;
      x[i][1] = Math.round(r.nextDouble() * 100) / 100.0;
      y[i] = i < classes ? i : r.nextInt(classes); // every class present
    }
    return TrainingFixtures.of(x, y);
  }

  static Stream<Arguments> binaryCases() {
    return Stream.of(
        // seed, loss, encoding, l0, neuronPenalty, symmetry breaking, margin
        Arguments.of(1L, LossKind.HINGE, Encoding.BIG_M, 0.0, 0.0, true, 0.5),
        Arguments.of(1L, LossKind.HINGE, Encoding.INDICATOR, 0.0, 0.0, true, 0.5),
        Arguments.of(2L, LossKind.HINGE, Encoding.BIG_M, 0.0, 0.0, false, 1.0),
        Arguments.of(3L, LossKind.ZERO_ONE, Encoding.BIG_M, 0.0, 0.0, true, 0.5),
        Arguments.of(3L, LossKind.ZERO_ONE, Encoding.INDICATOR, 0.0, 0.0, true, 0.5),
        Arguments.of(4L, LossKind.HINGE, Encoding.BIG_M, 0.15, 0.0, true, 0.5),
        Arguments.of(5L, LossKind.HINGE, Encoding.BIG_M, 0.0, 0.4, true, 0.5),
        Arguments.of(5L, LossKind.HINGE, Encoding.INDICATOR, 0.05, 0.4, false, 0.5),
        Arguments.of(6L, LossKind.ZERO_ONE, Encoding.BIG_M, 0.1, 0.3, true, 0.3));
  }

  @ParameterizedTest(name = "binary seed={0} {1} {2} l0={3} neuron={4} sym={5} margin={6}")
  @MethodSource("binaryCases")
  void binaryOptimumEqualsBruteForce(long seed, LossKind loss, Encoding encoding, double l0, double neuronPenalty,
      boolean symmetry, double margin) {
    TrainingData data = randomData(seed, 7, 2);
    TrainingConfig cfg = gridConfig(loss, encoding, l0, neuronPenalty, symmetry, margin);
    TrainingProblem problem = TrainingProblem.build(data, List.of(new DenseSpec(2, Activation.RELU)), cfg);
    boolean masked = neuronPenalty > 0;
    BruteForce.Result brute = new BruteForce(problem, 2, TERNARY, TERNARY, masked ? SIGNS_OR_ZERO : SIGNS,
        TERNARY, true, masked).run();
    assertMilpMatches(problem, brute, l0 > 0, masked);
  }

  static Stream<Arguments> multiclassCases() {
    return Stream.of(
        Arguments.of(11L, LossKind.HINGE, Encoding.BIG_M, 0.0, 0.0, true, 0.5),
        Arguments.of(12L, LossKind.HINGE, Encoding.INDICATOR, 0.1, 0.0, true, 0.5),
        Arguments.of(13L, LossKind.ZERO_ONE, Encoding.BIG_M, 0.0, 0.0, false, 0.5),
        Arguments.of(14L, LossKind.HINGE, Encoding.BIG_M, 0.0, 0.6, true, 0.5));
  }

  @ParameterizedTest(name = "3 classes seed={0} {1} {2} l0={3} neuron={4} sym={5}")
  @MethodSource("multiclassCases")
  void multiclassOptimumEqualsBruteForce(long seed, LossKind loss, Encoding encoding, double l0, double neuronPenalty,
      boolean symmetry, double margin) {
    TrainingData data = randomData(seed, 6, 3);
    TrainingConfig cfg = gridConfig(loss, encoding, l0, neuronPenalty, symmetry, margin);
    TrainingProblem problem = TrainingProblem.build(data, List.of(new DenseSpec(1, Activation.RELU)), cfg);
    BruteForce.Result brute = new BruteForce(problem, 1, TERNARY, TERNARY, TERNARY, TERNARY, false,
        neuronPenalty > 0).run();
    assertMilpMatches(problem, brute, l0 > 0, neuronPenalty > 0);
  }

  static Stream<Arguments> structureCases() {
    return Stream.of(
        // seed, classes, loss, encoding, feature penalty, max features, max neurons
        Arguments.of(21L, 2, LossKind.HINGE, Encoding.BIG_M, 0.2, TrainingConfig.NO_BUDGET, TrainingConfig.NO_BUDGET),
        Arguments.of(22L, 2, LossKind.HINGE, Encoding.BIG_M, 0.0, 1, TrainingConfig.NO_BUDGET),
        Arguments.of(23L, 2, LossKind.HINGE, Encoding.INDICATOR, 0.0, TrainingConfig.NO_BUDGET, 1),
        Arguments.of(24L, 2, LossKind.ZERO_ONE, Encoding.BIG_M, 0.1, 1, 1),
        Arguments.of(25L, 3, LossKind.HINGE, Encoding.BIG_M, 0.0, 1, TrainingConfig.NO_BUDGET));
  }

  /** Feature selection (penalty, budget) and a budget on live neurons against brute force over the budgeted space. */
  @ParameterizedTest(name = "structure seed={0} classes={1} {2} {3} featurePenalty={4} maxFeatures={5} maxNeurons={6}")
  @MethodSource("structureCases")
  void structuralPenaltiesAndBudgetsMatchBruteForce(long seed, int classes, LossKind loss, Encoding encoding,
      double featurePenalty, int maxFeatures, int maxNeurons) {
    TrainingData data = randomData(seed, classes == 2 ? 7 : 6, classes);
    TrainingConfig cfg = gridConfig(loss, encoding, 0, 0, true, 0.5).withFeaturePenalty(featurePenalty)
        .withMaxFeatures(maxFeatures).withMaxNeurons(maxNeurons);
    int hidden = classes == 2 ? 2 : 1;
    TrainingProblem problem = TrainingProblem.build(data, List.of(new DenseSpec(hidden, Activation.RELU)), cfg);
    boolean masked = cfg.pruneNeurons();
    BruteForce.Result brute = classes == 2
        ? new BruteForce(problem, 2, TERNARY, TERNARY, masked ? SIGNS_OR_ZERO : SIGNS, TERNARY, true, masked).run()
        : new BruteForce(problem, 1, TERNARY, TERNARY, TERNARY, TERNARY, false, masked).run();
    assertMilpMatches(problem, brute, false, false);
    Solution s = OrToolsBackend.scip().solve(problem.model(),
        SolveOptions.defaults().withTimeLimit(60).withRelativeGap(0.0));
    TrainedNetwork net = problem.decode(s.values());
    assertTrue(problem.withinBudgets(net), "the decoded network respects the budgets");
  }

  static Stream<Arguments> monotoneCases() {
    return Stream.of(
        Arguments.of(31L, Map.of("x1", Monotone.INCREASING), Encoding.BIG_M, 0.0),
        Arguments.of(32L, Map.of("x2", Monotone.DECREASING), Encoding.INDICATOR, 0.0),
        Arguments.of(33L, Map.of("x1", Monotone.DECREASING, "x2", Monotone.INCREASING), Encoding.BIG_M, 0.3));
  }

  /**
   * Monotone constraints against brute force over the networks whose every unit moves the score in the asked
   * direction; the decoded network's score is then monotone along the feature everywhere (checked on a grid).
   */
  @ParameterizedTest(name = "monotone seed={0} {1} {2} neuron={3}")
  @MethodSource("monotoneCases")
  void monotoneConstraintsMatchBruteForce(long seed, Map<String, Monotone> monotone, Encoding encoding,
      double neuronPenalty) {
    TrainingData data = randomData(seed, 7, 2);
    TrainingConfig cfg = gridConfig(LossKind.HINGE, encoding, 0, neuronPenalty, true, 0.5).withMonotone(monotone);
    TrainingProblem problem = TrainingProblem.build(data, List.of(new DenseSpec(2, Activation.RELU)), cfg);
    boolean masked = neuronPenalty > 0;
    BruteForce.Result brute = new BruteForce(problem, 2, TERNARY, TERNARY, masked ? SIGNS_OR_ZERO : SIGNS, TERNARY,
        true, masked).run();
    assertMilpMatches(problem, brute, false, false);
    Solution s = OrToolsBackend.scip().solve(problem.model(),
        SolveOptions.defaults().withTimeLimit(60).withRelativeGap(0.0));
    TrainedNetwork net = problem.decode(s.values());
    ForwardPass f = new ForwardPass(net);
    for (var e : monotone.entrySet()) {
      int k = data.featureNames().indexOf(e.getKey());
      double sign = e.getValue() == Monotone.INCREASING ? 1 : -1;
      for (double other = -1; other <= 2; other += 0.25) {
        double previous = Double.NaN;
        for (double v = -1; v <= 2; v += 0.05) {
          double[] x = {other, other};
          x[k] = v;
          double score = f.outputs(x)[0];
          assertTrue(Double.isNaN(previous) || sign * (score - previous) >= -1e-12,
              e + ": score " + previous + " -> " + score + " at " + v);
          previous = score;
        }
      }
    }
  }

  /**
   * Anchors: points the network must predict as a given class, whatever the loss. Against brute force over the
   * networks that predict them so; the optimum can only get worse than without anchors, and the decoded network
   * predicts every anchor as asked.
   */
  @ParameterizedTest(name = "anchors seed={0} classes={1}")
  @org.junit.jupiter.params.provider.CsvSource({"41, 2", "42, 2", "43, 3"})
  void anchorsMatchBruteForce(long seed, int classes) {
    TrainingData plain = randomData(seed, classes == 2 ? 7 : 6, classes);
    // Anchors opposite to the nearest training label, so they bind.
    double[][] points = {{0.1, 0.9}, {0.9, 0.1}};
    int[] labels = {plain.y()[0] == 0 ? 1 : 0, classes - 1};
    TrainingData data = plain.withAnchors(points, labels);
    int hidden = classes == 2 ? 2 : 1;
    TrainingConfig cfg = gridConfig(LossKind.HINGE, Encoding.BIG_M, 0, 0, true, 0.5);
    TrainingProblem problem = TrainingProblem.build(data, List.of(new DenseSpec(hidden, Activation.RELU)), cfg);
    BruteForce.Result brute = classes == 2
        ? new BruteForce(problem, 2, TERNARY, TERNARY, SIGNS, TERNARY, true, false).run()
        : new BruteForce(problem, 1, TERNARY, TERNARY, TERNARY, TERNARY, false, false).run();
    assertMilpMatches(problem, brute, false, false);
    TrainingProblem free = TrainingProblem.build(plain, List.of(new DenseSpec(hidden, Activation.RELU)), cfg);
    Solution unconstrained = OrToolsBackend.scip().solve(free.model(),
        SolveOptions.defaults().withTimeLimit(60).withRelativeGap(0.0));
    assertTrue(brute.optimum() >= unconstrained.objective() - 1e-6, "anchors can only cost");
    Solution s = OrToolsBackend.scip().solve(problem.model(),
        SolveOptions.defaults().withTimeLimit(60).withRelativeGap(0.0));
    TrainedNetwork net = problem.decode(s.values());
    ForwardPass f = new ForwardPass(net);
    for (int a = 0; a < points.length; a++) {
      assertEquals(labels[a], f.predict(points[a]), "anchor " + a);
    }
  }

  /**
   * Activation implications: on every training sample, unit 1 active implies unit 2 active (and the reverse, in the
   * second case). Against brute force over the networks that keep them; they can only cost, and the decoded network
   * keeps them (the audit checks it).
   */
  @ParameterizedTest(name = "implications seed={0} both ways={1}")
  @org.junit.jupiter.params.provider.CsvSource({"51, false", "52, true", "53, false"})
  void implicationsMatchBruteForce(long seed, boolean bothWays) {
    TrainingData data = randomData(seed, 7, 2);
    List<Implication> implications = bothWays
        ? List.of(Implication.parse("1:1 -> 1:2", "test"), Implication.parse("1:2 -> 1:1", "test"))
        : List.of(Implication.parse("1:1 -> 1:2", "test"));
    TrainingConfig cfg = gridConfig(LossKind.HINGE, Encoding.BIG_M, 0, 0, true, 0.5).withImplications(implications);
    TrainingProblem problem = TrainingProblem.build(data, List.of(new DenseSpec(2, Activation.RELU)), cfg);
    BruteForce.Result brute = new BruteForce(problem, 2, TERNARY, TERNARY, SIGNS, TERNARY, true, false).run();
    assertMilpMatches(problem, brute, false, false);
    TrainingProblem free = TrainingProblem.build(data, List.of(new DenseSpec(2, Activation.RELU)),
        cfg.withImplications(List.of()));
    Solution unconstrained = OrToolsBackend.scip().solve(free.model(),
        SolveOptions.defaults().withTimeLimit(60).withRelativeGap(0.0));
    assertTrue(brute.optimum() >= unconstrained.objective() - 1e-6, "implications can only cost");
    Solution s = OrToolsBackend.scip().solve(problem.model(),
        SolveOptions.defaults().withTimeLimit(60).withRelativeGap(0.0));
    assertTrue(problem.satisfiesImplications(problem.decode(s.values()), 1e-6));
  }

  static TrainingConfig gridConfig(LossKind loss, Encoding encoding, double l0, double neuronPenalty,
      boolean symmetry, double margin) {
    return TrainingConfig.defaults()
        .withLoss(loss)
        .withEncoding(encoding)
        .withL0(l0)
        .withNeuronPenalty(neuronPenalty)
        .withSymmetryBreaking(symmetry)
        .withMargin(margin)
        .withFirstLayerDomain(new WeightDomain.Ternary(1.0))
        .withGridBiases(true);
  }

  private static void assertMilpMatches(TrainingProblem problem, BruteForce.Result brute, boolean checkNonzeros,
      boolean checkNeurons) {
    assertTrue(brute.networks() > 100, "the brute force enumerated a real space: " + brute.networks());
    Solution s = OrToolsBackend.scip().solve(problem.model(),
        SolveOptions.defaults().withTimeLimit(60).withRelativeGap(0.0));
    assertEquals(SolveStatus.OPTIMAL, s.status(), s.toString());
    assertEquals(brute.optimum(), s.objective(), 1e-6, "MILP optimum vs brute force over " + brute.networks());
    TrainedNetwork net = problem.decode(s.values());
    DecodeReport report = problem.check(s.values(), net, 1e-6);
    assertEquals(0, report.mismatches(), report.details().toString());
    assertEquals(brute.optimum(), problem.objectiveOf(net), 1e-6, "the decoded network attains the optimum");
    int nnz = net.layers().get(0).nonzeroWeights() + net.layers().get(1).nonzeroWeights();
    if (checkNonzeros) {
      assertTrue(brute.optimalNonzeros().contains(nnz),
          "MILP keeps " + nnz + " weights; optimal networks keep " + brute.optimalNonzeros());
    }
    if (checkNeurons) {
      int live = 0;
      for (int j = 0; j < net.layers().get(0).units(); j++) {
        live += TrainingProblem.isAlive(net, 0, j) ? 1 : 0;
      }
      assertTrue(brute.optimalAliveUnits().contains(live),
          "MILP keeps " + live + " units; optimal networks keep " + brute.optimalAliveUnits());
    }
  }
}
