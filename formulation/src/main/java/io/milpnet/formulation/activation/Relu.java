package io.milpnet.formulation.activation;

import io.milpnet.formulation.network.OperatorGraph;
import java.util.List;

/** {@code max(0, a)}: one kink at 0, exact by the layer's ReLU formulation. */
final class Relu extends PiecewiseLinear {
  static final Relu INSTANCE = new Relu();

  private Relu() {
    super(0.0, 0.0, List.of(new Kink(1.0, 0.0, "")));
  }

  @Override
  public double apply(double a) {
    return Math.max(0.0, a);
  }

  @Override
  public double straightThrough(double a) {
    return a > 0 ? 1.0 : 0.0;
  }

  @Override
  public String key() {
    return "relu";
  }

  @Override
  public String export(OperatorGraph graph, String in) {
    return graph.relu(in);
  }
}
