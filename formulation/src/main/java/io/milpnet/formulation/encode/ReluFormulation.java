package io.milpnet.formulation.encode;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;

/**
 * Encodes {@code h = max(0, a)} for a pre-activation with proven bounds. Units that the bounds prove stable get no
 * binary; the rest are the formulation's business.
 */
public interface ReluFormulation {

  /** A short name for summaries and benchmark tables. */
  String name();

  /** Encodes an unstable unit: {@code bounds.lo() < 0 < bounds.hi()}. */
  ReluOutput encodeUnstable(Model model, LinearExpr a, Interval bounds, String name);

  default ReluOutput encode(Model model, LinearExpr a, Interval bounds, String name) {
    if (!bounds.isFinite()) {
      throw new IllegalArgumentException("ReLU " + name + " has unbounded pre-activation " + bounds
          + ": every input and weight needs finite bounds");
    }
    if (bounds.hi() <= 0) {
      return new ReluOutput(Signal.constant(0.0), null, null, ReluOutput.Stability.STABLY_INACTIVE);
    }
    if (bounds.lo() >= 0) {
      return new ReluOutput(new Signal(a, bounds), null, null, ReluOutput.Stability.STABLY_ACTIVE);
    }
    return encodeUnstable(model, a, bounds, name);
  }
}
