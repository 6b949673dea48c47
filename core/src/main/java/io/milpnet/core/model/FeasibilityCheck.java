package io.milpnet.core.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks a full assignment against a model: bounds, integrality, rows and indicators, each within an absolute
 * tolerance. Used to prove that warm starts are feasible and to audit what a solver returned.
 */
public final class FeasibilityCheck {
  private final double tolerance;
  private final int maxReported;

  public FeasibilityCheck(double tolerance, int maxReported) {
    if (!(tolerance >= 0)) {
      throw new IllegalArgumentException("tolerance must be >= 0");
    }
    this.tolerance = tolerance;
    this.maxReported = maxReported;
  }

  public FeasibilityCheck(double tolerance) {
    this(tolerance, 20);
  }

  /** Human-readable violations, at most {@code maxReported}; empty when the point is feasible. */
  public List<String> violations(Model model, double[] values) {
    List<String> out = new ArrayList<>();
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
      if (x < model.lowerBound(v) - tolerance || x > model.upperBound(v) + tolerance) {
        out.add(model.varName(v) + " = " + x + " outside [" + model.lowerBound(v) + ", " + model.upperBound(v) + "]");
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
    return out;
  }

  public boolean isFeasible(Model model, double[] values) {
    return violations(model, values).isEmpty();
  }

  private void checkRow(LinearConstraint row, double[] values, List<String> out, String kind) {
    double a = row.expr().evaluate(values);
    if (a < row.lb() - tolerance || a > row.ub() + tolerance) {
      out.add(kind + row.name() + ": activity " + a + " outside [" + row.lb() + ", " + row.ub() + "]");
    }
  }
}
