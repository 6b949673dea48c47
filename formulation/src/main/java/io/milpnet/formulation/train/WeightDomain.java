package io.milpnet.formulation.train;

/**
 * The values a layer's weights may take. Only a layer fed by data may have {@link Continuous} weights: there the
 * pre-activation is linear in the weights. A layer fed by hidden activations multiplies weights by variables, and
 * stays an exact MILP only with weights on a finite grid, whose binaries linearise each product exactly.
 */
public sealed interface WeightDomain {
  /** The largest absolute weight. */
  double maxAbs();

  /** A short description for summaries, e.g. {@code continuous[-1,1]}. */
  String describe();

  /** Real weights in {@code [-bound, bound]}. */
  record Continuous(double bound) implements WeightDomain {
    public Continuous {
      if (!(bound > 0) || Double.isInfinite(bound)) {
        throw new IllegalArgumentException("weight bound must be a positive finite number, got " + bound);
      }
    }

    @Override
    public double maxAbs() {
      return bound;
    }

    @Override
    public String describe() {
      return "continuous[-" + fmt(bound) + "," + fmt(bound) + "]";
    }
  }

  /** Ternary weights {@code scale * {-1, 0, 1}}, two binaries each. */
  record Ternary(double scale) implements WeightDomain {
    public Ternary {
      if (!(scale > 0) || Double.isInfinite(scale)) {
        throw new IllegalArgumentException("grid scale must be a positive finite number, got " + scale);
      }
    }

    @Override
    public double maxAbs() {
      return scale;
    }

    @Override
    public String describe() {
      return scale == 1.0 ? "ternary{-1,0,1}" : "ternary{-1,0,1}*" + fmt(scale);
    }
  }

  /**
   * Sign weights {@code {-1, +1}} (0 only for a pruned unit). For one ReLU hidden layer and one output this loses
   * nothing: ReLU is positively homogeneous, so {@code v * relu(w.x + b) = sign(v) * relu(|v| w.x + |v| b)}, and the
   * magnitude moves into the first layer.
   */
  record Sign() implements WeightDomain {
    @Override
    public double maxAbs() {
      return 1.0;
    }

    @Override
    public String describe() {
      return "sign{-1,+1}";
    }
  }

  /**
   * Integer weights {@code scale * {-K, ..., K}}: {@code n = -K + sum_b 2^b u_b} with binaries u_b and
   * {@code sum_b 2^b u_b <= 2K}; each product with a hidden activation is {@code -K x + sum_b 2^b (u_b x)}, every
   * {@code u_b x} exact.
   */
  record IntegerGrid(int levels, double scale) implements WeightDomain {
    public IntegerGrid {
      if (levels < 1) {
        throw new IllegalArgumentException("integer:K needs K >= 1, got " + levels);
      }
      if (!(scale > 0) || Double.isInfinite(scale)) {
        throw new IllegalArgumentException("grid scale must be a positive finite number, got " + scale);
      }
    }

    /** Binaries per weight: enough for the 2K + 1 levels. */
    public int bits() {
      return 32 - Integer.numberOfLeadingZeros(2 * levels);
    }

    @Override
    public double maxAbs() {
      return levels * scale;
    }

    @Override
    public String describe() {
      return "integer{-" + levels + ".." + levels + "}" + (scale == 1.0 ? "" : "*" + fmt(scale));
    }
  }

  /**
   * Parses {@code continuous}, {@code ternary} or {@code integer:K} as the user writes it. Grids of a layer fed by
   * data span the weight bound ({@code bound / K} per level); grids of layers fed by hidden units have
   * {@code scale} per level. {@code what} names the option in errors.
   *
   * @param fedByData whether the domain is for a layer fed by data (continuous allowed)
   */
  public static WeightDomain parse(String text, boolean fedByData, double bound, double scale, String what) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.equals("continuous")) {
      if (!fedByData) {
        throw new IllegalArgumentException(what + " continuous: a layer fed by hidden units multiplies weights by"
            + " variables, which is not a MILP; use ternary or integer:K");
      }
      return new Continuous(bound);
    }
    if (t.equals("ternary")) {
      return new Ternary(fedByData ? bound : scale);
    }
    if (t.startsWith("integer:")) {
      int k;
      try {
        k = Integer.parseInt(t.substring("integer:".length()).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(what + " '" + text + "': K in integer:K must be a whole number");
      }
      if (k < 1) {
        throw new IllegalArgumentException(what + " '" + text + "': K in integer:K must be at least 1");
      }
      double perLevel = fedByData ? bound / k : scale;
      return k == 1 ? new Ternary(perLevel) : new IntegerGrid(k, perLevel);
    }
    throw new IllegalArgumentException(what + " '" + text + "' is not a weight domain: use "
        + (fedByData ? "continuous, " : "") + "ternary or integer:K");
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
