package io.milpnet.formulation.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.backend.ortools.OrToolsBackend;
import io.milpnet.core.model.FeasibilityCheck;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.data.MinMaxScaler;
import io.milpnet.formulation.encode.LpBoundTightener;
import io.milpnet.formulation.layer.dense.DenseSpec;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.spec.ArchitectureParser;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cross-sample Lipschitz cuts are valid (they cut off no network: every network in the domains stays a feasible
 * point, and brute-forced optima are unchanged) and they raise the root bound where classes overlap (hand-computed
 * LP optima).
 */
class LipschitzCutsTest {
  private static final double[] TERNARY = {-1, 0, 1};
  private static final double[] SIGNS = {-1, 1};

  /**
   * Samples in pairs a hair apart with different labels (the second of each pair is the first moved by at most
   * {@code 0.002} per feature), so that many pairs get cuts.
   */
  static TrainingData closePairs(int classes, int pairs, int features, long seed) {
    Random r = new Random(seed);
    double[][] x = new double[2 * pairs][features];
    int[] y = new int[2 * pairs];
    for (int p = 0; p < pairs; p++) {
      for (int k = 0; k < features; k++) {
        x[2 * p][k] = r.nextDouble() * 10 - 3;
        x[2 * p + 1][k] = x[2 * p][k] + (r.nextDouble() - 0.5) * 0.004;
      }
      y[2 * p] = p % classes;
      y[2 * p + 1] = (p + 1) % classes;
    }
    return TrainingFixtures.of(x, y);
  }

  /** Every layer kind of the oracle tests: random networks in the domains satisfy every cut row. */
  @ParameterizedTest(name = "{0}, {1} classes, {2}")
  @MethodSource("io.milpnet.formulation.train.TrainingProblemTest#configurations")
  void everyNetworkInTheDomainSatisfiesTheCuts(String arch, int classes, TrainingConfig cfg) {
    int features = cfg.inputShape() == null ? 3 : cfg.inputShape().size();
    TrainingData data = closePairs(classes, 5, features, 23);
    TrainingProblem problem = TrainingProblem.build(data, new ArchitectureParser().parse(arch),
        cfg.withMargin(1.0));
    if (arch.contains("gate")) {
      assertEquals(0, problem.lipschitzRows(), "gates have no Lipschitz bound");
      assertTrue(problem.lipschitzNote().contains("gates"), problem.lipschitzNote());
    } else if (!arch.contains("step")) {
      assertTrue(problem.lipschitzRows() > 0, "pairs a hair apart get cuts: " + problem.lipschitzNote());
    }
    Random r = new Random(7);
    for (int trial = 0; trial < 20; trial++) {
      TrainedNetwork net = problem.canonicalOrder(TrainingProblemTest.randomNetwork(problem, r));
      double[] start = problem.startValues(net);
      List<String> violations = new FeasibilityCheck(1e-9).violations(problem.model(), start);
      assertTrue(violations.isEmpty(), "trial " + trial + ": " + violations);
    }
  }

  /** With cuts on pairs that bind, the MILP optimum still equals the brute-forced best network. */
  @ParameterizedTest(name = "seed={0} classes={1} margin={2}")
  @CsvSource({"1, 2, 1.0", "2, 2, 0.5", "3, 3, 1.0", "4, 3, 0.5"})
  void theOptimumWithCutsEqualsTheBruteForceOptimum(long seed, int classes, double margin) {
    TrainingData data = closePairs(classes, classes == 2 ? 4 : 3, 2, seed);
    int hidden = classes == 2 ? 2 : 1;
    TrainingConfig cfg = TrainingConfig.defaults().withMargin(margin)
        .withFirstLayerDomain(new WeightDomain.Ternary(1.0)).withGridBiases(true);
    TrainingProblem problem = TrainingProblem.build(data, List.of(new DenseSpec(hidden, Activation.RELU)), cfg);
    TrainingProblem plain = TrainingProblem.build(data, List.of(new DenseSpec(hidden, Activation.RELU)),
        cfg.withTightening(Tightening.defaults().withLipschitzNeighbours(0)));
    assertTrue(problem.lipschitzRows() > 0, problem.lipschitzNote());
    assertEquals(0, plain.lipschitzRows());
    BruteForce.Result brute = classes == 2
        ? new BruteForce(problem, 2, TERNARY, TERNARY, SIGNS, TERNARY, true, false).run()
        : new BruteForce(problem, 1, TERNARY, TERNARY, TERNARY, TERNARY, false, false).run();
    assertTrue(brute.networks() > 100, "a real space: " + brute.networks());
    assertBothReachTheBruteForceOptimum(brute, problem, plain);
    double withCuts = LpBoundTightener.relaxationOptimum(problem.model(), OrToolsBackend.glop());
    double without = LpBoundTightener.relaxationOptimum(plain.model(), OrToolsBackend.glop());
    assertEquals(0.0, without, 1e-9, "the plain big-M relaxation memorises every label");
    assertTrue(withCuts > 0.5 * margin, "cuts lift the root bound: " + withCuts);
    assertTrue(withCuts <= brute.optimum() + 1e-6, "a relaxation never exceeds the optimum");
  }

