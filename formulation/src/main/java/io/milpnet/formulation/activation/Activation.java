package io.milpnet.formulation.activation;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.model.Model;
import io.milpnet.formulation.encode.ReluFormulation;
import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.network.OperatorGraph;

/**
 * The activation applied after a layer's affine map: one unit of code per activation, found by its key in
 * {@link Activations}. Everything a stage needs from an activation is here: the value and the gradient trainer's
 * derivative, the exact MILP encoding of one unit (training, with variable weights, and verification, with fixed
 * ones), and the linear relaxation verification's bounds push through it. Instances are values: the same key gives
 * an equal activation.
 */
public interface Activation {
  /** {@code max(0, a)}. */
  Activation RELU = Relu.INSTANCE;
  /** The pre-activation itself. */
  Activation LINEAR = Linear.INSTANCE;
  /** Heaviside: 1 when the pre-activation is {@code >= 0}, else 0. */
  Activation STEP = Step.INSTANCE;
  /** {@code min(1, max(-1, a))}. */
  Activation HARDTANH = HardTanh.INSTANCE;

  /** The {@code --arch} and {@code network.json} form, with its parameters ({@code relu}, {@code leakyrelu:0.1}). */
  String key();

  double apply(double a);

  /**
   * The derivative the gradient trainer passes back at pre-activation {@code a}: the true one where it exists, a
   * straight-through estimate for a discontinuous activation.
   */
  double straightThrough(double a);

  /** {@code f(s a) = s f(a)} for every {@code s > 0}, so a unit's scale can move to its readers. */
  boolean positivelyHomogeneous();

  /** The Lipschitz constant ({@code +Infinity} for a discontinuous activation). */
  double lipschitz();

  /** The range of {@code apply} over pre-activations in {@code pre}. */
  Interval range(Interval pre);

  /**
   * The exact encoding of one unit {@code h = f(a)} in {@code model}: its output and the ReLU-like pieces (each
   * {@code relu(a - t)} or a step at t) whose phase binaries describe the unit's pattern. {@code relu} encodes every
   * {@code max(0, .)} piece; {@code indicators} asks for indicator rows where the activation has a choice.
   */
  ActivationUnit encode(Model model, Signal pre, ReluFormulation relu, boolean indicators, String name);

  /** Whether {@link #relax} exists: verification encodes and bounds this activation. */
  boolean verifiable();

  /**
   * Linear bounds {@code lowSlope z + lowIntercept <= f(z) <= upSlope z + upIntercept} valid for {@code z} in
   * {@code [lo, hi]}, and how many of the activation's pieces the interval leaves undecided.
   */
  Relaxation relax(double lo, double hi);

  /** Linear lower and upper bounds of an activation over a pre-activation interval. */
  record Relaxation(double lowSlope, double lowIntercept, double upSlope, double upIntercept, int unstable) {}

  /**
   * The activation applied element-wise to {@code in} in an exchange-format graph (ONNX export); its output tensor.
   *
   * @throws UnsupportedOperationException naming the activation when it has no form in the graph's operators
   */
  default String export(OperatorGraph graph, String in) {
    throw OperatorGraph.unsupported("the activation " + key());
  }
}
