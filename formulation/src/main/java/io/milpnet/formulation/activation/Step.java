package io.milpnet.formulation.activation;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.model.Model;
import io.milpnet.formulation.encode.ReluFormulation;
import io.milpnet.formulation.encode.ReluOutput;
import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.encode.StepFormulation;
import io.milpnet.formulation.network.OperatorGraph;
import java.util.List;

/**
 * Heaviside {@code [a >= 0]}: its phase binary is its value ({@link StepFormulation}); the gradient trainer passes
 * the straight-through estimate (1 on [-1, 1]). Discontinuous, so not verifiable and not Lipschitz.
 */
final class Step implements Activation {
  static final Step INSTANCE = new Step();

  private Step() {}

  @Override
  public String key() {
    return "step";
  }

  @Override
  public double apply(double a) {
    return a >= 0 ? 1.0 : 0.0;
  }

  @Override
  public double straightThrough(double a) {
    return Math.abs(a) <= 1 ? 1.0 : 0.0;
  }

  @Override
  public boolean positivelyHomogeneous() {
    return false;
  }

  @Override
  public double lipschitz() {
    return Double.POSITIVE_INFINITY;
  }

  @Override
  public Interval range(Interval pre) {
    return new Interval(apply(pre.lo()), apply(pre.hi()));
  }

  @Override
  public ActivationUnit encode(Model model, Signal pre, ReluFormulation relu, boolean indicators, String name) {
    ReluOutput step = new StepFormulation(indicators).encode(model, pre.expr(), pre.bounds(), name);
    return new ActivationUnit(step.output(), List.of(new ActivationUnit.Piece(step, 0.0, true)));
  }

  @Override
  public boolean verifiable() {
    return false;
  }

  @Override
  public Relaxation relax(double lo, double hi) {
    throw new UnsupportedOperationException("the step activation has no linear relaxation");
  }

  @Override
  public String toString() {
    return key();
  }

  @Override
  public String export(OperatorGraph graph, String in) {
    return graph.whereNonNegative(in, graph.scalar(1), graph.scalar(0));
  }
}
