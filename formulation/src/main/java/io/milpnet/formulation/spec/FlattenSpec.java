package io.milpnet.formulation.spec;

/**
 * {@code flatten}: turns a {@code CxHxW} map into a vector of {@code C*H*W} values (channel-major). Values are stored
 * flat throughout, so the layer moves no data; it marks where dense layers may start.
 */
public record FlattenSpec() implements LayerSpec {
  @Override
  public String token() {
    return "flatten";
  }
}
