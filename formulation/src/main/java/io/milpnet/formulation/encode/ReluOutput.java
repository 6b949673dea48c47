package io.milpnet.formulation.encode;

import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Var;
import java.util.List;
import java.util.Objects;

/**
 * The encoded {@code h = max(0, a)}: the output signal and, for a unit whose phase is not decided by its bounds, the
 * phase binary {@code z} (1 = active) and the output variable {@code h}. Stable units get neither.
 *
 * <p>A disjunctive formulation may add variables of its own besides z and h (the P-split's per-group copies). Each
 * is an {@link ActiveCopy}: its value in any consistent assignment follows from z and the variables it copies, so
 * code that writes start values (z and h from a forward pass) completes them with {@link #completeStart}.
 */
public record ReluOutput(Signal output, Var phase, Var value, Stability stability, List<ActiveCopy> copies) {
  public enum Stability {
    /** Upper bound <= 0: the unit is always 0. */
    STABLY_INACTIVE,
    /** Lower bound >= 0: the unit is the identity. */
    STABLY_ACTIVE,
    UNSTABLE
  }

  /** A variable that equals {@code expr} when the unit is active ({@code z = 1}) and 0 when it is inactive. */
  public record ActiveCopy(Var var, LinearExpr expr) {
    public ActiveCopy {
      Objects.requireNonNull(var, "var");
      Objects.requireNonNull(expr, "expr");
    }
  }

  public ReluOutput {
    copies = List.copyOf(copies);
    if (!copies.isEmpty() && phase == null) {
      throw new IllegalArgumentException("a unit without a phase binary has no active copies");
    }
  }

  /** A unit whose formulation needs no variables besides z and h. */
  public ReluOutput(Signal output, Var phase, Var value, Stability stability) {
    this(output, phase, value, stability, List.of());
  }

  /**
   * Writes the value of every {@link ActiveCopy} into a start assignment whose phase binary and the variables of the
   * copies' expressions are already written; a no-op for formulations without copies.
   */
  public void completeStart(double[] values) {
    if (copies.isEmpty()) {
      return;
    }
    boolean active = values[phase.index()] >= 0.5;
    for (ActiveCopy c : copies) {
      values[c.var().index()] = active ? c.expr().evaluate(values) : 0.0;
    }
  }
}
