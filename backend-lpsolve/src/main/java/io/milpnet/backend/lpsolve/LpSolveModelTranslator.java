package io.milpnet.backend.lpsolve;

import com.sun.jna.Pointer;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Sense;

/**
 * Loads a milpnet {@link Model} (without indicators) into an lp_solve problem made by {@code make_lp(0, numVars)}.
 * Variable {@code v} is lp_solve column {@code v + 1}. The objective constant is not passed (lp_solve 5.5 has none);
 * the backend adds it back when it evaluates the objective.
 */
final class LpSolveModelTranslator {

  /** Fills {@code lp}; throws {@link IllegalStateException} naming the row or column lp_solve refused. */
  void load(LpSolveLibrary lib, Pointer lp, Model model) {
    int n = model.numVars();
    if (model.sense() == Sense.MAXIMIZE) {
      lib.set_maxim(lp);
    } else {
      lib.set_minim(lp);
    }
    loadObjective(lib, lp, model, n);

    // Row mode stores rows as they come instead of re-packing the column-major matrix after each one; lp_solve allows
    // only rows and the objective while it is on, so bounds, ranges and types are set after it is switched off. Its
    // result only says whether the mode changed, so it is not an error signal.
    lib.set_add_rowmode(lp, LpSolveLibrary.TRUE);
    int[] rangeRow = new int[Math.max(1, model.numConstraints())];
    double[] rangeWidth = new double[rangeRow.length];
    int ranges = 0;
    int lpRows = 0;
    for (int r = 0; r < model.numConstraints(); r++) {
      double lb = model.rowLowerBound(r);
      double ub = model.rowUpperBound(r);
      boolean hasLb = lb != Double.NEGATIVE_INFINITY;
      boolean hasUb = ub != Double.POSITIVE_INFINITY;
      if (!hasLb && !hasUb) {
        continue; // a free row constrains nothing
      }
      int size = model.rowSize(r);
      double[] coefs = new double[size];
      int[] cols = new int[size];
      for (int k = 0; k < size; k++) {
        coefs[k] = model.rowCoef(r, k);
        cols[k] = model.rowVar(r, k) + 1;
      }
      int type;
      double rhs;
      if (lb == ub) {
        type = LpSolveLibrary.EQ;
        rhs = ub;
      } else if (!hasLb) {
        type = LpSolveLibrary.LE;
        rhs = ub;
      } else if (!hasUb) {
        type = LpSolveLibrary.GE;
        rhs = lb;
      } else {
        // lb <= a.x <= ub: an LE row at ub with a range of width ub - lb below it (set_rh_range, after row mode).
        type = LpSolveLibrary.LE;
        rhs = ub;
        rangeRow[ranges] = lpRows + 1;
        rangeWidth[ranges] = ub - lb;
        ranges++;
      }
      if (lib.add_constraintex(lp, size, size == 0 ? null : coefs, size == 0 ? null : cols, type, rhs)
          == LpSolveLibrary.FALSE) {
        throw new IllegalStateException("lp_solve rejected row '" + model.constraintName(r) + "'");
      }
      lpRows++;
    }
    lib.set_add_rowmode(lp, LpSolveLibrary.FALSE);

    for (int i = 0; i < ranges; i++) {
      if (lib.set_rh_range(lp, rangeRow[i], rangeWidth[i]) == LpSolveLibrary.FALSE) {
        throw new IllegalStateException("lp_solve rejected the range of row " + rangeRow[i]);
      }
    }
    for (int v = 0; v < n; v++) {
      double lb = model.lowerBound(v);
      double ub = model.upperBound(v);
      // lp_solve's default column is [0, +inf): anything else, free variables included, needs explicit bounds.
      if (lb != 0.0 || ub != Double.POSITIVE_INFINITY) {
        if (lib.set_bounds(lp, v + 1, toLpSolve(lb), toLpSolve(ub)) == LpSolveLibrary.FALSE) {
          throw new IllegalStateException("lp_solve rejected the bounds [" + lb + ", " + ub + "] of variable '"
              + model.varName(v) + "'");
        }
      }
      // set_int rather than set_binary for binaries: set_binary resets the bounds to [0, 1], which would undo a
      // binary fixed by bound tightening.
      if (model.varType(v).isIntegral()) {
        check(lib.set_int(lp, v + 1, LpSolveLibrary.TRUE), "set_int for '" + model.varName(v) + "'");
      }
    }
  }

  private static void loadObjective(LpSolveLibrary lib, Pointer lp, Model model, int n) {
    LinearExpr objective = model.objective();
    double[] dense = new double[n];
    for (int k = 0; k < objective.size(); k++) {
      dense[objective.var(k)] += objective.coef(k);
    }
    int count = 0;
    for (double c : dense) {
      if (c != 0.0) {
        count++;
      }
    }
    if (count == 0) {
      return;
    }
    double[] coefs = new double[count];
    int[] cols = new int[count];
    int k = 0;
    for (int v = 0; v < n; v++) {
      if (dense[v] != 0.0) {
        coefs[k] = dense[v];
        cols[k] = v + 1;
        k++;
      }
    }
    check(lib.set_obj_fnex(lp, count, coefs, cols), "set_obj_fnex");
  }

  /** Java's infinities as lp_solve's (+-1e30); finite values pass unchanged. */
  static double toLpSolve(double bound) {
    if (bound == Double.POSITIVE_INFINITY) {
      return LpSolveLibrary.INFINITY;
    }
    if (bound == Double.NEGATIVE_INFINITY) {
      return -LpSolveLibrary.INFINITY;
    }
    return bound;
  }

  private static void check(byte ok, String call) {
    if (ok == LpSolveLibrary.FALSE) {
      throw new IllegalStateException("lp_solve refused " + call);
    }
  }
}
