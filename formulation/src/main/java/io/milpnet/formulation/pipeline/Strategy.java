package io.milpnet.formulation.pipeline;

import java.util.Locale;

/** How a training run uses the MILP: chosen by validation, one exact solve, the hybrid stages, or no MILP at all. */
public enum Strategy {
  /** Hybrid with validation, exact without (tiny data). */
  AUTO,
  /** One MILP solve from the start. */
  EXACT,
  /** Magnitude pruning, polish and local search, then the full MILP for the rest of the time. */
  HYBRID,
  /** No MILP: the unconstrained float network of the architecture by gradient descent. */
  FLOAT;

  /** auto, exact, hybrid or float (any case). */
  public static Strategy parse(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "auto" -> AUTO;
      case "exact" -> EXACT;
      case "hybrid" -> HYBRID;
      case "float" -> FLOAT;
      default -> throw new IllegalArgumentException("--strategy '" + text + "' is not a strategy: use auto, exact,"
          + " hybrid or float");
    };
  }

  /** The command-line spelling. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
