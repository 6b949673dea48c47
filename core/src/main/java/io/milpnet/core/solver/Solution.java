package io.milpnet.core.solver;

import java.util.Objects;

/**
 * What a backend returns. {@code values} holds one value per model variable when {@link SolveStatus#hasSolution()},
 * and is null otherwise. {@code bestBound} is the solver's proven bound on the optimum (NaN when unknown), {@code
 * nodes} the branch-and-bound node count (-1 when unknown).
 */
public record Solution(
    SolveStatus status,
    double objective,
    double bestBound,
    double[] values,
    double seconds,
    long nodes,
    String message) {

  public Solution {
    Objects.requireNonNull(status, "status");
    if (status.hasSolution() && values == null) {
      throw new IllegalArgumentException("a " + status + " solution needs values");
    }
    if (!status.hasSolution()) {
      values = null;
    }
    message = message == null ? "" : message;
  }

  public static Solution withoutValues(SolveStatus status, double seconds, String message) {
    return new Solution(status, Double.NaN, Double.NaN, null, seconds, -1, message);
  }

  public boolean hasSolution() {
    return status.hasSolution();
  }

  public double value(int var) {
    if (values == null) {
      throw new IllegalStateException("no solution values: status " + status);
    }
    return values[var];
  }

  /**
   * Relative gap {@code |objective - bestBound| / max(|objective|, 1e-10)}, the convention of SCIP, Gurobi and
   * OR-Tools for a nonzero incumbent; 0 when the two agree to 1e-9 absolutely; NaN when there is no incumbent or no
   * bound. A training loss with a dual bound of 0 therefore shows a gap of 1.0 (100%), never a misleading small one.
   */
  public double gap() {
    return relativeGap(objective, bestBound);
  }

  public static double relativeGap(double objective, double bestBound) {
    if (Double.isNaN(objective) || Double.isNaN(bestBound)) {
      return Double.NaN;
    }
    if (Double.isInfinite(bestBound)) {
      return Double.POSITIVE_INFINITY;
    }
    double diff = Math.abs(objective - bestBound);
    if (diff <= 1e-9) {
      return 0.0;
    }
    return diff / Math.max(Math.abs(objective), 1e-10);
  }

  @Override
  public String toString() {
    return "Solution[" + status + ", objective=" + objective + ", bestBound=" + bestBound + ", gap=" + gap()
        + ", seconds=" + seconds + ", nodes=" + nodes + (message.isEmpty() ? "" : ", " + message) + "]";
  }
}
