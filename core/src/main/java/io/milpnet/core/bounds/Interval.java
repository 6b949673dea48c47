package io.milpnet.core.bounds;

/** A closed interval {@code [lo, hi]} of the extended reals; infinite ends are allowed. */
public record Interval(double lo, double hi) {
  public Interval {
    if (Double.isNaN(lo) || Double.isNaN(hi)) {
      throw new IllegalArgumentException("interval with NaN end: [" + lo + ", " + hi + "]");
    }
    if (lo > hi) {
      throw new IllegalArgumentException("empty interval [" + lo + ", " + hi + "]");
    }
  }

  public static Interval point(double v) {
    return new Interval(v, v);
  }

  public boolean isFinite() {
    return Double.isFinite(lo) && Double.isFinite(hi);
  }

  public boolean contains(double v, double tolerance) {
    return v >= lo - tolerance && v <= hi + tolerance;
  }

  public double width() {
    return hi - lo;
  }

  /** Largest absolute value in the interval. */
  public double magnitude() {
    return Math.max(Math.abs(lo), Math.abs(hi));
  }

  public Interval plus(Interval o) {
    return new Interval(lo + o.lo, hi + o.hi);
  }

  /** {@code c * [lo, hi]}; a zero factor gives [0, 0] even for infinite ends. */
  public Interval times(double c) {
    if (c == 0.0) {
      return point(0.0);
    }
    return c > 0 ? new Interval(c * lo, c * hi) : new Interval(c * hi, c * lo);
  }

  /** {@code max(0, x)} for x in this interval. */
  public Interval relu() {
    return new Interval(Math.max(0.0, lo), Math.max(0.0, hi));
  }

  public Interval intersect(Interval o) {
    double l = Math.max(lo, o.lo);
    double h = Math.min(hi, o.hi);
    if (l > h) {
      throw new IllegalArgumentException("disjoint intervals " + this + " and " + o);
    }
    return new Interval(l, h);
  }

  @Override
  public String toString() {
    return "[" + lo + ", " + hi + "]";
  }
}
