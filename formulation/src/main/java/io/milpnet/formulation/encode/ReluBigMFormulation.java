package io.milpnet.formulation.encode;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;

/**
 * The big-M ReLU with {@code a in [L, U]}, {@code L < 0 < U}, z binary:
 *
 * <pre>
 *   h >= a,   h >= 0,   h <= a - L (1 - z),   h <= U z
 * </pre>
 *
 * z = 1 forces h = a (and a >= 0 through h <= U z being slack and h >= 0); z = 0 forces h = 0 and a <= 0. Both
 * constants are the pre-activation's own bounds.
 */
public final class ReluBigMFormulation implements ReluFormulation {

  @Override
  public String name() {
    return "bigm";
  }

  @Override
  public ReluOutput encodeUnstable(Model model, LinearExpr a, Interval bounds, String name) {
    double lo = bounds.lo();
    double hi = bounds.hi();
    Var h = model.addContinuous(0.0, hi, "h" + name, "relu-out");
    Var z = model.addBinary("z" + name, "relu-phase");
    // h - a >= 0
    model.addGreaterOrEqual("relu_ge" + name, LinearExpr.builder(a.size() + 1).add(h).add(-1.0, a).build(), 0.0);
    // h - a - L z <= -L      (h <= a - L + L z)
    model.addLessOrEqual("relu_act" + name,
        LinearExpr.builder(a.size() + 2).add(h).add(-1.0, a).add(-lo, z).build(), -lo);
    // h - U z <= 0
    model.addLessOrEqual("relu_off" + name, LinearExpr.builder().add(h).add(-hi, z).build(), 0.0);
    return new ReluOutput(new Signal(LinearExpr.of(h), new Interval(0.0, hi)), z, h, ReluOutput.Stability.UNSTABLE);
  }
}
