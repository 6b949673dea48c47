package io.milpnet.core.solver;

import java.util.Objects;

/** Whether a backend can run on this machine, and if not, why and how to fix it. */
public record Availability(boolean available, String reason) {
  public Availability {
    Objects.requireNonNull(reason, "reason");
  }

  public static Availability yes() {
    return new Availability(true, "");
  }

  public static Availability no(String reason) {
    return new Availability(false, reason);
  }
}
