package io.milpnet.formulation.layer.flatten;

import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.spec.Shape;

/**
 * {@code flatten}: turns a {@code CxHxW} map into a vector of {@code C*H*W} values (channel-major). Values are stored
 * flat throughout, so the layer moves no data; it marks where dense layers may start.
 */
public record FlattenSpec() implements LayerSpec {
  @Override
  public String kindKey() {
    return "flatten";
  }

  @Override
  public boolean trains() {
    return false;
  }

  @Override
  public boolean hasLayer() {
    return false;
  }

  @Override
  public boolean takesMap() {
    return true;
  }

  @Override
  public boolean givesMap() {
    return false;
  }

  @Override
  public Shape outputShape(Shape in) {
    return Shape.flat(in.size());
  }

  /** Flatten moves no data: no rows. */
  @Override
  public long connections(Shape in) {
    return 0;
  }

  @Override
  public String token() {
    return "flatten";
  }
}
