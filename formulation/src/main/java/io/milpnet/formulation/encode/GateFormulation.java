package io.milpnet.formulation.encode;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;

/**
 * One gated unit, {@code h = a} when its gate {@code gamma >= 0} is open and {@code h = 0} when it is closed, for a
 * bounded value a and gate gamma: the gate's state g by the {@link StepFormulation}, the output {@code h = g a} by the
 * exact {@link BinaryProductFormulation} (its constants from a's bounds). A gate that its bounds decide needs neither:
 * always open passes a, always closed gives 0. The formulation of gated layers in training (the step's gap excludes
 * a sliver below 0, so every solution is a network that computes what the MILP claims) and in verification (gap 0,
 * so no input is excluded).
 */
public final class GateFormulation {
  private final StepFormulation step;
  private final BinaryProductFormulation product;

  /**
   * @param indicators the step and the product as indicator constraints instead of big-M rows
   * @param gap a closed gate asks {@code gamma <= -gap} (see {@link StepFormulation})
   */
  public GateFormulation(boolean indicators, double gap) {
    this.step = new StepFormulation(indicators, gap);
    this.product = new BinaryProductFormulation(indicators);
  }

  /**
   * The encoded unit: its output signal, the gate's step ({@code gate.phase()} is null when the bounds decide it)
   * and the product variable h (null then too).
   */
  public record GateOutput(Signal output, ReluOutput gate, Var product) {}

  public GateOutput encode(Model model, Signal value, Signal gate, String name) {
    ReluOutput g = step.encode(model, gate.expr(), gate.bounds(), name);
    if (g.phase() == null) {
      Signal out = g.stability() == ReluOutput.Stability.STABLY_ACTIVE ? value : Signal.constant(0);
      return new GateOutput(out, g, null);
    }
    Interval a = value.bounds();
    Var h = product.encode(model, g.phase(), value.expr(), a, name);
    return new GateOutput(new Signal(LinearExpr.of(h), new Interval(Math.min(0.0, a.lo()), Math.max(0.0, a.hi()))),
        g, h);
  }
}
