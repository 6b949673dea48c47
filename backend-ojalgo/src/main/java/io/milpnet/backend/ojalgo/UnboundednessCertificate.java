package io.milpnet.backend.ojalgo;

import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;

/**
 * The two problems that prove a model unbounded: a feasible point, and an improving ray.
 *
 * <p>The ray problem asks for a direction {@code d} along which every row and bound stays satisfied and the objective
 * improves: each finite lower limit of a row or variable asks {@code a.d >= 0} (or {@code d_j >= 0}), each finite
 * upper limit {@code a.d <= 0}; {@code d} lives in the box {@code [-1, 1]}, so this LP is always bounded and has
 * {@code d = 0} as a feasible point. An optimum strictly better than 0 is an improving ray of the LP relaxation;
 * with one feasible point of the model (integer or not) it proves the model unbounded (for a MILP with rational data
 * the ray scales to an integer one). No ray means the objective is bounded on the feasible set.
 *
 * <p>Needed because ojAlgo 55 has no clean UNBOUNDED answer (measured): on an unbounded LP it ends OPTIMAL with
 * infinite values, and {@code ExpressionsBasedModel.maximise} then throws {@code NumberFormatException: Infinite or
 * NaN}; on an unbounded MILP its branch and bound throws a {@link NumberFormatException} while recording an infinite
 * incumbent (after printing "Obviously infeasible value" lines to standard error).
 */
final class UnboundednessCertificate {
  private UnboundednessCertificate() {}

  static Model rayProblem(Model model) {
    Model ray = new Model(model.name() + "-improving-ray");
    for (int v = 0; v < model.numVars(); v++) {
      double lb = Double.isFinite(model.lowerBound(v)) ? 0.0 : -1.0;
      double ub = Double.isFinite(model.upperBound(v)) ? 0.0 : 1.0;
      ray.addContinuous(lb, ub, "d_" + model.varName(v));
    }
    for (int r = 0; r < model.numConstraints(); r++) {
      double lb = Double.isFinite(model.rowLowerBound(r)) ? 0.0 : Double.NEGATIVE_INFINITY;
      double ub = Double.isFinite(model.rowUpperBound(r)) ? 0.0 : Double.POSITIVE_INFINITY;
      if (Double.isFinite(lb) || Double.isFinite(ub)) {
        ray.addConstraint(model.constraintName(r), model.rowExpr(r), lb, ub);
      }
    }
    ray.setObjective(model.sense(), model.objective().withoutConstant());
    return ray;
  }

  /** The same model with a zero objective: any feasible point answers it. */
  static Model feasibilityProblem(Model model) {
    Model feasibility = model.copy(model.name() + "-feasibility");
    feasibility.setObjective(model.sense(), LinearExpr.zero());
    return feasibility;
  }
}
