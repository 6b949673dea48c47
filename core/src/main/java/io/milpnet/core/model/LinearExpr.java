package io.milpnet.core.model;

import java.util.Arrays;

/**
 * An immutable affine expression {@code sum(coef[k] * x[var[k]]) + constant}. Terms are sorted by variable index,
 * duplicates merged and exact zeros dropped by the {@link Builder}, so two expressions with the same terms are equal.
 */
public final class LinearExpr {
  private static final LinearExpr ZERO = new LinearExpr(new int[0], new double[0], 0.0);

  private final int[] vars;
  private final double[] coefs;
  private final double constant;

  private LinearExpr(int[] vars, double[] coefs, double constant) {
    this.vars = vars;
    this.coefs = coefs;
    this.constant = constant;
  }

  public static LinearExpr zero() {
    return ZERO;
  }

  public static LinearExpr constant(double value) {
    checkFinite(value, "constant");
    return value == 0.0 ? ZERO : new LinearExpr(new int[0], new double[0], value);
  }

  public static LinearExpr of(Var var) {
    return new LinearExpr(new int[] {var.index()}, new double[] {1.0}, 0.0);
  }

  public static LinearExpr term(double coef, Var var) {
    return builder().add(coef, var).build();
  }

  public static Builder builder() {
    return new Builder(8);
  }

  public static Builder builder(int expectedTerms) {
    return new Builder(expectedTerms);
  }

  public int size() {
    return vars.length;
  }

  public int var(int k) {
    return vars[k];
  }

  public double coef(int k) {
    return coefs[k];
  }

  public double constant() {
    return constant;
  }

  /** The same terms without the constant. */
  public LinearExpr withoutConstant() {
    return constant == 0.0 ? this : new LinearExpr(vars, coefs, 0.0);
  }

  /** Evaluates the expression at a full assignment of the model's variables. */
  public double evaluate(double[] values) {
    double sum = constant;
    for (int k = 0; k < vars.length; k++) {
      sum += coefs[k] * values[vars[k]];
    }
    return sum;
  }

  /** Copies of the term arrays (for translators that need their own). */
  public int[] varsCopy() {
    return vars.clone();
  }

  public double[] coefsCopy() {
    return coefs.clone();
  }

  /** {@code scale * this + other}, merged. */
  public LinearExpr plus(LinearExpr other) {
    return builder(size() + other.size()).add(this).add(other).build();
  }

  public LinearExpr times(double scale) {
    return builder(size()).add(scale, this).build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LinearExpr e
        && constant == e.constant
        && Arrays.equals(vars, e.vars)
        && Arrays.equals(coefs, e.coefs);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(vars) + Arrays.hashCode(coefs)) + Double.hashCode(constant);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < vars.length; k++) {
      double c = coefs[k];
      sb.append(k == 0 ? (c < 0 ? "-" : "") : (c < 0 ? " - " : " + "));
      if (Math.abs(c) != 1.0) {
        sb.append(Math.abs(c)).append(' ');
      }
      sb.append('x').append(vars[k]);
    }
    if (constant != 0.0 || vars.length == 0) {
      sb.append(vars.length == 0 ? "" : (constant < 0 ? " - " : " + "))
          .append(vars.length == 0 ? constant : Math.abs(constant));
    }
    return sb.toString();
  }

  static void checkFinite(double value, String what) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(what + " must be finite, got " + value);
    }
  }

  /** Accumulates terms in any order; {@link #build()} sorts and merges them. */
  public static final class Builder {
    private int[] vars;
    private double[] coefs;
    private int size;
    private double constant;

    private Builder(int capacity) {
      vars = new int[Math.max(capacity, 4)];
      coefs = new double[vars.length];
    }

    public Builder add(double coef, Var var) {
      return add(coef, var.index());
    }

    public Builder add(Var var) {
      return add(1.0, var.index());
    }

    public Builder add(double coef, int var) {
      checkFinite(coef, "coefficient of x" + var);
      if (var < 0) {
        throw new IllegalArgumentException("variable index must be >= 0, got " + var);
      }
      if (coef == 0.0) {
        return this;
      }
      if (size == vars.length) {
        vars = Arrays.copyOf(vars, size * 2);
        coefs = Arrays.copyOf(coefs, size * 2);
      }
      vars[size] = var;
      coefs[size] = coef;
      size++;
      return this;
    }

    public Builder add(LinearExpr expr) {
      return add(1.0, expr);
    }

    public Builder add(double scale, LinearExpr expr) {
      for (int k = 0; k < expr.vars.length; k++) {
        add(scale * expr.coefs[k], expr.vars[k]);
      }
      return addConstant(scale * expr.constant);
    }

    public Builder addConstant(double value) {
      checkFinite(value, "constant");
      constant += value;
      return this;
    }

    public LinearExpr build() {
      if (size == 0) {
        return constant == 0.0 ? ZERO : new LinearExpr(new int[0], new double[0], constant);
      }
      int[] order = sortedOrder();
      int[] outVars = new int[size];
      double[] outCoefs = new double[size];
      int n = 0;
      for (int k = 0; k < size; k++) {
        int v = vars[order[k]];
        double c = coefs[order[k]];
        if (n > 0 && outVars[n - 1] == v) {
          outCoefs[n - 1] += c;
        } else {
          outVars[n] = v;
          outCoefs[n] = c;
          n++;
        }
      }
      int kept = 0;
      for (int k = 0; k < n; k++) {
        if (outCoefs[k] != 0.0) {
          outVars[kept] = outVars[k];
          outCoefs[kept] = outCoefs[k];
          kept++;
        }
      }
      return new LinearExpr(Arrays.copyOf(outVars, kept), Arrays.copyOf(outCoefs, kept), constant);
    }

    private int[] sortedOrder() {
      boolean sorted = true;
      for (int k = 1; k < size && sorted; k++) {
        sorted = vars[k - 1] < vars[k];
      }
      int[] order = new int[size];
      for (int k = 0; k < size; k++) {
        order[k] = k;
      }
      if (!sorted) {
        // Sort indices by (var, insertion position) so merging is stable; boxed sort is fine: expressions are short.
        Integer[] boxed = new Integer[size];
        for (int k = 0; k < size; k++) {
          boxed[k] = k;
        }
        Arrays.sort(boxed, (a, b) -> vars[a] != vars[b] ? Integer.compare(vars[a], vars[b]) : Integer.compare(a, b));
        for (int k = 0; k < size; k++) {
          order[k] = boxed[k];
        }
      }
      return order;
    }
  }
}
