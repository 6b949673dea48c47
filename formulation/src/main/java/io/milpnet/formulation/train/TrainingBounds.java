package io.milpnet.formulation.train;

import io.milpnet.core.bounds.Interval;
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
  private int candidates;

  TrainingBounds(SolverBackend lpSolver, double budgetSeconds) {
    this.lp = new LpBoundTightener(lpSolver, budgetSeconds);
  }

  /** The signals with their bounds tightened over the relaxation of {@code model} as it is now. */
  Signal[][] tighten(Model model, Signal[][] pre, boolean linear) {
    if (lp.expired()) {
      return pre;
    }
    Model relaxation = lp.relax(model);
    Signal[][] out = new Signal[pre.length][];
    for (int i = 0; i < pre.length; i++) {
      out[i] = pre[i].clone();
      for (int j = 0; j < pre[i].length; j++) {
        Interval b = pre[i][j].bounds();
        if (!pre[i][j].isConstant() && (linear || (b.lo() < 0 && b.hi() > 0))) {
          candidates++;
          out[i][j] = new Signal(pre[i][j].expr(), lp.tighten(relaxation, pre[i][j].expr(), b));
        }
      }
    }
    return out;
  }

  /** Pre-activations whose bounds were submitted to the LPs. */
  int candidates() {
    return candidates;
  }

  /** Pre-activations whose bounds the LPs tightened. */
  int tightened() {
    return lp.tightened();
  }

  int lpSolves() {
    return lp.lpSolves();
  }
}
