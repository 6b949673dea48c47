package io.milpnet.formulation.encode;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;

/**
 * The indicator ReLU: {@code z = 1 => h = a}; {@code z = 0 => h = 0 and a <= 0}, with h in [0, U]. No constant
 * appears in the model; a solver without indicators gets the bridge's big-M, derived from the same bounds.
 */
public final class ReluIndicatorFormulation implements ReluFormulation {

  @Override
  public String name() {
    return "indicator";
  }

  @Override
  public ReluOutput encodeUnstable(Model model, LinearExpr a, Interval bounds, String name) {
    Var h = model.addContinuous(0.0, bounds.hi(), "h" + name, "relu-out");
    Var z = model.addBinary("z" + name, "relu-phase");
    LinearExpr hMinusA = LinearExpr.builder(a.size() + 1).add(h).add(-1.0, a).build();
    model.addIndicator("relu_on" + name, z, true, hMinusA, 0.0, 0.0);
    model.addIndicator("relu_zero" + name, z, false, LinearExpr.of(h), Double.NEGATIVE_INFINITY, 0.0);
    model.addIndicator("relu_neg" + name, z, false, a, Double.NEGATIVE_INFINITY, 0.0);
    return new ReluOutput(new Signal(LinearExpr.of(h), new Interval(0.0, bounds.hi())), z, h,
        ReluOutput.Stability.UNSTABLE);
  }
}
