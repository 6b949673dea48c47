package io.milpnet.core.bounds;

import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;

/**
 * Interval arithmetic over linear expressions: the range of {@code sum(a_k x_k) + c} when every {@code x_k} ranges
 * over its bounds. It is the source of every big-M in the project: a constant derived from bounds, never invented.
 */
public final class IntervalBounds {
  private final double[] lower;
  private final double[] upper;

  /** Bounds given as arrays indexed by variable (not copied). */
  public IntervalBounds(double[] lower, double[] upper) {
    if (lower.length != upper.length) {
      throw new IllegalArgumentException("lower and upper bound arrays differ in length");
    }
    this.lower = lower;
    this.upper = upper;
  }

  /** The model's current variable bounds. */
  public static IntervalBounds of(Model model) {
    return new IntervalBounds(model.lowerBounds(), model.upperBounds());
  }

  public Interval range(LinearExpr expr) {
    double lo = expr.constant();
    double hi = expr.constant();
    for (int k = 0; k < expr.size(); k++) {
      double c = expr.coef(k);
      int v = expr.var(k);
      if (c > 0) {
        lo += c * lower[v];
        hi += c * upper[v];
      } else {
        lo += c * upper[v];
        hi += c * lower[v];
      }
    }
    // -inf + +inf cannot happen: lo only collects lower ends (-inf at worst), hi only upper ends.
    return new Interval(lo, hi);
  }

  public Interval of(int var) {
    return new Interval(lower[var], upper[var]);
  }

  /** The first variable of the expression whose bound makes the range infinite in the given direction, or -1. */
  public int unboundedVar(LinearExpr expr, boolean upwards) {
    for (int k = 0; k < expr.size(); k++) {
      double c = expr.coef(k);
      int v = expr.var(k);
      double end = (c > 0) == upwards ? upper[v] : lower[v];
      if (Double.isInfinite(end)) {
        return v;
      }
    }
    return -1;
  }
}
