package io.milpnet.formulation.encode;

import io.milpnet.core.model.Var;

/**
 * The encoded {@code h = max(0, a)}: the output signal and, for a unit whose phase is not decided by its bounds, the
 * phase binary {@code z} (1 = active) and the output variable {@code h}. Stable units get neither.
 */
public record ReluOutput(Signal output, Var phase, Var value, Stability stability) {
  public enum Stability {
    /** Upper bound <= 0: the unit is always 0. */
    STABLY_INACTIVE,
    /** Lower bound >= 0: the unit is the identity. */
    STABLY_ACTIVE,
    UNSTABLE
  }
}
