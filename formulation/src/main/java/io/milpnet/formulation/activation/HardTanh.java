package io.milpnet.formulation.activation;

import io.milpnet.formulation.network.OperatorGraph;
import java.util.List;

/** {@code min(1, max(-1, a)) = -1 + relu(a + 1) - relu(a - 1)}: two kinks, a binary each when undecided. */
final class HardTanh extends PiecewiseLinear {
  static final HardTanh INSTANCE = new HardTanh();

  private HardTanh() {
    super(-1.0, 0.0, List.of(new Kink(1.0, -1.0, "_lo"), new Kink(-1.0, 1.0, "_hi")));
  }

  @Override
  public double apply(double a) {
    return Math.min(1.0, Math.max(-1.0, a));
  }

  @Override
  public String key() {
    return "hardtanh";
  }

  /** The gradient trainer's straight-through estimate: 1 on [-1, 1], else 0. */
  @Override
  public double straightThrough(double a) {
    return Math.abs(a) <= 1 ? 1.0 : 0.0;
  }

  @Override
  public String export(OperatorGraph graph, String in) {
    return graph.clip(in, -1, 1);
  }
}
