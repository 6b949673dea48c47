package io.milpnet.formulation.encode;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.model.LinearExpr;
import java.util.Objects;

/**
 * A value flowing through the encoded network for one sample and one unit: an affine expression in model variables
 * (a constant for data, a single variable for a ReLU output, a sum for a pre-activation) and its proven bounds.
 */
public record Signal(LinearExpr expr, Interval bounds) {
  public Signal {
    Objects.requireNonNull(expr, "expr");
    Objects.requireNonNull(bounds, "bounds");
  }

  public static Signal constant(double value) {
    return new Signal(LinearExpr.constant(value), Interval.point(value));
  }

  public boolean isConstant() {
    return expr.size() == 0;
  }

  public double constantValue() {
    if (!isConstant()) {
      throw new IllegalStateException("signal is not constant: " + expr);
    }
    return expr.constant();
  }
}
