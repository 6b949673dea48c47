package io.milpnet.core.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks a full assignment against a model: bounds, integrality, rows and indicators. Two ways to measure a
 * violation:
 *
 * <ul>
 *   <li><b>Absolute</b> ({@link #FeasibilityCheck(double)}, {@link #absolute}): every bound, row and integrality
 *       violation must be at most {@code tol}. Used to prove that warm starts built by milpnet are feasible.
 *   <li><b>Relative</b> ({@link #relative}, and {@link #forSolutions()} that every backend uses): each violation is
 *       measured against the size of the numbers involved, as solvers measure their own feasibility tolerance:
 *       <ul>
 *         <li>a variable bound {@code l <= x <= u}: {@code x >= l - tol * max(1, |l|)} and {@code x <= u + tol *
 *             max(1, |u|)};
 *         <li>a row {@code lb <= sum a_i x_i <= ub}, with activity {@code A = sum a_i x_i} and magnitude {@code M =
 *             sum |a_i x_i|} (the norm of the row's activity terms): {@code A >= lb - tol * max(1, |lb|, M)} and
 *             {@code A <= ub + tol * max(1, |ub|, M)}. {@code M} is the size of the rounding error a solver's
 *             arithmetic can make in {@code A}, so a row of large coefficients gets a proportionally larger
 *             allowance, a row of small ones never less than {@code tol};
 *         <li>integrality: {@code |x - round(x)| <= tol}, absolute (an integer is off by the same amount at any
 *             magnitude);
 *         <li>an indicator {@code z = v => row}: the row is checked as above when {@code |z - v| <= tol}.
 *       </ul>
 * </ul>
 *
 * In both modes a value that is NaN or infinite is a violation (no point has such a coordinate), and so is a row
 * whose activity is not a number.
 */
public final class FeasibilityCheck {
  /**
   * The relative tolerance of {@link #forSolutions()}: SCIP's and ojAlgo's default feasibility tolerance, above the
   * primal tolerances of HiGHS (1e-7), CBC (1e-7) and lp_solve (1e-10 to 1e-7), so a point those solvers accept
   * passes it.
   */
  public static final double SOLUTION_TOLERANCE = 1e-6;

  private static final FeasibilityCheck FOR_SOLUTIONS = new FeasibilityCheck(SOLUTION_TOLERANCE, true, 20);

  private final double tolerance;
  private final boolean relative;
  private final int maxReported;

  private FeasibilityCheck(double tolerance, boolean relative, int maxReported) {
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("tolerance must be finite and >= 0, got " + tolerance);
    }
    if (maxReported < 1) {
      throw new IllegalArgumentException("maxReported must be >= 1, got " + maxReported);
    }
    this.tolerance = tolerance;
    this.relative = relative;
    this.maxReported = maxReported;
  }

  /** An absolute check reporting at most {@code maxReported} violations. */
  public FeasibilityCheck(double tolerance, int maxReported) {
    this(tolerance, false, maxReported);
  }

  /** An absolute check reporting at most 20 violations. */
  public FeasibilityCheck(double tolerance) {
    this(tolerance, false, 20);
  }

  /** Every violation at most {@code tolerance}. */
  public static FeasibilityCheck absolute(double tolerance) {
    return new FeasibilityCheck(tolerance, false, 20);
  }

  /** Every violation at most {@code tolerance} times the scale of what it violates (see the class comment). */
  public static FeasibilityCheck relative(double tolerance) {
    return new FeasibilityCheck(tolerance, true, 20);
  }

  /**
   * The check every backend applies to the points it returns ({@link #relative} with {@link #SOLUTION_TOLERANCE}):
   * a point it rejects is never reported as a solution.
   */
  public static FeasibilityCheck forSolutions() {
    return FOR_SOLUTIONS;
  }

  /** The same check, reporting at most {@code max} violations. */
  public FeasibilityCheck withMaxReported(int max) {
    return new FeasibilityCheck(tolerance, relative, max);
  }

  public double tolerance() {
    return tolerance;
  }

  public boolean isRelative() {
    return relative;
  }

  /** Human-readable violations, at most {@code maxReported}; empty when the point is feasible. */
  public List<String> violations(Model model, double[] values) {
    List<String> out = new ArrayList<>();
    if (values == null) {
      out.add("no assignment");
      return out;
    }
    if (values.length != model.numVars()) {
      out.add("assignment has " + values.length + " values for " + model.numVars() + " variables");
      return out;
    }
    for (int v = 0; v < model.numVars() && out.size() < maxReported; v++) {
      double x = values[v];
      if (Double.isNaN(x)) {
        out.add(model.varName(v) + " has no value");
        continue;
      }
      if (Double.isInfinite(x)) {
        out.add(model.varName(v) + " = " + x + " is not finite");
        continue;
      }
      double lb = model.lowerBound(v);
      double ub = model.upperBound(v);
      if (x < lb - allowance(lb, 0) || x > ub + allowance(ub, 0)) {
        out.add(model.varName(v) + " = " + x + " outside [" + lb + ", " + ub + "]");
      }
      if (model.varType(v).isIntegral() && Math.abs(x - Math.rint(x)) > tolerance) {
        out.add(model.varName(v) + " = " + x + " is not integral");
      }
    }
    for (int r = 0; r < model.numConstraints() && out.size() < maxReported; r++) {
      checkRow(model.constraint(r), values, out, "");
    }
    for (int i = 0; i < model.numIndicators() && out.size() < maxReported; i++) {
      IndicatorConstraint ind = model.indicator(i);
      boolean on = Math.abs(values[ind.binary()] - (ind.activeValue() ? 1.0 : 0.0)) <= tolerance;
      if (on) {
        checkRow(ind.row(), values, out, "indicator ");
      }
    }
    return out.size() > maxReported ? out.subList(0, maxReported) : out;
  }

  public boolean isFeasible(Model model, double[] values) {
    return violations(model, values).isEmpty();
  }

  /** How far past {@code bound} a value may lie: {@code tol}, or relatively {@code tol * max(1, |bound|, scale)}. */
  private double allowance(double bound, double scale) {
    if (!relative) {
      return tolerance;
    }
    double size = Double.isInfinite(bound) ? 1 : Math.max(1, Math.abs(bound));
    return tolerance * Math.max(size, scale);
  }

  private void checkRow(LinearConstraint row, double[] values, List<String> out, String kind) {
    LinearExpr e = row.expr();
    double activity = 0;
    double magnitude = 0;
    for (int k = 0; k < e.size(); k++) {
      double term = e.coef(k) * values[e.var(k)];
      activity += term;
      magnitude += Math.abs(term);
    }
    boolean below = !(activity >= row.lb() - allowance(row.lb(), magnitude));
    boolean above = !(activity <= row.ub() + allowance(row.ub(), magnitude));
    if (below || above) {
      out.add(kind + row.name() + ": activity " + activity + " outside [" + row.lb() + ", " + row.ub() + "]");
    }
  }
}