  /**
   * The structure-aware rows ({@code |o_ac - o_bc| <= sum_j D_j |v_cj|}) with L0 and neuron penalties: the MILP optimum
   * with them, without them and the brute-forced best network agree, and they lift the LP bound (the relaxation can no
   * longer tell close samples apart through output weights it does not pay for).
   */
  @ParameterizedTest(name = "seed={0} classes={1} l0={2} neuron={3}")
  @CsvSource({"5, 3, 0.05, 0.1", "6, 3, 0.1, 0.0", "7, 2, 0.05, 0.2", "8, 3, 0.0, 0.3"})
  void structureCutsKeepTheBruteForceOptimumAndLiftTheBound(long seed, int classes, double l0, double neuron) {
    // Close and far pairs: the structure rows are added for every pair, the constant rows only where they bind.
    Random r = new Random(seed);
    double[][] x = new double[6][2];
    int[] y = new int[6];
    for (int p = 0; p < 3; p++) {
      double spread = p == 1 ? 3.0 : 0.004;
      for (int k = 0; k < 2; k++) {
        x[2 * p][k] = r.nextDouble() * 10 - 3;
        x[2 * p + 1][k] = x[2 * p][k] + (r.nextDouble() - 0.5) * spread;
      }
      y[2 * p] = p % classes;
      y[2 * p + 1] = (p + 1) % classes;
    }
    TrainingData data = TrainingFixtures.of(x, y);
    int hidden = classes == 2 ? 2 : 1;
    TrainingConfig cfg = TrainingConfig.defaults().withMargin(1.0).withL0(l0).withNeuronPenalty(neuron)
        .withFirstLayerDomain(new WeightDomain.Ternary(1.0)).withGridBiases(true);
    List<io.milpnet.formulation.spec.LayerSpec> arch = List.of(new DenseSpec(hidden, Activation.RELU));
    TrainingProblem problem = TrainingProblem.build(data, arch, cfg);
    TrainingProblem plain = TrainingProblem.build(data, arch,
        cfg.withTightening(Tightening.defaults().withStructureCuts(false)));
    assertTrue(problem.lipschitzRows() > plain.lipschitzRows(), "structure rows added: " + problem.lipschitzRows());
    boolean masked = neuron > 0;
    double[] signs = masked ? new double[] {-1, 0, 1} : SIGNS;
    BruteForce.Result brute = classes == 2
        ? new BruteForce(problem, 2, TERNARY, TERNARY, signs, TERNARY, true, masked).run()
        : new BruteForce(problem, 1, TERNARY, TERNARY, TERNARY, TERNARY, false, masked).run();
    assertTrue(brute.networks() > 100, "a real space: " + brute.networks());
    assertBothReachTheBruteForceOptimum(brute, problem, plain);
    double with = LpBoundTightener.relaxationOptimum(problem.model(), OrToolsBackend.glop());
    double without = LpBoundTightener.relaxationOptimum(plain.model(), OrToolsBackend.glop());
    assertTrue(with >= without - 1e-9, "rows only add: " + with + " vs " + without);
    assertTrue(with <= brute.optimum() + 1e-6, "a relaxation never exceeds the optimum: " + with);
    assertTrue(with > without + 1e-3, "structure rows lift the LP bound: " + with + " vs " + without);
  }

  /**
   * Continuous first-layer weights with L0 indicators: the rows through the first-layer indicators ({@code |o_ac -
   * o_bc| <= s Omega sum_j sum_m |x_am - x_bm| s_jm}) keep the MILP optimum (solved to optimality with and without
   * the structure rows), hold at the optimal network of the model without them, and lift the LP bound.
   */
  @ParameterizedTest(name = "seed={0} classes={1} l0={2}")
  @CsvSource({"11, 3, 0.05", "12, 2, 0.1", "13, 3, 0.2"})
  void firstLayerStructureRowsKeepTheOptimum(long seed, int classes, double l0) {
    TrainingData data = closePairs(classes, 3, 2, seed);
    TrainingConfig cfg = TrainingConfig.defaults().withMargin(1.0).withL0(l0).withNeuronPenalty(0.05);
    List<io.milpnet.formulation.spec.LayerSpec> arch = List.of(new DenseSpec(2, Activation.RELU));
    TrainingProblem problem = TrainingProblem.build(data, arch, cfg);
    TrainingProblem plain = TrainingProblem.build(data, arch,
        cfg.withTightening(Tightening.defaults().withStructureCuts(false)));
    assertTrue(problem.model().numConstraints() > plain.model().numConstraints());
    Solution with = OrToolsBackend.scip().solve(problem.model(), SolveOptions.defaults().withTimeLimit(60)
        .withRelativeGap(0.0));
    Solution without = OrToolsBackend.scip().solve(plain.model(), SolveOptions.defaults().withTimeLimit(60)
        .withRelativeGap(0.0));
    assertEquals(SolveStatus.OPTIMAL, with.status(), with.toString());
    assertEquals(SolveStatus.OPTIMAL, without.status(), without.toString());
    assertEquals(without.objective(), with.objective(), 1e-5 * (1 + without.objective()));
    // The optimal network of the model without the rows is a point of the model with them.
    TrainedNetwork best = problem.canonicalOrder(plain.decode(without.values()));
    List<String> violations = new FeasibilityCheck(1e-6).violations(problem.model(), problem.startValues(best));
    assertTrue(violations.isEmpty(), violations.toString());
    double lpWith = LpBoundTightener.relaxationOptimum(problem.model(), OrToolsBackend.glop());
    double lpWithout = LpBoundTightener.relaxationOptimum(plain.model(), OrToolsBackend.glop());
    assertTrue(lpWith > lpWithout + 1e-3, "structure rows lift the LP bound: " + lpWith + " vs " + lpWithout);
  }

