package io.milpnet.formulation.layer.gate;

import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.spec.Shape;

/**
 * {@code gate:N}: N units, each passing its pre-activation {@code W_j . x + b_j} only while its learned hard gate
 * {@code U_j . x + c_j >= 0} is open, and 0 otherwise.
 */
public record GateSpec(int units) implements LayerSpec {
  public GateSpec {
    if (units < 1) {
      throw new IllegalArgumentException("a gate layer needs at least 1 unit, got " + units);
    }
  }

  @Override
  public String kindKey() {
    return "gate";
  }

  @Override
  public boolean takesMap() {
    return false;
  }

  @Override
  public Shape outputShape(Shape in) {
    return Shape.flat(units);
  }

  /** A unit reads every input twice: through its weights and through its gate's. */
  @Override
  public long connections(Shape in) {
    return 2L * in.size() * units;
  }

  @Override
  public String token() {
    return "gate:" + units;
  }
}
