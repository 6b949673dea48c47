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

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
