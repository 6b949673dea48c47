package io.milpnet.core.bridge;

import io.milpnet.core.model.IndicatorConstraint;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;
import io.milpnet.core.solver.ForwardingSolverBackend;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolverBackend;

/**
 * Takes the fixed variables ({@code lb == ub}) out of a model before the backend sees it: their terms move into the
 * rows' bounds and the objective's constant, a row left without free variables (settled) is dropped, an indicator
 * whose binary is fixed becomes a row (active) or goes (inactive). The backend solves the smaller model; its solution
 * comes back with the fixed values put in, so the caller sees its own variables.
 *
 * <p>Why: a restricted MILP (a neighbourhood of an incumbent: most binaries and weights fixed) is otherwise translated
 * and copied whole into the solver, which presolves the fixed columns away only after holding the full model, once
 * per round. The rewrite is exact (every removed variable has one value; a settled row is checked, and a model with a
 * violated settled row goes to the backend unchanged, so that the backend judges it).
 */
public final class FixedVariableRemoval extends ForwardingSolverBackend {
  /** Below this share of fixed variables the model goes through unchanged: the rewrite would save little. */
  static final double MIN_FIXED_SHARE = 0.05;
  /** A settled row holds when its constant is within this of its bounds (relative, as SCIP's feasibility check). */
  static final double SETTLED_TOLERANCE = 1e-6;

  public FixedVariableRemoval(SolverBackend inner) {
    super(inner);
  }

  @Override
  public Solution solve(Model model, SolveOptions options) {
    Reduced reduced = reduce(model);
    if (reduced == null) {
      return inner().solve(model, options);
    }
    double[] start = options.startValues();
    Solution s = inner().solve(reduced.model(), start == null ? options
        : options.withStartValues(reduced.restrict(start)));
    return s.hasSolution() ? new Solution(s.status(), s.objective(), s.bestBound(), reduced.expand(s.values()),
        s.seconds(), s.nodes(), s.message()) : s;
  }

  /**
   * A model without its fixed variables: {@code free[j]} is the original index of the reduced model's variable j,
   * {@code fixed} the original model's fixed values (NaN for a free variable).
   */
  public record Reduced(Model model, int[] free, double[] fixed) {
    /** A point of the original model as a point of the reduced one. */
    public double[] restrict(double[] values) {
      double[] out = new double[free.length];
      for (int j = 0; j < free.length; j++) {
        out[j] = free[j] < values.length ? values[free[j]] : Double.NaN;
      }
      return out;
    }

    /** A point of the reduced model as a point of the original one. */
    public double[] expand(double[] values) {
      double[] out = fixed.clone();
      for (int j = 0; j < free.length; j++) {
        out[free[j]] = values[j];
      }
      return out;
    }
  }

  /**
   * The model without its fixed variables; null when fewer than {@link #MIN_FIXED_SHARE} of them are fixed or when a
   * settled row or indicator does not hold at the fixed values.
   */
  public static Reduced reduce(Model model) {
    int n = model.numVars();
    double[] fixed = new double[n];
    int[] index = new int[n];
    int numFixed = 0;
    for (int v = 0; v < n; v++) {
      double lb = model.lowerBound(v);
      if (lb == model.upperBound(v)) {
        fixed[v] = lb;
        index[v] = -1;
        numFixed++;
      } else {
        fixed[v] = Double.NaN;
      }
    }
    if (numFixed == 0 || numFixed < MIN_FIXED_SHARE * n) {
      return null;
    }
    Model out = new Model(model.name());
    int[] free = new int[n - numFixed];
    int j = 0;
    for (int v = 0; v < n; v++) {
      if (index[v] != -1) {
        // Names stay unset: a restricted model is solved, never exported, and a name per variable costs memory.
        out.addVar(model.lowerBound(v), model.upperBound(v), model.varType(v), null, model.varTag(v));
        index[v] = j;
        free[j++] = v;
      }
    }
    for (int r = 0; r < model.numConstraints(); r++) {
      int size = model.rowSize(r);
      LinearExpr.Builder b = LinearExpr.builder(size);
      double constant = 0;
      for (int k = 0; k < size; k++) {
        int v = model.rowVar(r, k);
        if (index[v] == -1) {
          constant += model.rowCoef(r, k) * fixed[v];
        } else {
          b.add(model.rowCoef(r, k), index[v]);
        }
      }
      LinearExpr e = b.build();
      double lb = model.rowLowerBound(r) - constant;
      double ub = model.rowUpperBound(r) - constant;
      if (e.size() == 0) {
        if (!holds(0, lb, ub)) {
          return null;
        }
        continue;
      }
      out.addConstraint(null, e, lb, ub);
    }
    for (int i = 0; i < model.numIndicators(); i++) {
      IndicatorConstraint ind = model.indicator(i);
      LinearExpr e = substitute(ind.expr(), index, fixed);
      double lb = ind.lb() - e.constant();
      double ub = ind.ub() - e.constant();
      LinearExpr terms = e.withoutConstant();
      boolean binaryFixed = index[ind.binary()] == -1;
      boolean active = binaryFixed && (fixed[ind.binary()] == 1.0) == ind.activeValue();
      if (binaryFixed && !active) {
        continue;
      }
      if (terms.size() == 0) {
        if (holds(0, lb, ub)) {
          continue;
        }
        return null; // a free binary forced off, or a fixed active one violated: the backend judges it
      }
      if (binaryFixed) {
        out.addConstraint(null, terms, lb, ub);
      } else {
        out.addIndicator(null, new Var(index[ind.binary()]), ind.activeValue(), terms, lb, ub);
      }
    }
    out.setObjective(model.sense(), substitute(model.objective(), index, fixed));
    return new Reduced(out, free, fixed);
  }

  private static LinearExpr substitute(LinearExpr expr, int[] index, double[] fixed) {
    LinearExpr.Builder b = LinearExpr.builder(expr.size());
    double constant = expr.constant();
    for (int k = 0; k < expr.size(); k++) {
      int v = expr.var(k);
      if (index[v] == -1) {
        constant += expr.coef(k) * fixed[v];
      } else {
        b.add(expr.coef(k), index[v]);
      }
    }
    return b.addConstant(constant).build();
  }

  private static boolean holds(double value, double lb, double ub) {
    return value >= lb - SETTLED_TOLERANCE * Math.max(1, Math.abs(lb))
        && value <= ub + SETTLED_TOLERANCE * Math.max(1, Math.abs(ub));
  }
}
