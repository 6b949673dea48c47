package io.milpnet.core.bridge;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.bounds.IntervalBounds;
import io.milpnet.core.model.IndicatorConstraint;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;
import io.milpnet.core.solver.Capabilities;

/**
 * Rewrites {@code z = v => lb <= a.x <= ub} as big-M rows for solvers without native indicators:
 *
 * <pre>
 *   a.x <= ub + M_u * (1 - z)     with M_u = max(a.x) - ub      (v = 1; use z instead of 1 - z for v = 0)
 *   a.x >= lb - M_l * (1 - z)     with M_l = lb - min(a.x)
 * </pre>
 *
 * where max and min come from interval arithmetic over the variable bounds. A side whose M is not positive is
 * already implied by the bounds and is dropped. An infinite bound gives an {@link UnboundedBigMException} that names
 * the indicator and the variable: a made-up M (1e6, say) would either cut off solutions or wreck the numerics.
 * Variables are unchanged, so solutions map back one to one.
 */
public final class IndicatorToBigMBridge implements Bridge {

  @Override
  public boolean needed(Capabilities backend, Model model) {
    return !backend.indicators() && model.numIndicators() > 0;
  }

  /** Indicators (with finite bounds) are accepted. */
  @Override
  public Capabilities supplies(Capabilities c) {
    return new Capabilities(c.integers(), true, c.rangeRows(), c.timeLimit(), c.startValues(), c.bestBound(),
        c.interrupt(), c.nodeCount(), c.concurrentSolves(), c.memoryLimit(), c.solverParameters());
  }

  @Override
  public Model apply(Model model) {
    Model out = model.copyWithoutIndicators(model.name());
    IntervalBounds bounds = IntervalBounds.of(model);
    for (int i = 0; i < model.numIndicators(); i++) {
      IndicatorConstraint ind = model.indicator(i);
      LinearExpr expr = ind.expr();
      Interval range = bounds.range(expr);
      Var z = new Var(ind.binary());
      // "slack" is 1 - z when the constraint is enforced by z = 1, and z when enforced by z = 0.
      if (Double.isFinite(ind.ub())) {
        double m = range.hi() - ind.ub();
        if (m > 0) {
          requireFinite(model, bounds, ind, expr, true, m);
          LinearExpr.Builder row = LinearExpr.builder(expr.size() + 1).add(expr);
          if (ind.activeValue()) {
            out.addLessOrEqual(ind.name() + ":bigM_ub", row.add(m, z).build(), ind.ub() + m);
          } else {
            out.addLessOrEqual(ind.name() + ":bigM_ub", row.add(-m, z).build(), ind.ub());
          }
        }
      }
      if (Double.isFinite(ind.lb())) {
        double m = ind.lb() - range.lo();
        if (m > 0) {
          requireFinite(model, bounds, ind, expr, false, m);
          LinearExpr.Builder row = LinearExpr.builder(expr.size() + 1).add(expr);
          if (ind.activeValue()) {
            out.addGreaterOrEqual(ind.name() + ":bigM_lb", row.add(-m, z).build(), ind.lb() - m);
          } else {
            out.addGreaterOrEqual(ind.name() + ":bigM_lb", row.add(m, z).build(), ind.lb());
          }
        }
      }
    }
    return out;
  }

  private static void requireFinite(
      Model model, IntervalBounds bounds, IndicatorConstraint ind, LinearExpr expr, boolean upwards, double m) {
    if (Double.isFinite(m)) {
      return;
    }
    int v = bounds.unboundedVar(expr, upwards);
    String var = v >= 0 ? model.varName(v) : "?";
    throw new UnboundedBigMException("indicator '" + ind.name() + "' needs a big-M but variable '" + var + "' has an"
        + " infinite bound: give it finite bounds, or use a backend with native indicator constraints");
  }
}
