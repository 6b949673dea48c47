package io.milpnet.formulation.pipeline;

import java.util.Locale;

/** Numbers as a run's output prints them. */
public final class NumberText {
  private NumberText() {}

  /** "-" for NaN, whole numbers without a fraction, others to six significant digits. */
  public static String of(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e12) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.6g", v);
  }

  /** A relative gap as a percentage with two decimals ("-" for NaN, "inf" when infinite). */
  public static String percent(double gap) {
    if (Double.isNaN(gap)) {
      return "-";
    }
    if (Double.isInfinite(gap)) {
      return "inf";
    }
    return String.format(Locale.ROOT, "%.2f%%", 100 * gap);
  }
}
