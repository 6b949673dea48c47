package io.milpnet.formulation.train;

import io.milpnet.core.bridge.BridgingSolver;
import io.milpnet.core.model.FeasibilityCheck;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.core.solver.TimeLimitGuard;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.spec.LayerSpec;
import java.util.List;

/**
 * Builds the training MILP, solves it through the bridges of the chosen backend, decodes the network and audits it
 * by forward pass. When the backend takes start values and the caller gave none, the all-zero network is the start:
 * a solve stopped early then still returns a network, and the incumbent can only improve on it.
 */
public final class Trainer {
  private final double decodeTolerance;

  public Trainer(double decodeTolerance) {
    if (!(decodeTolerance > 0)) {
      throw new IllegalArgumentException("--decode-tolerance must be > 0, got " + decodeTolerance);
    }
    this.decodeTolerance = decodeTolerance;
  }

  public TrainingProblem build(TrainingData data, List<LayerSpec> hidden, TrainingConfig config) {
    return TrainingProblem.build(data, hidden, config);
  }

  /**
   * A gradient-trained network in the problem's domains as a start: its values for every model variable, checked
   * feasible for the MILP (a start the model rejects, e.g. one over a feature budget or missing an anchor, is not
   * used: {@code values} is null and {@code note} says why).
   */
  public WarmStart gradientStart(TrainingProblem problem, GradientTrainer.Options options) {
    return startFor(problem, new GradientTrainer().train(problem, options));
  }

  /** The gradient network of {@code result} as a start of {@code problem} (checked feasible, as above). */
  public WarmStart startFor(TrainingProblem problem, GradientTrainer.Result result) {
    double[] values = problem.startValues(result.network());
    List<String> violations = new FeasibilityCheck(1e-6).violations(problem.model(), values);
    if (!violations.isEmpty()) {
      return new WarmStart(result, null, "the gradient network violates " + violations.size() + " row(s) of the"
          + " model (first: " + violations.get(0) + "); starting from the zero network instead");
    }
    return new WarmStart(result, values, null);
  }

  /** A warm start: the gradient result, its start values (null when unusable) and why they are unusable. */
  public record WarmStart(GradientTrainer.Result result, double[] values, String note) {
    public boolean usable() {
      return values != null;
    }
  }

  public TrainingOutcome solve(TrainingProblem problem, SolverBackend backend, SolveOptions options,
      double buildSeconds) {
    SolverBackend solver = new TimeLimitGuard(new BridgingSolver(backend));
    return outcome(problem, solveOnce(problem, solver, withStart(problem, backend, options)), buildSeconds);
  }

  /**
   * Share of the time limit {@link #solveDivingFirst} gives the solver's own search before the best-bound search
   * (measured on the README's sparse Iris example: docs/benchmarks.md, "Certified gaps (issue 17)").
   */
  public static final double DIVE_SHARE = 0.25;

  /**
   * The exact strategy's solve in two searches: the solver's own search (which dives for networks) for {@link
   * #DIVE_SHARE} of the time limit, then a best-bound search ({@link SolveOptions#bestBoundSearch}) from its incumbent
   * for the rest, which moves the proven bound. The result is the better network of the two with the higher of their
   * bounds (both bound the same model). A first search that proves optimality or infeasibility, fails or is
   * interrupted ends it; without a time limit there is only the best-bound search.
   */
  public TrainingOutcome solveDivingFirst(TrainingProblem problem, SolverBackend backend, SolveOptions options,
      double buildSeconds) {
    if (!options.hasTimeLimit()) {
      return solve(problem, backend, options.withBestBoundSearch(true), buildSeconds);
    }
    SolverBackend solver = new TimeLimitGuard(new BridgingSolver(backend));
    SolveOptions start = withStart(problem, backend, options);
    long begin = System.nanoTime();
    Solution dive = solveOnce(problem, solver,
        start.withBestBoundSearch(false).withTimeLimit(DIVE_SHARE * options.timeLimitSeconds()));
    double left = options.timeLimitSeconds() - (System.nanoTime() - begin) / 1e9;
    boolean interrupted = options.interrupt() != null && options.interrupt().isInterrupted();
    if (interrupted || left < 1 || dive.status() != SolveStatus.FEASIBLE) {
      return outcome(problem, dive, buildSeconds);
    }
    Solution best = solveOnce(problem, solver, start.withBestBoundSearch(true).withTimeLimit(left)
        .withStartValues(dive.values()));
    return outcome(problem, twoSearches(dive, best), buildSeconds);
  }

