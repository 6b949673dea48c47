package io.milpnet.formulation.verify;

import java.util.Locale;

/** How the verifier bounds pre-activations (the big-M constants and the stable ReLUs) on each input box. */
public enum BoundMethod {
  /** Interval arithmetic, layer by layer: instant, loose in deep networks. */
  INTERVAL,
  /** Back-substituted linear relaxations ({@link SymbolicBounds}), intersected with the interval bounds. */
  SYMBOLIC,
  /** Symbolic bounds, then an LP over the relaxation per unstable unit (OBBT) before each MILP: tightest, slowest. */
  LP;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code interval}, {@code symbolic} or {@code lp}; the message names the choices. */
  public static BoundMethod parse(String text) {
    for (BoundMethod m : values()) {
      if (m.key().equalsIgnoreCase(text.trim())) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown bound method '" + text + "': use interval, symbolic or lp");
  }
}
