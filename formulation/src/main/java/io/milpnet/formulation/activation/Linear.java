package io.milpnet.formulation.activation;

import io.milpnet.formulation.network.OperatorGraph;
import java.util.List;

/** The pre-activation itself: no kink, no variable. */
final class Linear extends PiecewiseLinear {
  static final Linear INSTANCE = new Linear();

  private Linear() {
    super(0.0, 1.0, List.of());
  }

  @Override
  public double apply(double a) {
    return a;
  }

  @Override
  public double straightThrough(double a) {
    return 1.0;
  }

  @Override
  public String key() {
    return "linear";
  }

  @Override
  public String export(OperatorGraph graph, String in) {
    return in;
  }
}
