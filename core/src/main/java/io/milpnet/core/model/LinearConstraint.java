package io.milpnet.core.model;

/**
 * {@code lb <= expr <= ub}, with {@code lb} or {@code ub} possibly infinite. The expression carries no constant: the
 * model moves constants into the bounds when a constraint is added.
 */
public record LinearConstraint(String name, LinearExpr expr, double lb, double ub) {
  public LinearConstraint {
    validate(name, expr, lb, ub);
  }

  static void validate(String name, LinearExpr expr, double lb, double ub) {
    if (Double.isNaN(lb) || Double.isNaN(ub)) {
      throw new IllegalArgumentException("constraint " + name + " has a NaN bound");
    }
    if (lb > ub) {
      throw new IllegalArgumentException("constraint " + name + " has lb " + lb + " > ub " + ub);
    }
    if (lb == Double.POSITIVE_INFINITY || ub == Double.NEGATIVE_INFINITY) {
      throw new IllegalArgumentException("constraint " + name + " has an infinite bound on the wrong side");
    }
    if (expr.constant() != 0.0) {
      throw new IllegalArgumentException("constraint " + name + " expression must have no constant");
    }
  }

  public boolean isEquality() {
    return lb == ub;
  }
}
