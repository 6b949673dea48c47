package io.milpnet.formulation.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.backend.ortools.OrToolsBackend;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.encode.LpBoundTightener;
import io.milpnet.formulation.layer.dense.DenseSpec;
import io.milpnet.formulation.network.TrainedNetwork;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The gap diagnosis on a problem whose parameters are all on grids: with every binary fixed to the optimal network the
 * LP is that network's objective, which is the brute-forced optimum; fixing more never lowers an LP bound.
 */
class GapDiagnosisTest {
  private static final double[] TERNARY = {-1, 0, 1};

  @Test
  void everyBinaryFixedAtTheOptimumGivesTheBruteForcedOptimum() {
    TrainingData data = LipschitzCutsTest.closePairs(3, 3, 2, 4);
    TrainingConfig cfg = TrainingConfig.defaults().withMargin(1.0).withL0(0.05).withNeuronPenalty(0.1)
        .withFirstLayerDomain(new WeightDomain.Ternary(1.0)).withGridBiases(true);
    TrainingProblem problem = TrainingProblem.build(data, List.of(new DenseSpec(1, Activation.RELU)), cfg);
    BruteForce.Result brute = new BruteForce(problem, 1, TERNARY, TERNARY, TERNARY, TERNARY, false, true).run();
    Solution s = OrToolsBackend.scip().solve(problem.model(), SolveOptions.defaults().withTimeLimit(60)
        .withRelativeGap(0.0));
    assertEquals(SolveStatus.OPTIMAL, s.status(), s.toString());
    TrainedNetwork best = problem.decode(s.values());

    GapDiagnosis.Result d = GapDiagnosis.of(problem, best, s.objective(), OrToolsBackend.glop());

    assertEquals(brute.optimum(), d.allFixed(), 1e-6, "every binary at the optimum: its objective");
    assertEquals(LpBoundTightener.relaxationOptimum(problem.model(), OrToolsBackend.glop()), d.lpBound(), 1e-7);
    Set<String> kinds = d.pieces().stream().map(GapDiagnosis.Piece::name).collect(Collectors.toSet());
    assertTrue(kinds.containsAll(Set.of("activation phases (ReLU, step, max)", "grid weights (and their products)",
        "L0, neuron and structure indicators")), kinds.toString());
    for (GapDiagnosis.Piece p : d.pieces()) {
      assertTrue(p.binaries() > 0, p.toString());
      assertTrue(p.fixed() >= d.lpBound() - 1e-7 && p.fixed() <= d.allFixed() + 1e-7, p.toString());
      assertTrue(p.alone() >= d.lpBound() - 1e-7 && p.alone() <= d.allFixed() + 1e-7, p.toString());
    }
    assertEquals(d.pieces().size() + 1, d.lines().size());
  }
}
