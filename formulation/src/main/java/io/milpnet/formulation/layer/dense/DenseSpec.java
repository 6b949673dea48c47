package io.milpnet.formulation.layer.dense;

import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.spec.Shape;
import java.util.Objects;

/** A fully connected layer of {@code units} units followed by {@code activation}. */
public record DenseSpec(int units, Activation activation) implements LayerSpec {
  public DenseSpec {
    if (units < 1) {
      throw new IllegalArgumentException("a dense layer needs at least 1 unit, got " + units);
    }
    Objects.requireNonNull(activation, "activation");
  }

  @Override
  public String kindKey() {
    return "dense";
  }

  @Override
  public boolean takesMap() {
    return false;
  }

  @Override
  public Shape outputShape(Shape in) {
    return Shape.flat(units);
  }

  @Override
  public String token() {
    return "dense:" + units + (activation == Activation.RELU ? "" : "/" + activation.key());
  }
}
