package io.milpnet.core.model;

/** {@code binary = activeValue  =>  lb <= expr <= ub}. The binary must be a {@link VarType#BINARY} variable. */
public record IndicatorConstraint(String name, int binary, boolean activeValue, LinearExpr expr, double lb, double ub) {
  public IndicatorConstraint {
    LinearConstraint.validate(name, expr, lb, ub);
    if (binary < 0) {
      throw new IllegalArgumentException("indicator " + name + " has no binary variable");
    }
  }

  public LinearConstraint row() {
    return new LinearConstraint(name, expr, lb, ub);
  }
}
