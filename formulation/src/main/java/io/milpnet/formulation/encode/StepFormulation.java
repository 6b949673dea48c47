package io.milpnet.formulation.encode;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;

/**
 * The step activation {@code h = [a >= 0]} with {@code a in [L, U]}: a phase binary z is the output, with
 * {@code z = 1 => a >= 0} and {@code z = 0 => a <= -GAP}, as big-M rows from the bounds ({@code a >= L (1 - z)},
 * {@code a <= -GAP + (U + GAP) z}) or as indicator constraints.
 *
 * <p>A strict inequality has no MILP form, so output 0 asks for {@code a <= -}{@value #GAP}: a restriction of the
 * networks by a sliver, never a relaxation, and wide enough that solver tolerances (1e-6) cannot land a on the wrong
 * side of 0. Every solution is therefore a network whose forward pass gives exactly the MILP's outputs.
 *
 * <p>Verification needs the opposite: a sliver excluded there could hide a counterexample, so it uses a gap of 0
 * ({@code z = 0 => a <= 0}), a relaxation at {@code a = 0} only, where both phases are allowed and the forward-pass
 * re-check of every counterexample decides.
 */
public final class StepFormulation {
  public static final double GAP = 1e-4;

  private final boolean indicators;
  private final double gap;

  /** The training form: output 0 asks {@code a <= -}{@value #GAP}. */
  public StepFormulation(boolean indicators) {
    this(indicators, GAP);
  }

  /** @param gap output 0 asks {@code a <= -gap}; 0 for verification (a relaxation, see above), {@link #GAP} else */
  public StepFormulation(boolean indicators, double gap) {
    if (!(gap >= 0) || Double.isInfinite(gap)) {
      throw new IllegalArgumentException("the step's gap must be a finite number >= 0, got " + gap);
    }
    this.indicators = indicators;
    this.gap = gap;
  }

  /** The step of {@code a}: a constant signal when the bounds decide it, else the binary z (phase = value = z). */
  public ReluOutput encode(Model model, LinearExpr a, Interval bounds, String name) {
    double lo = bounds.lo();
    double hi = bounds.hi();
    if (lo >= 0) {
      return new ReluOutput(Signal.constant(1.0), null, null, ReluOutput.Stability.STABLY_ACTIVE);
    }
    // With gap 0, a = 0 opens the step: only hi < 0 proves it closed.
    if (hi <= -gap && hi < 0) {
      return new ReluOutput(Signal.constant(0.0), null, null, ReluOutput.Stability.STABLY_INACTIVE);
    }
    Var z = model.addBinary("z" + name, "step-phase");
    if (indicators) {
      model.addIndicator("step_on" + name, z, true, a, 0.0, Double.POSITIVE_INFINITY);
      model.addIndicator("step_off" + name, z, false, a, Double.NEGATIVE_INFINITY, -gap);
    } else {
      // a + L z >= L      (a >= L (1 - z))
      model.addGreaterOrEqual("step_on" + name, LinearExpr.builder(a.size() + 1).add(a).add(lo, z).build(), lo);
      // a - (U + gap) z <= -gap
      model.addLessOrEqual("step_off" + name, LinearExpr.builder(a.size() + 1).add(a).add(-(hi + gap), z).build(),
          -gap);
    }
    return new ReluOutput(new Signal(LinearExpr.of(z), new Interval(0.0, 1.0)), z, z, ReluOutput.Stability.UNSTABLE);
  }
}
