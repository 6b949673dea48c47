package io.milpnet.core.bridge;

import io.milpnet.core.model.Model;
import io.milpnet.core.solver.Capabilities;

/**
 * Splits each range row {@code lb <= a.x <= ub} (both finite, different) into {@code a.x >= lb} and {@code a.x <= ub}
 * for solvers that take one-sided rows only. Variables are unchanged, so solutions map back one to one.
 */
public final class RangeRowBridge implements Bridge {

  @Override
  public boolean needed(Capabilities backend, Model model) {
    return !backend.rangeRows() && hasRangeRows(model);
  }

  /** Range rows are accepted. */
  @Override
  public Capabilities supplies(Capabilities c) {
    return new Capabilities(c.integers(), c.indicators(), true, c.timeLimit(), c.startValues(), c.bestBound(),
        c.interrupt(), c.nodeCount(), c.concurrentSolves(), c.memoryLimit(), c.solverParameters());
  }

  @Override
  public Model apply(Model model) {
    Model out = model.copyWithoutRows(model.name());
    for (int r = 0; r < model.numConstraints(); r++) {
      double lb = model.rowLowerBound(r);
      double ub = model.rowUpperBound(r);
      String name = model.constraintName(r);
      if (Double.isFinite(lb) && Double.isFinite(ub) && lb != ub) {
        out.addGreaterOrEqual(name + ":lo", model.rowExpr(r), lb);
        out.addLessOrEqual(name + ":hi", model.rowExpr(r), ub);
      } else {
        out.addConstraint(name, model.rowExpr(r), lb, ub);
      }
    }
    return out;
  }

  public static boolean hasRangeRows(Model model) {
    for (int r = 0; r < model.numConstraints(); r++) {
      double lb = model.rowLowerBound(r);
      double ub = model.rowUpperBound(r);
      if (Double.isFinite(lb) && Double.isFinite(ub) && lb != ub) {
        return true;
      }
    }
    return false;
  }
}
