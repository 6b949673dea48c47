package io.milpnet.formulation.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.backend.ortools.OrToolsBackend;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.layer.dense.DenseSpec;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.train.TrainingConfig;
import io.milpnet.formulation.train.TrainingFixtures;
import io.milpnet.formulation.train.TrainingOutcome;
import io.milpnet.formulation.train.TrainingProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reported bound is the higher of the solver's and the pair relaxation's, and says where it comes from. */
class CertificateTest {

  /** The zero network of the problem as an outcome with the given solver bound. */
  private static TrainingOutcome zeroOutcome(TrainingProblem problem, double solverBound) {
    TrainedNetwork zero = problem.zeroNetwork();
    double[] values = problem.startValues(zero);
    double objective = problem.model().objective().evaluate(values);
    return new TrainingOutcome(problem, new Solution(SolveStatus.FEASIBLE, objective, solverBound, values, 1.0, 0,
        "stopped"), zero, problem.check(values, zero, 1e-6), 0.0);
  }

  /** Two classes 1.8 apart with an L1 penalty: the relaxation proves 10/9 (PairRelaxationTest). */
  private static TrainingProblem separated() {
    double[][] x = {{0.0, 0.0}, {0.1, 0.0}, {1.0, 1.0}, {0.9, 1.0}};
    return TrainingProblem.build(TrainingFixtures.of(x, new int[] {0, 0, 1, 1}),
        List.of(new DenseSpec(2, Activation.RELU)), TrainingConfig.defaults().withMargin(1.0).withL1(0.5)
            .withWeightBound(5.0));
  }

  @Test
  void noSolverBoundTakesTheRelaxations() {
    Certificate c = Certificate.solve(zeroOutcome(separated(), Double.NaN), OrToolsBackend::glop, 1e-4);
    assertEquals(Certificate.PAIRS, c.source());
    // The LP's optimum less its safety margin of 1e-6 (relative): never above what the relaxation proves.
    double bound = c.outcome().solution().bestBound();
    assertTrue(bound <= 10.0 / 9.0 && bound >= 10.0 / 9.0 - 1e-5, "bound " + bound);
    // Hinge 1 on each of the 4 rows, and the two sign output weights' L1 of 0.5 each.
    assertEquals(5.0, c.outcome().solution().objective(), 1e-9);
    assertEquals(SolveStatus.FEASIBLE, c.outcome().solution().status());
    assertTrue(c.outcome().solution().message().contains("bound from the pair relaxation"),
        c.outcome().solution().message());
    assertTrue(c.line().startsWith("certified bound: 1.11111 from the pair relaxation (pair relaxation: 1.11111 on 4 rows"), c.line());
  }

  @Test
  void aHigherSolverBoundIsKept() {
    Certificate c = Certificate.solve(zeroOutcome(separated(), 1.5), OrToolsBackend::glop, 1e-4);
    assertEquals(Certificate.SOLVER, c.source());
    assertEquals(1.5, c.outcome().solution().bestBound());
    assertEquals(10.0 / 9.0, c.pairs().bound(), 1e-6);
  }

  /** Two copies of one point with different labels: the zero network's 2 margin is the optimum, and now proven. */
  @Test
  void aClosedGapIsOptimal() {
    TrainingProblem problem = TrainingProblem.build(TrainingFixtures.of(new double[][] {{0.3, 0.8}, {0.3, 0.8}},
        new int[] {0, 1}), List.of(new DenseSpec(2, Activation.RELU)), TrainingConfig.defaults().withMargin(1.0));
    Certificate c = Certificate.solve(zeroOutcome(problem, 0.0), OrToolsBackend::glop, 1e-4);
    assertEquals(Certificate.PAIRS, c.source());
    double bound = c.outcome().solution().bestBound();
    assertTrue(bound <= 2.0 && bound >= 2.0 - 1e-5, "bound " + bound);
    assertEquals(SolveStatus.OPTIMAL, c.outcome().solution().status());
  }
}
