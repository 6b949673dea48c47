package io.milpnet.core.io;

/** Writes finite doubles so that {@link Double#parseDouble} (and C's {@code strtod}) gives back the same double. */
final class DecimalText {
  private DecimalText() {}

  static String of(double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException("cannot write " + v + " as a number");
    }
    // Integral values (the common case: 1, -1, 0, bounds) read better without ".0"; below 2^53 the long is exact.
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    // Double.toString always round-trips through parseDouble; its "1.0E-5" exponent form is valid for strtod too.
    return Double.toString(v);
  }
}
