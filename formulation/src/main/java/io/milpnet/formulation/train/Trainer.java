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
    SolveOptions effective = options;
    if (options.startValues() == null && backend.capabilities().startValues()) {
      effective = options.withStartValues(problem.startValues(problem.zeroNetwork()));
    }
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
    solution = restricted(problem, solution);
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
