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
  private final java.util.concurrent.atomic.AtomicInteger lpSolves = new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger tightened = new java.util.concurrent.atomic.AtomicInteger();
  private int threads = 1;

  /**
   * @param lpSolver a backend that solves linear programs (the bridges are the caller's business: the relaxation
   *     holds no integer variables and no indicators)
   * @param budgetSeconds total time for all tightening LPs
   */
  public LpBoundTightener(SolverBackend lpSolver, double budgetSeconds) {
    this.lpSolver = lpSolver;
    this.deadline = System.nanoTime() + (long) (Math.max(0, budgetSeconds) * 1e9);
  }

  /**
   * Up to {@code n} LPs at once in {@link #tightenAll} (each thread on its own copy of the relaxation); the LP
   * backend must allow concurrent solves of separate models (OR-Tools GLOP does).
   */
  public LpBoundTightener withThreads(int n) {
    this.threads = Math.max(1, n);
    return this;
  }

  /**
   * {@link #tighten} for every expression, in parallel with {@link #withThreads} threads: the bounds of a layer's
   * units are independent LPs over the same relaxation.
   */
  public Interval[] tightenAll(Model relaxation, java.util.List<LinearExpr> exprs,
      java.util.List<Interval> current) {
    Interval[] out = current.toArray(new Interval[0]);
    int workers = Math.min(threads, exprs.size());
    if (workers <= 1) {
      for (int k = 0; k < out.length; k++) {
        out[k] = tighten(relaxation, exprs.get(k), out[k]);
      }
      return out;
    }
    java.util.List<Thread> pool = new java.util.ArrayList<>();
    java.util.concurrent.atomic.AtomicReference<RuntimeException> failure =
        new java.util.concurrent.atomic.AtomicReference<>();
    for (int w = 0; w < workers; w++) {
      int first = w;
      Model own = relaxation.copy(relaxation.name() + "-w" + w);
      Thread t = new Thread(() -> {
        try {
          for (int k = first; k < out.length; k += workers) {
            out[k] = tighten(own, exprs.get(k), out[k]);
          }
        } catch (RuntimeException e) {
          failure.compareAndSet(null, e);
        }
      }, "milpnet-obbt-" + w);
      t.setDaemon(true);
      pool.add(t);
      t.start();
    }
    for (Thread t : pool) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return out;
  }

  /** The LP relaxation of the model as it is now (indicators as big-M rows from bounds, integrality dropped). */
  public Model relax(Model model) {
    return relaxation(model);
  }

  private static Model relaxation(Model model) {
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
      tightened.incrementAndGet();
    }
    return new Interval(newLo, newHi);
  }

  /**
   * The optimum of the LP relaxation of {@code model} for its own objective (indicators bridged to big-M rows,
   * integrality dropped): the root bound a branch and bound starts from; NaN unless the LP solver proved it optimal.
   */
  public static double relaxationOptimum(Model model, SolverBackend lpSolver) {
    Solution s = lpSolver.solve(relaxation(model), SolveOptions.defaults().withRelativeGap(0));
    return s.status() == SolveStatus.OPTIMAL ? s.objective() : Double.NaN;
  }

  public boolean expired() {
    return System.nanoTime() > deadline;
  }

  public int lpSolves() {
    return lpSolves.get();
  }

  public int tightened() {
    return tightened.get();
  }

  /** The LP optimum of {@code expr}, or NaN when the LP was not solved to optimality. */
  private double optimise(Model relaxation, LinearExpr expr, Sense sense) {
    double remaining = (deadline - System.nanoTime()) / 1e9;
    if (remaining <= 0) {
      return Double.NaN;
    }
    relaxation.setObjective(sense, expr);
    Solution s = lpSolver.solve(relaxation, SolveOptions.defaults().withTimeLimit(remaining).withRelativeGap(0));
    lpSolves.incrementAndGet();
    return s.status() == SolveStatus.OPTIMAL ? s.objective() : Double.NaN;
  }
}