  /**
   * Hand-computed: two copies of one point with different labels. Any network gives both the same score o, so the
   * hinge loss is {@code (m - o)^+ + (m + o)^+ >= 2m}, attained at o = 0. The cut {@code o_1 - o_2 = 0} (distance 0)
   * makes the LP bound exactly 2m; without it the relaxation reaches 0.
   */
  @Test
  void identicalPointsWithDifferentLabelsBoundTheLossByTwiceTheMargin() {
    double[][] x = {{0.3, 0.8}, {0.3, 0.8}, {0.9, 0.1}};
    TrainingData data = TrainingFixtures.of(x, new int[] {0, 1, 1});
    for (double margin : new double[] {0.5, 1.0}) {
      TrainingConfig cfg = TrainingConfig.defaults().withMargin(margin);
      TrainingProblem cut = TrainingProblem.build(data, List.of(new DenseSpec(2, Activation.RELU)), cfg);
      TrainingProblem plain = TrainingProblem.build(data, List.of(new DenseSpec(2, Activation.RELU)),
          cfg.withTightening(Tightening.defaults().withLipschitzNeighbours(0)));
      assertEquals(2 * margin, LpBoundTightener.relaxationOptimum(cut.model(), OrToolsBackend.glop()), 1e-7);
      assertEquals(0.0, LpBoundTightener.relaxationOptimum(plain.model(), OrToolsBackend.glop()), 1e-9);
      Solution s = OrToolsBackend.scip().solve(cut.model(), SolveOptions.defaults().withRelativeGap(0));
      assertEquals(2 * margin, s.objective(), 1e-6);
    }
  }

  /**
   * Regression, hand-computed: one input with targets 0 and 1 has L1 loss {@code |o| + |1 - o| >= 1}; the cut makes
   * the LP bound 1 (L-infinity: {@code max(|o|, |1 - o|) >= 1/2}).
   */
  @Test
  void identicalInputsWithDifferentTargetsBoundTheRegressionLoss() {
    double[][] x = {{0.4}, {0.4}};
    TrainingData data = TrainingData.regression(x, new double[] {0, 1}, List.of("x"),
        new MinMaxScaler(new double[] {0}, new double[] {1}), new double[] {0, 1});
    for (LossKind loss : new LossKind[] {LossKind.L1, LossKind.LINF}) {
      TrainingConfig cfg = TrainingConfig.defaults().withLoss(loss);
      TrainingProblem cut = TrainingProblem.build(data, List.of(new DenseSpec(2, Activation.RELU)), cfg);
      double expected = loss == LossKind.L1 ? 1.0 : 0.5;
      assertTrue(cut.lipschitzRows() > 0);
      assertEquals(expected, LpBoundTightener.relaxationOptimum(cut.model(), OrToolsBackend.glop()), 1e-7);
    }
  }

  /** Far-apart classes: no pair can bind, so no row is added (and the summary says why). */
  @Test
  void separatedClassesGetNoCuts() {
    double[][] x = {{0, 0}, {0.1, 0}, {1, 1}, {0.9, 1}};
    TrainingProblem problem = TrainingProblem.build(TrainingFixtures.of(x, new int[] {0, 0, 1, 1}),
        List.of(new DenseSpec(2, Activation.RELU)), TrainingConfig.defaults());
    assertEquals(0, problem.lipschitzRows());
    assertTrue(problem.lipschitzNote().contains("closer than the margin"), problem.lipschitzNote());
  }

  /** SCIP proves the brute-forced optimum with the rows ({@code problem}) and without them ({@code plain}). */
  private static void assertBothReachTheBruteForceOptimum(BruteForce.Result brute, TrainingProblem problem,
      TrainingProblem plain) {
    for (TrainingProblem p : List.of(problem, plain)) {
      Solution s = OrToolsBackend.scip().solve(p.model(), SolveOptions.defaults().withTimeLimit(60)
          .withRelativeGap(0.0));
      assertEquals(SolveStatus.OPTIMAL, s.status(), s.toString());
      assertEquals(brute.optimum(), s.objective(), 1e-6, "MILP optimum vs brute force over " + brute.networks());
    }
  }
}