  /**
   * A minimisation's two searches of the same model as one result: the lower objective's point, the higher bound,
   * OPTIMAL when the second search proved its point optimal (its point is then at most the first's, which was its
   * start).
   */
  static Solution twoSearches(Solution dive, Solution best) {
    Solution point = !best.hasSolution() || dive.objective() < best.objective() ? dive : best;
    double bound = Double.isNaN(best.bestBound()) ? dive.bestBound()
        : Double.isNaN(dive.bestBound()) ? best.bestBound() : Math.max(dive.bestBound(), best.bestBound());
    SolveStatus status = best.status() == SolveStatus.OPTIMAL && point == best ? SolveStatus.OPTIMAL
        : SolveStatus.FEASIBLE;
    String message = String.format(java.util.Locale.ROOT, "two searches: the solver's own %.1f s (%s, objective %.6g,"
        + " bound %.6g), best-bound first %.1f s (%s, objective %.6g, bound %.6g)%s", dive.seconds(), dive.status(),
        dive.objective(), dive.bestBound(), best.seconds(), best.status(), best.objective(), best.bestBound(),
        point.message().isEmpty() ? "" : "; " + point.message());
    long nodes = dive.nodes() < 0 || best.nodes() < 0 ? -1 : dive.nodes() + best.nodes();
    return new Solution(status, point.objective(), bound, point.values(), dive.seconds() + best.seconds(), nodes,
        message);
  }

  private static SolveOptions withStart(TrainingProblem problem, SolverBackend backend, SolveOptions options) {
    if (options.startValues() == null && backend.capabilities().startValues()) {
      return options.withStartValues(problem.startValues(problem.zeroNetwork()));
    }
    return options;
  }

  private static Solution solveOnce(TrainingProblem problem, SolverBackend solver, SolveOptions effective) {
    Solution solution = solver.solve(problem.model(), effective);
    double[] start = effective.startValues();
    if (!solution.hasSolution() && start != null && solution.status() != SolveStatus.INFEASIBLE
        && new FeasibilityCheck(1e-6).violations(problem.model(), start).isEmpty()) {
      // The solver ended without a point of its own (stopped in presolve, abandoned): the start is still a network of
      // this model, reported as such, with no bound.
      solution = new Solution(SolveStatus.FEASIBLE, problem.model().objective().evaluate(start), Double.NaN,
          start.clone(), solution.seconds(), solution.nodes(), "the solver returned no point (" + solution.status()
              + ": " + solution.message() + "); the start network is reported, with no bound");
    }
    return solution;
  }

  private TrainingOutcome outcome(TrainingProblem problem, Solution raw, double buildSeconds) {
    Solution solution = restricted(problem, raw);
    if (!solution.hasSolution()) {
      return new TrainingOutcome(problem, solution, null, null, buildSeconds);
    }
    TrainedNetwork network = problem.decode(solution.values());
    DecodeReport report = problem.check(solution.values(), network, decodeTolerance);
    return new TrainingOutcome(problem, solution, network, report, buildSeconds);
  }

  /**
   * The solution as a statement about the whole training problem: unchanged for an unrestricted problem; for one
   * restricted to reference ranges ({@link TrainingProblem#restriction()}), a network is only FEASIBLE, with no bound,
   * and a restricted model without a point proves nothing (NO_SOLUTION); the message keeps what the solver said.
   */
  static Solution restricted(TrainingProblem problem, Solution s) {
    if (problem.restriction() == null) {
      return s;
    }
    String note = "restricted to the gradient network's activation ranges (--gradient-bounds): the solver's "
        + s.status() + (Double.isNaN(s.bestBound()) ? "" : " with bound " + s.bestBound())
        + " holds for that restriction only, so no global bound is reported";
    SolveStatus status = s.hasSolution() ? SolveStatus.FEASIBLE
        : s.status() == SolveStatus.ERROR ? SolveStatus.ERROR : SolveStatus.NO_SOLUTION;
    return new Solution(status, s.objective(), Double.NaN, s.values(), s.seconds(), s.nodes(),
        s.message().isEmpty() ? note : s.message() + "; " + note);
  }
}
