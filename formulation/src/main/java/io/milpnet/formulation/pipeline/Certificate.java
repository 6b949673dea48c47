package io.milpnet.formulation.pipeline;

import static io.milpnet.formulation.pipeline.NumberText.of;

import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.formulation.train.PairRelaxation;
import io.milpnet.formulation.train.TrainingData;
import io.milpnet.formulation.train.TrainingOutcome;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The bound a run reports and where it comes from: the solver's best bound, or the optimum of the {@link
 * PairRelaxation} when that is higher. Both are lower bounds on the training MILP's optimum (the relaxation's LP counts
 * only when solved to optimality), so the higher one is a certificate for the reported network. On MNIST the solver's
 * bound is 0 or none: the MILP's root LP (1.9 million nonzeros) does not finish within the exact stage's time.
 *
 * @param outcome the run's outcome, its solution's bound the higher of the two
 * @param source "solver", or "pair relaxation" when its bound is the one reported
 * @param solverBound the solver's bound (NaN: none)
 * @param pairs the relaxation's result, or null when it does not apply (restricted problem, gates, no network)
 * @param note why the relaxation was not solved, or ""
 */
public record Certificate(TrainingOutcome outcome, String source, double solverBound, PairRelaxation.Result pairs,
    String note) {
  /** Time limit of the relaxation's LP: on MNIST 10 per class (20 MILP rows) it takes about a second. */
  public static final double PAIR_SECONDS = 30;

  public static final String SOLVER = "solver";
  public static final String PAIRS = "pair relaxation";

  /**
   * The relaxation solved for the outcome's problem, and the outcome with its bound raised to the relaxation's when
   * that is proven and higher (the status becomes OPTIMAL when the gap then closes to {@code relativeGap}).
   */
  static Certificate solve(TrainingOutcome outcome, Supplier<SolverBackend> lp, double relativeGap) {
    return solve(outcome, null, lp, relativeGap);
  }

  /**
   * {@link #solve(TrainingOutcome, Supplier, double)} for an objective reported on {@code rows} (all training rows,
   * of which the problem may hold a sample: {@link PairRelaxation#build}); null: the problem's rows.
   */
  static Certificate solve(TrainingOutcome outcome, TrainingData rows, Supplier<SolverBackend> lp,
      double relativeGap) {
    Solution s = outcome.solution();
    double solverBound = s.bestBound();
    if (!outcome.hasNetwork()) {
      return new Certificate(outcome, SOLVER, solverBound, null, "not solved: no network");
    }
    SolverBackend backend;
    try {
      backend = lp.get();
    } catch (RuntimeException e) {
      return new Certificate(outcome, SOLVER, solverBound, null, "not solved: no LP backend (" + e.getMessage()
          + ")");
    }
    if (backend == null) {
      return new Certificate(outcome, SOLVER, solverBound, null, "not solved: no LP backend");
    }
    PairRelaxation.Result pairs = PairRelaxation.solve(outcome.problem(), rows, backend, PAIR_SECONDS);
    if (pairs != null && !pairs.proven() && rows != null && pairs.samples() != outcome.problem().data().samples()) {
      // The relaxation over all rows did not finish: the smaller one over the problem's own rows still bounds them.
      pairs = PairRelaxation.solve(outcome.problem(), null, backend, PAIR_SECONDS);
    }
    if (pairs == null) {
      return new Certificate(outcome, SOLVER, solverBound, null, "not applicable: a restricted problem, a layer"
          + " without a Lipschitz bound, or too many samples for the pair search");
    }
    double objective = s.objective();
    double tolerance = 1e-6 * Math.max(1.0, Math.abs(objective));
    // The LP's optimum is a floating-point value within the LP solver's tolerances (about 1e-7 relative for Glop):
    // the bound claimed is that much lower, so that rounding never certifies more than the relaxation proves.
    double lpBound = pairs.bound() - 1e-6 * Math.max(1.0, Math.abs(pairs.bound()));
    if (!pairs.proven() || !(Double.isNaN(solverBound) || lpBound > solverBound + 1e-9 * Math.max(1.0,
        Math.abs(solverBound)))) {
      return new Certificate(outcome, SOLVER, solverBound, pairs, "");
    }
    if (lpBound > objective + tolerance) {
      throw new IllegalStateException("pair relaxation bound " + pairs.bound() + " above the objective " + objective
          + " of a network of the problem: a bug");
    }
    // Within the LP's tolerance of the objective: the objective itself (a network attains it).
    double bound = Math.min(lpBound, objective);
    SolveStatus status = Solution.relativeGap(objective, bound) <= relativeGap ? SolveStatus.OPTIMAL : s.status();
    Solution raised = new Solution(status, objective, bound, s.values(), s.seconds(), s.nodes(), s.message()
        + (s.message().isEmpty() ? "" : "; ") + "bound from the pair relaxation (" + pairs.samples() + " rows, "
        + pairs.pairs() + " pairs; the solver's bound " + of(solverBound) + ")");
    return new Certificate(new TrainingOutcome(outcome.problem(), raised, outcome.network(), outcome.report(),
        outcome.buildSeconds()), PAIRS, solverBound, pairs, "");
  }

  /** One line for the console. */
  public String line() {
    if (pairs == null) {
      return "certified bound: the solver's, " + of(solverBound) + " (pair relaxation " + note + ")";
    }
    String lp = pairs.proven() ? of(pairs.bound()) : "none (" + pairs.note() + ")";
    return String.format(Locale.ROOT, "certified bound: %s from the %s (pair relaxation: %s on %d rows, %d pairs,"
        + " %d pair rows, %.1f s; solver: %s)", of(outcome.solution().bestBound()), source, lp, pairs.samples(),
        pairs.pairs(), pairs.rows(), pairs.seconds(), of(solverBound));
  }
}
