package io.milpnet.formulation.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.backend.ortools.OrToolsBackend;
import io.milpnet.core.model.FeasibilityCheck;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.encode.LpBoundTightener;
import io.milpnet.formulation.layer.dense.DenseSpec;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.spec.LayerSpec;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The pair relaxation is a relaxation (every network in the domains is a point of it; its LP optimum never exceeds
 * the brute-forced or proven MILP optimum), equals a hand-computed optimum, and is above 0 where the optimum is: where
 * telling samples of different classes apart costs penalised weights that the MILP's own LP relaxation gets for free.
 */
class PairRelaxationTest {
  private static final double[] TERNARY = {-1, 0, 1};

  private static PairRelaxation.Result solve(TrainingProblem problem) {
    PairRelaxation.Result r = PairRelaxation.solve(problem, OrToolsBackend.glop(), 60);
    assertNotNull(r);
    assertTrue(r.proven(), r.toString());
    return r;
  }

  private static Solution optimum(TrainingProblem problem) {
    Solution s = OrToolsBackend.scip().solve(problem.model(), SolveOptions.defaults().withTimeLimit(120)
        .withRelativeGap(0.0));
    assertEquals(SolveStatus.OPTIMAL, s.status(), s.toString());
    return s;
  }

  /**
   * Hand-computed: two copies of one point with different labels get the same scores, so their hinge losses sum to at
   * least {@code 2 margin}, attained by the zero network; the pair's constant row {@code o_1 - o_2 = 0} gives exactly
   * that.
   */
  @Test
  void identicalPointsWithDifferentLabelsGiveTwiceTheMargin() {
    double[][] x = {{0.3, 0.8}, {0.3, 0.8}, {0.9, 0.1}};
    TrainingData data = TrainingFixtures.of(x, new int[] {0, 1, 1});
    for (double margin : new double[] {0.5, 1.0}) {
      TrainingProblem problem = TrainingProblem.build(data, List.of(new DenseSpec(2, Activation.RELU)),
          TrainingConfig.defaults().withMargin(margin));
      assertEquals(2 * margin, solve(problem).bound(), 1e-7);
      assertEquals(2 * margin, optimum(problem).objective(), 1e-6);
    }
  }

  /**
   * Ternary weights with L0 and neuron penalties (the structure rows through the output weights and the constant
   * rows): never above the brute-forced optimum, and above 0.
   */
  @ParameterizedTest(name = "seed={0} classes={1} l0={2} neuron={3}")
  @CsvSource({"5, 3, 0.05, 0.1", "6, 3, 0.1, 0.0", "7, 2, 0.05, 0.2", "8, 3, 0.0, 0.3"})
  void neverAboveTheBruteForcedOptimum(long seed, int classes, double l0, double neuron) {
    TrainingData data = LipschitzCutsTest.closePairs(classes, 3, 2, seed);
    int hidden = classes == 2 ? 2 : 1;
    TrainingConfig cfg = TrainingConfig.defaults().withMargin(1.0).withL0(l0).withNeuronPenalty(neuron)
        .withFirstLayerDomain(new WeightDomain.Ternary(1.0)).withGridBiases(true);
    TrainingProblem problem = TrainingProblem.build(data, List.of(new DenseSpec(hidden, Activation.RELU)), cfg);
    boolean masked = neuron > 0;
    double[] outputs = masked || classes > 2 ? TERNARY : new double[] {-1, 1};
    BruteForce.Result brute = new BruteForce(problem, hidden, TERNARY, TERNARY, outputs, TERNARY, classes == 2,
        masked).run();
    assertTrue(brute.networks() > 100, "a real space: " + brute.networks());
    assertEquals(brute.optimum(), optimum(problem).objective(), 1e-6, "the MILP is the brute-forced problem");
    double bound = solve(problem).bound();
    assertTrue(bound <= brute.optimum() + 1e-6, "a relaxation never exceeds the optimum: " + bound + " vs "
        + brute.optimum());
    assertTrue(bound > 0.1, "close pairs of different classes cost loss or weights: " + bound);
  }

  /**
   * Continuous first-layer weights with L1, L0 and neuron penalties (the rows through the first layer's L0 and L1
   * variables, summed per input): never above SCIP's proven optimum; every network in the domains is a point of the
   * relaxation.
   */
  @ParameterizedTest(name = "seed={0} classes={1} l1={2} l0={3}")
  @CsvSource({"11, 3, 0.2, 0.05", "12, 2, 0.5, 0.0", "13, 3, 0.0, 0.2", "14, 2, 1.0, 0.1"})
  void continuousFirstLayerNeverAboveTheProvenOptimum(long seed, int classes, double l1, double l0) {
    TrainingData data = LipschitzCutsTest.closePairs(classes, 3, 2, seed);
    TrainingConfig cfg = TrainingConfig.defaults().withMargin(1.0).withL1(l1).withL0(l0).withNeuronPenalty(0.05);
    TrainingProblem problem = TrainingProblem.build(data, List.of(new DenseSpec(2, Activation.RELU)), cfg);
    double optimum = optimum(problem).objective();
    double bound = solve(problem).bound();
    assertTrue(bound <= optimum + 1e-6, "a relaxation never exceeds the optimum: " + bound + " vs " + optimum);
    assertTrue(bound > 0, "pairs a hair apart: " + bound);
    PairRelaxation.Built built = PairRelaxation.build(problem);
    Random r = new Random(seed);
    for (int trial = 0; trial < 20; trial++) {
      TrainedNetwork net = problem.canonicalOrder(TrainingProblemTest.randomNetwork(problem, r));
      double[] values = java.util.Arrays.copyOf(problem.startValues(net), built.model().numVars());
      // The relaxation's own variables (per-input sums, outputs) are the sums and outputs of the network.
      for (int v = problem.model().numVars(); v < values.length; v++) {
        values[v] = Double.NaN;
      }
      fillDefinitions(built, values);
      List<String> violations = new FeasibilityCheck(1e-7).violations(built.model(), values);
      assertTrue(violations.isEmpty(), "trial " + trial + ": " + violations);
    }
  }

