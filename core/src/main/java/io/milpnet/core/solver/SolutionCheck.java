package io.milpnet.core.solver;

import io.milpnet.core.model.FeasibilityCheck;
import io.milpnet.core.model.Model;
import java.util.List;

/**
 * What every backend does with a point before it reports it: the shared relative-tolerance check {@link
 * FeasibilityCheck#forSolutions()} (bounds, integrality, rows, indicators; see its definition). A solution whose
 * point the check rejects becomes an {@link SolveStatus#ERROR} naming the violations, so no backend reports a point
 * as OPTIMAL or FEASIBLE that the check rejects.
 */
public final class SolutionCheck {
  /** Violations named in an error message; the rest are left out. */
  static final int REPORTED = 3;

  private SolutionCheck() {}

  /** Violations of {@code values} against {@code model} under the shared check, at most {@value #REPORTED}. */
  public static List<String> violations(Model model, double[] values) {
    return FeasibilityCheck.forSolutions().withMaxReported(REPORTED).violations(model, values);
  }

  /** Whether the shared check accepts {@code values} as a point of {@code model}. */
  public static boolean accepts(Model model, double[] values) {
    return FeasibilityCheck.forSolutions().isFeasible(model, values);
  }

  /**
   * {@code solution} unchanged when it carries no point or its point passes the shared check; otherwise an ERROR
   * without values, whose message says that {@code solver} reported the status with a point that violates the model,
   * which violations, and the solver's own message.
   */
  public static Solution checked(String solver, Model model, Solution solution) {
    if (!solution.hasSolution()) {
      return solution;
    }
    List<String> violations = violations(model, solution.values());
    if (violations.isEmpty()) {
      return solution;
    }
    return new Solution(SolveStatus.ERROR, Double.NaN, Double.NaN, null, solution.seconds(), solution.nodes(),
        solver + " reported " + solution.status() + " with a point that violates the model (relative tolerance "
            + FeasibilityCheck.SOLUTION_TOLERANCE + "): " + violations
            + (solution.message().isEmpty() ? "" : "; " + solution.message()));
  }
}
