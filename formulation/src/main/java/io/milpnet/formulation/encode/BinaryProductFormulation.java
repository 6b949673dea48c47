package io.milpnet.formulation.encode;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;

/**
 * The exact product {@code p = u * x} of a binary u and a bounded continuous x in [L, U]: this is what keeps a layer
 * fed by hidden activations an exact MILP when its weights are on a grid. Big-M form (McCormick at binary u):
 *
 * <pre>
 *   L u <= p <= U u,     x - U (1 - u) <= p <= x - L (1 - u)
 * </pre>
 *
 * Indicator form: {@code u = 1 => p = x}, {@code u = 0 => p = 0}. Either way p gets the bounds [min(0, L), max(0, U)].
 */
public final class BinaryProductFormulation {
  private final boolean indicators;

  public BinaryProductFormulation(boolean indicators) {
    this.indicators = indicators;
  }

  public Var encode(Model model, Var u, LinearExpr x, Interval xBounds, String name) {
    if (!xBounds.isFinite()) {
      throw new IllegalArgumentException("product " + name + " has an unbounded factor " + xBounds);
    }
    double lo = xBounds.lo();
    double hi = xBounds.hi();
    Var p = model.addContinuous(Math.min(0.0, lo), Math.max(0.0, hi), "p" + name, "product");
    LinearExpr pMinusX = LinearExpr.builder(x.size() + 1).add(p).add(-1.0, x).build();
    if (indicators) {
      model.addIndicator("prod_on" + name, u, true, pMinusX, 0.0, 0.0);
      model.addIndicator("prod_off" + name, u, false, LinearExpr.of(p), 0.0, 0.0);
      return p;
    }
    // p - U u <= 0 ; p - L u >= 0
    if (hi > 0) {
      model.addLessOrEqual("prod_ub" + name, LinearExpr.builder().add(p).add(-hi, u).build(), 0.0);
    }
    if (lo < 0) {
      model.addGreaterOrEqual("prod_lb" + name, LinearExpr.builder().add(p).add(-lo, u).build(), 0.0);
    }
    // p - x - U u >= -U      (p >= x - U (1 - u))
    model.addGreaterOrEqual("prod_xlb" + name, LinearExpr.builder(x.size() + 2).add(pMinusX).add(-hi, u).build(), -hi);
    // p - x - L u <= -L      (p <= x - L (1 - u))
    model.addLessOrEqual("prod_xub" + name, LinearExpr.builder(x.size() + 2).add(pMinusX).add(-lo, u).build(), -lo);
    return p;
  }
}