  /**
   * Two classes of two samples each, L1 penalty 0.5, weight bound 5 (no constant Lipschitz row binds: the classes are
   * 1.8 apart, 9 in output distance). Measured: optimum 2, the MILP's LP relaxation without the structure rows 1, the
   * pair relaxation 10/9: above 0 as the optimum is, above the MILP's own relaxation (the L1 rows price what its
   * big-M rows leave free), and never above the optimum.
   */
  @Test
  void aboveZeroWhereTheOptimumIs() {
    double[][] x = {{0.0, 0.0}, {0.1, 0.0}, {1.0, 1.0}, {0.9, 1.0}};
    TrainingData data = TrainingFixtures.of(x, new int[] {0, 0, 1, 1});
    List<LayerSpec> arch = List.of(new DenseSpec(2, Activation.RELU));
    TrainingConfig cfg = TrainingConfig.defaults().withMargin(1.0).withL1(0.5).withWeightBound(5.0);
    TrainingProblem problem = TrainingProblem.build(data, arch, cfg);
    double lp = LpBoundTightener.relaxationOptimum(TrainingProblem.build(data, arch, cfg.withTightening(
        Tightening.defaults().withStructureCuts(false))).model(), OrToolsBackend.glop());
    double optimum = optimum(problem).objective();
    double bound = solve(problem).bound();
    assertEquals(2.0, optimum, 1e-6);
    assertEquals(1.0, lp, 1e-6);
    assertEquals(10.0 / 9.0, bound, 1e-6);
  }

  /**
   * A problem on a sample of the rows (as the validated stages build it), its relaxation for the objective on all rows:
   * never above the optimum of the problem on all rows (same weight box), above the sample relaxation (more rows'
   * losses to pay), and the sample's optimal network's objective on all rows is not below it.
   */
  @ParameterizedTest(name = "seed={0} classes={1}")
  @CsvSource({"21, 3", "22, 2", "23, 3"})
  void aSampleBoundsTheObjectiveOnAllRows(long seed, int classes) {
    TrainingData all = LipschitzCutsTest.closePairs(classes, 6, 2, seed);
    TrainingData sample = all.holdOut(0.5, seed).fit();
    TrainingConfig cfg = TrainingConfig.defaults().withMargin(1.0).withL1(0.3).withL0(0.05).withNeuronPenalty(0.05)
        .withWeightBound(2.0);
    List<LayerSpec> arch = List.of(new DenseSpec(2, Activation.RELU));
    TrainingProblem part = TrainingProblem.build(sample, arch, cfg);
    TrainingProblem whole = TrainingProblem.build(all, arch, cfg);
    assertTrue(sample.samples() < all.samples());
    double optimumAll = optimum(whole).objective();
    PairRelaxation.Result onAll = PairRelaxation.solve(part, all, OrToolsBackend.glop(), 60);
    assertTrue(onAll.proven(), onAll.toString());
    assertEquals(all.samples(), onAll.samples());
    double onSample = solve(part).bound();
    assertTrue(onAll.bound() <= optimumAll + 1e-6, onAll.bound() + " vs the optimum on all rows " + optimumAll);
    assertTrue(onAll.bound() > onSample + 1e-3, onAll.bound() + " vs the sample's " + onSample);
    Solution best = optimum(part);
    double objectiveOnAll = part.objectiveOn(part.decode(best.values()), all);
    assertTrue(onAll.bound() <= objectiveOnAll + 1e-6, onAll.bound() + " vs " + objectiveOnAll);
  }

  /** Sets the relaxation's defined variables ({@code name = sum of others}) from their defining rows. */
  private static void fillDefinitions(PairRelaxation.Built built, double[] values) {
    io.milpnet.core.model.Model m = built.model();
    for (int row = 0; row < m.numConstraints(); row++) {
      if (m.rowLowerBound(row) != m.rowUpperBound(row)) {
        continue;
      }
      int unknown = -1;
      double sum = 0;
      double coef = 0;
      for (int k = 0; k < m.rowSize(row); k++) {
        int v = m.rowVar(row, k);
        if (Double.isNaN(values[v])) {
          unknown = v;
          coef = m.rowCoef(row, k);
        } else {
          sum += m.rowCoef(row, k) * values[v];
        }
      }
      if (unknown >= 0) {
        values[unknown] = (m.rowLowerBound(row) - sum) / coef;
      }
    }
  }
}
