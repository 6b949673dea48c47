package io.milpnet.formulation.train;

import java.util.Locale;

/** The direction a domain constraint asks the network's score to follow as one input feature grows. */
public enum Monotone {
  INCREASING,
  DECREASING;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code increasing} or {@code decreasing}; the message names the feature and the choices. */
  public static Monotone parse(String feature, String text) {
    for (Monotone m : values()) {
      if (m.key().equalsIgnoreCase(text.trim())) {
        return m;
      }
    }
    throw new IllegalArgumentException("monotone constraint of feature '" + feature + "': '" + text
        + "' is not a direction, use increasing or decreasing");
  }
}
