package io.milpnet.formulation.activation.leaky;

import io.milpnet.formulation.activation.PiecewiseLinear;
import io.milpnet.formulation.network.OperatorGraph;
import java.math.BigDecimal;
import java.util.List;

/**
 * The leaky ReLU {@code max(a, A a)} with slope {@code 0 < A < 1} below 0: {@code A a + (1 - A) relu(a)}, one kink
 * at 0, so exact with one binary per unit its bounds leave undecided; its relaxation is the triangle's, which is the
 * convex hull on the interval.
 */
public final class LeakyRelu extends PiecewiseLinear {
  private final double slope;

  public LeakyRelu(double slope) {
    super(0.0, slope, List.of(new Kink(1.0 - slope, 0.0, "")));
    if (!(slope > 0 && slope < 1)) {
      throw new IllegalArgumentException("the slope A of leakyrelu:A must be in (0, 1), got " + slope);
    }
    this.slope = slope;
  }

  /** The slope below 0. */
  public double slope() {
    return slope;
  }

  @Override
  public double apply(double a) {
    return a >= 0 ? a : slope * a;
  }

  @Override
  public double straightThrough(double a) {
    return a > 0 ? 1.0 : slope;
  }

  @Override
  public String key() {
    return LeakyReluKind.KEY + ":" + BigDecimal.valueOf(slope).stripTrailingZeros().toPlainString();
  }

  @Override
  public String export(OperatorGraph graph, String in) {
    return graph.leakyRelu(in, slope());
  }
}
