package io.milpnet.formulation.spec;

/** The activation applied after a layer's affine map. */
public enum Activation {
  RELU,
  LINEAR,
  /** Heaviside: 1 when the pre-activation is {@code >= 0}, else 0. */
  STEP,
  /** {@code min(1, max(-1, a))}. */
  HARDTANH;

  public double apply(double a) {
    return switch (this) {
      case RELU -> Math.max(0.0, a);
      case LINEAR -> a;
      case STEP -> a >= 0 ? 1.0 : 0.0;
      case HARDTANH -> Math.min(1.0, Math.max(-1.0, a));
    };
  }

  /**
   * The derivative the gradient trainer passes back at pre-activation {@code a}: the true one for ReLU and linear;
   * straight-through for the step and hard tanh (1 inside [-1, 1], else 0).
   */
  public double straightThrough(double a) {
    return switch (this) {
      case RELU -> a > 0 ? 1.0 : 0.0;
      case LINEAR -> 1.0;
      case HARDTANH, STEP -> Math.abs(a) <= 1 ? 1.0 : 0.0;
    };
  }

  /** {@code f(s a) = s f(a)} for every {@code s > 0} (ReLU and linear), so a unit's scale can move to its readers. */
  public boolean positivelyHomogeneous() {
    return this == RELU || this == LINEAR;
  }

  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
