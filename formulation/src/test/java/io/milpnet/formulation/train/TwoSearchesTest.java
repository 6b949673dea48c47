package io.milpnet.formulation.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.backend.ortools.OrToolsBackend;
import io.milpnet.core.model.Model;
import io.milpnet.core.solver.ForwardingSolverBackend;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.layer.dense.DenseSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exact strategy's two searches ({@link Trainer#solveDivingFirst}): the combined result keeps the lower objective
 * and the higher bound, and the best-bound search that starts from the first search's point reaches the brute-forced
 * optimum.
 */
class TwoSearchesTest {
  private static Solution point(SolveStatus status, double objective, double bound, double x) {
    return new Solution(status, objective, bound, new double[] {x}, 1.0, 10, "");
  }

  @Test
  void theLowerObjectiveAndTheHigherBoundAreKept() {
    Solution a = Trainer.twoSearches(point(SolveStatus.FEASIBLE, 5, 1, 0), point(SolveStatus.FEASIBLE, 4, 2, 1));
    assertEquals(SolveStatus.FEASIBLE, a.status());
    assertEquals(4, a.objective());
    assertEquals(2, a.bestBound());
    assertArrayEquals(new double[] {1}, a.values());
    assertEquals(20, a.nodes());
    assertEquals(2.0, a.seconds());

    Solution b = Trainer.twoSearches(point(SolveStatus.FEASIBLE, 3, 2.5, 0), point(SolveStatus.FEASIBLE, 4, 2, 1));
    assertEquals(3, b.objective(), "the first search's better point is kept");
    assertEquals(2.5, b.bestBound(), "and its higher bound");

    Solution c = Trainer.twoSearches(point(SolveStatus.FEASIBLE, 5, 1, 0), point(SolveStatus.OPTIMAL, 3, 3, 1));
    assertEquals(SolveStatus.OPTIMAL, c.status(), "the second search proved its point optimal");
    assertEquals(3, c.objective());

    Solution d = Trainer.twoSearches(point(SolveStatus.FEASIBLE, 5, 1, 0),
        Solution.withoutValues(SolveStatus.NO_SOLUTION, 1.0, "stopped"));
    assertEquals(SolveStatus.FEASIBLE, d.status());
    assertEquals(5, d.objective(), "a second search without a point leaves the first's");
    assertEquals(1, d.bestBound());
    assertEquals(-1, d.nodes(), "unknown node count of the second search");
  }

  /**
   * A first search stopped at the start network with the trivial bound 0 (as at its time limit): the best-bound search
   * from that point proves the brute-forced optimum, and the two solves ask for the searches in that order.
   */
  @Test
  void theBestBoundSearchFromTheFirstPointReachesTheBruteForcedOptimum() {
    TrainingData data = TrainingBruteForceTest.randomData(5L, 7, 2);
    TrainingConfig cfg = TrainingBruteForceTest.gridConfig(LossKind.HINGE, Encoding.INDICATOR, 0.05, 0.4, false,
        0.5);
    TrainingProblem problem = TrainingProblem.build(data, List.of(new DenseSpec(2, Activation.RELU)), cfg);
    BruteForce.Result brute = new BruteForce(problem, 2, TrainingBruteForceTest.TERNARY, TrainingBruteForceTest.TERNARY,
        TrainingBruteForceTest.SIGNS_OR_ZERO, TrainingBruteForceTest.TERNARY, true, true).run();

    List<SolveOptions> seen = new ArrayList<>();
    SolverBackend firstStops = new ForwardingSolverBackend(OrToolsBackend.scip()) {
      @Override
      public Solution solve(Model model, SolveOptions options) {
        seen.add(options);
        if (seen.size() == 1) {
          double[] start = options.startValues();
          return new Solution(SolveStatus.FEASIBLE, model.objective().evaluate(start), 0.0, start.clone(), 0.1, 1,
              "stopped at its time limit");
        }
        return super.solve(model, options);
      }
    };
    SolveOptions options = SolveOptions.defaults().withTimeLimit(60).withRelativeGap(0);
    TrainingOutcome outcome = new Trainer(1e-6).solveDivingFirst(problem, firstStops, options, 0);

    assertEquals(2, seen.size(), "two searches");
    assertFalse(seen.get(0).bestBoundSearch(), "the solver's own search first");
    assertEquals(Trainer.DIVE_SHARE * 60, seen.get(0).timeLimitSeconds(), 1e-9);
    assertTrue(seen.get(1).bestBoundSearch(), "then best-bound search");
    double rest = seen.get(1).timeLimitSeconds();
    assertTrue(rest <= 60 && rest > 60 * (1 - Trainer.DIVE_SHARE), "the rest of the time limit: " + rest);
    assertArrayEquals(seen.get(0).startValues(), seen.get(1).startValues(), "from the first search's point");
    assertEquals(SolveStatus.OPTIMAL, outcome.solution().status(), outcome.solution().toString());
    assertEquals(brute.optimum(), outcome.solution().objective(), 1e-6);
    assertEquals(brute.optimum(), outcome.solution().bestBound(), 1e-6);
    assertTrue(outcome.solution().message().startsWith("two searches: "), outcome.solution().message());
    assertEquals(0, outcome.report().mismatches());
  }
}
