package io.milpnet.formulation.spec;

/** The activation applied after a layer's affine map. */
public enum Activation {
  RELU,
  LINEAR;

  public double apply(double a) {
    return this == RELU ? Math.max(0.0, a) : a;
  }

  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
