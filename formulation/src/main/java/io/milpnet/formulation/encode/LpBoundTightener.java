package io.milpnet.formulation.encode;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.bridge.IndicatorToBigMBridge;
import io.milpnet.core.bridge.LpRelaxation;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Sense;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.core.solver.SolverBackend;

/**
 * Optimisation-based bound tightening (OBBT): the range of a pre-activation over the LP relaxation of the network
 * encoded so far, instead of interval arithmetic. Used layer by layer: {@link #relax} snapshots the model once per
 * layer, then {@link #tighten} minimises and maximises each unit's pre-activation over it. Tighter bounds make
 * smaller big-M constants and prove more ReLUs stable (no binary at all).
 *
 * <p>Soundness: an LP bound is used only when the LP was solved to optimality, and it is widened by a relative
 * {@value #SAFETY} so that the LP solver's tolerances cannot cut off a reachable value; the result never leaves the
 * interval bound it starts from. When the time budget runs out, the remaining units keep their interval bounds.
 */
public final class LpBoundTightener {
  static final double SAFETY = 1e-6;

  private final SolverBackend lpSolver;
  private final long deadline;
  private int lpSolves;
  private int tightened;

  /**
   * @param lpSolver a backend that solves linear programs (the bridges are the caller's business: the relaxation
   *     holds no integer variables and no indicators)
   * @param budgetSeconds total time for all tightening LPs
   */
  public LpBoundTightener(SolverBackend lpSolver, double budgetSeconds) {
    this.lpSolver = lpSolver;
    this.deadline = System.nanoTime() + (long) (Math.max(0, budgetSeconds) * 1e9);
  }

  /** The LP relaxation of the model as it is now (indicators as big-M rows from bounds, integrality dropped). */
  public Model relax(Model model) {
    Model bigM = model.numIndicators() > 0 ? new IndicatorToBigMBridge().apply(model) : model;
    return new LpRelaxation().apply(bigM);
  }

  /** The range of {@code expr} over the relaxation, intersected with {@code current}. */
  public Interval tighten(Model relaxation, LinearExpr expr, Interval current) {
    if (expired()) {
      return current;
    }
    double lo = optimise(relaxation, expr, Sense.MINIMIZE);
    double hi = optimise(relaxation, expr, Sense.MAXIMIZE);
    double newLo = Double.isNaN(lo) ? current.lo() : Math.max(current.lo(), lo - SAFETY * (1 + Math.abs(lo)));
    double newHi = Double.isNaN(hi) ? current.hi() : Math.min(current.hi(), hi + SAFETY * (1 + Math.abs(hi)));
    if (newLo > newHi) {
      // Only possible through solver trouble: keep the interval bound rather than claim an empty range.
      return current;
    }
    if (newLo > current.lo() || newHi < current.hi()) {
      tightened++;
    }
    return new Interval(newLo, newHi);
  }

  /**
   * The optimum of the LP relaxation of {@code model} for its own objective (indicators bridged to big-M rows,
   * integrality dropped): the root bound a branch and bound starts from; NaN unless the LP solver proved it optimal.
   */
  public static double relaxationOptimum(Model model, SolverBackend lpSolver) {
    Model bigM = model.numIndicators() > 0 ? new IndicatorToBigMBridge().apply(model) : model;
    Solution s = lpSolver.solve(new LpRelaxation().apply(bigM), SolveOptions.defaults().withRelativeGap(0));
    return s.status() == SolveStatus.OPTIMAL ? s.objective() : Double.NaN;
  }

  public boolean expired() {
    return System.nanoTime() > deadline;
  }

  public int lpSolves() {
    return lpSolves;
  }

  public int tightened() {
    return tightened;
  }

  /** The LP optimum of {@code expr}, or NaN when the LP was not solved to optimality. */
  private double optimise(Model relaxation, LinearExpr expr, Sense sense) {
    double remaining = (deadline - System.nanoTime()) / 1e9;
    if (remaining <= 0) {
      return Double.NaN;
    }
    relaxation.setObjective(sense, expr);
    Solution s = lpSolver.solve(relaxation, SolveOptions.defaults().withTimeLimit(remaining).withRelativeGap(0));
    lpSolves++;
    return s.status() == SolveStatus.OPTIMAL ? s.objective() : Double.NaN;
  }
}
