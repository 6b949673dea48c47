package io.milpnet.core.model;

/**
 * A handle on a variable of one {@link Model}: just its column index. Bounds, type and name live in the model's
 * arrays, so that models with millions of variables do not carry millions of objects.
 */
public record Var(int index) {
  public Var {
    if (index < 0) {
      throw new IllegalArgumentException("variable index must be >= 0, got " + index);
    }
  }
}
