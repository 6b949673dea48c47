package io.milpnet.formulation.train;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.model.LinearExpr;
import java.util.ArrayList;
import java.util.List;
import io.milpnet.core.model.Model;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.formulation.encode.LpBoundTightener;
import io.milpnet.formulation.encode.Signal;

/**
 * LP-based bound tightening (OBBT) of the training MILP's pre-activations, layer by layer: each layer's
 * pre-activations whose interval bounds straddle 0 (and the linear outputs) are minimised and maximised over the LP
 * relaxation of the model built so far, before the layer's ReLUs are encoded, so the tighter bounds feed every
 * big-M and prove more units stable. The relaxation contains every integer-feasible point of the model so far, so
 * the bounds cut off no solution of the full model; a unit keeps its interval bounds when the time budget is spent.
 */
final class TrainingBounds {
  private final LpBoundTightener lp;

  TrainingBounds(SolverBackend lpSolver, double budgetSeconds, int threads) {
    this.lp = new LpBoundTightener(lpSolver, budgetSeconds).withThreads(threads);
  }

  /** The signals with their bounds tightened over the relaxation of {@code model} as it is now. */
  Signal[][] tighten(Model model, Signal[][] pre, boolean linear) {
    if (lp.expired()) {
      return pre;
    }
    Model relaxation = lp.relax(model);
    Signal[][] out = new Signal[pre.length][];
    List<int[]> where = new ArrayList<>();
    List<LinearExpr> exprs = new ArrayList<>();
    List<Interval> current = new ArrayList<>();
    for (int i = 0; i < pre.length; i++) {
      out[i] = pre[i].clone();
      for (int j = 0; j < pre[i].length; j++) {
        Interval b = pre[i][j].bounds();
        if (!pre[i][j].isConstant() && (linear || (b.lo() < 0 && b.hi() > 0))) {
          where.add(new int[] {i, j});
          exprs.add(pre[i][j].expr());
          current.add(b);
        }
      }
    }
    Interval[] tight = lp.tightenAll(relaxation, exprs, current);
    for (int k = 0; k < tight.length; k++) {
      int[] ij = where.get(k);
      out[ij[0]][ij[1]] = new Signal(exprs.get(k), tight[k]);
    }
    return out;
  }

  /** Pre-activations whose bounds the LPs tightened. */
  int tightened() {
    return lp.tightened();
  }

  int lpSolves() {
    return lp.lpSolves();
  }
}
