package io.milpnet.formulation.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.backend.ortools.OrToolsBackend;
import io.milpnet.core.model.FeasibilityCheck;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.formulation.data.MinMaxScaler;
import io.milpnet.formulation.network.ForwardPass;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.spec.ArchitectureParser;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Regression (L1 and L-infinity losses) against hand-computed optima, and its forward-pass oracles. */
class RegressionTest {

  /** The tent (0, 0), (0.5, 1), (1, 0), already in [0, 1]. */
  private static TrainingData tent() {
    double[][] x = {{0.0}, {0.5}, {1.0}};
    return TrainingData.regression(x, new double[] {0, 1, 0}, List.of("x"),
        new MinMaxScaler(new double[] {0}, new double[] {1}), new double[] {0, 1});
  }

  private static Solution solve(TrainingProblem problem) {
    return OrToolsBackend.scip().solve(problem.model(), SolveOptions.defaults().withTimeLimit(60).withRelativeGap(0));
  }

  @Test
  void aLinearModelFitsTheTentAsHandComputed() {
    // Any line l: |l(0)| + |1 - l(0.5)| + |l(1)| >= 2|l(0.5)| + |1 - l(0.5)| >= 1 (l(0.5) = (l(0) + l(1)) / 2), attained
    // by l = 0; the largest error of a line is at least 1/2 (equioscillation: l = 1/2).
    TrainingProblem l1 = TrainingProblem.build(tent(), new ArchitectureParser().parse("none"),
        TrainingConfig.defaults().withLoss(LossKind.L1));
    Solution s1 = solve(l1);
    assertEquals(SolveStatus.OPTIMAL, s1.status());
    assertEquals(1.0, s1.objective(), 1e-6);
    TrainingProblem linf = TrainingProblem.build(tent(), new ArchitectureParser().parse("none"),
        TrainingConfig.defaults().withLoss(LossKind.LINF));
    Solution sInf = solve(linf);
    assertEquals(SolveStatus.OPTIMAL, sInf.status());
    assertEquals(0.5, sInf.objective(), 1e-6);
    TrainedNetwork net = linf.decode(sInf.values());
    assertEquals(0, linf.check(sInf.values(), net, 1e-6).mismatches());
    assertEquals(0.5, linf.objectiveOf(net), 1e-6, "the forward pass prices the largest error");
  }

  @Test
  void twoReluUnitsFitTheTentExactly() {
    // The tent is 1 - |2x - 1| = 1 - relu(2x - 1) - relu(1 - 2x): first-layer weights +-2, biases -+1, sign output
    // weights -1 and output bias 1, so with weights in [-2, 2] and biases in [-1, 1] the optimum is 0.
    TrainingProblem problem = TrainingProblem.build(tent(), new ArchitectureParser().parse("dense:2"),
        TrainingConfig.defaults().withLoss(LossKind.L1).withWeightBound(2).withBiasBound(1));
    Solution s = solve(problem);
    assertEquals(SolveStatus.OPTIMAL, s.status());
    assertEquals(0.0, s.objective(), 1e-6);
    TrainedNetwork net = problem.decode(s.values());
    assertEquals(0, problem.check(s.values(), net, 1e-6).mismatches());
    ForwardPass f = new ForwardPass(net);
    assertArrayEquals(new double[] {0, 0, 0}, f.absoluteErrors(tent().x(), tent().targets()), 1e-6);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"L1, dense:3", "LINF, dense:3", "L1, 'dense:2,dense:2'", "LINF, 'dense:3/hardtanh'"})
  void randomNetworksArePricedByTheirForwardPass(LossKind loss, String arch) {
    Random r = new Random(3);
    double[][] x = new double[8][2];
    double[] t = new double[8];
    for (int i = 0; i < x.length; i++) {
      x[i][0] = r.nextDouble();
      x[i][1] = r.nextDouble();
      t[i] = r.nextDouble();
    }
    TrainingData data = TrainingData.regression(x, t, List.of("a", "b"),
        new MinMaxScaler(new double[] {0, 0}, new double[] {1, 1}), new double[] {-3, 5});
    TrainingProblem problem = TrainingProblem.build(data, new ArchitectureParser().parse(arch),
        TrainingConfig.defaults().withLoss(loss));
    for (int trial = 0; trial < 10; trial++) {
      TrainedNetwork net = TrainingProblemTest.randomNetwork(problem, r);
      double[] start = problem.startValues(net);
      assertTrue(new FeasibilityCheck(1e-9).violations(problem.model(), start).isEmpty());
      assertEquals(problem.objectiveOf(net), problem.model().objective().evaluate(start), 1e-9);
    }
    GradientTrainer.Result g = new GradientTrainer().train(problem, new GradientTrainer.Options(50, 0.02, 4, 2, 1));
    assertTrue(new FeasibilityCheck(1e-9).violations(problem.model(), problem.startValues(g.network())).isEmpty());
    Solution s = OrToolsBackend.scip().solve(problem.model(), SolveOptions.defaults().withTimeLimit(3)
        .withStartValues(problem.startValues(g.network())));
    assertTrue(s.hasSolution());
    TrainedNetwork net = problem.decode(s.values());
    assertEquals(0, problem.check(s.values(), net, 1e-6).mismatches());
    assertTrue(s.objective() <= g.objective() + 1e-6);
    // Errors are reported in the target's units: the range is 8.
    double[] e = new ForwardPass(net).absoluteErrors(data.x(), data.targets());
    double[] scaled = new double[e.length];
    for (int i = 0; i < e.length; i++) {
      scaled[i] = Math.abs(new ForwardPass(net).outputs(data.x()[i])[0] - t[i]);
      assertEquals(8 * scaled[i], e[i], 1e-9);
    }
  }

  @Test
  void classificationLossesAreRefusedForRegressionAndBack() {
    assertThrows(IllegalArgumentException.class, () -> TrainingProblem.build(tent(),
        new ArchitectureParser().parse("none"), TrainingConfig.defaults()));
    assertThrows(IllegalArgumentException.class, () -> TrainingProblem.build(TrainingFixtures.xor(),
        new ArchitectureParser().parse("none"), TrainingConfig.defaults().withLoss(LossKind.L1)));
  }
}
