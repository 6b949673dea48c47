package io.milpnet.formulation.spec;

import io.milpnet.formulation.activation.Activation;

/**
 * One layer of a network architecture, as the user writes it in {@code --arch}. Its kind
 * ({@link io.milpnet.formulation.layer.LayerKind}, found by {@link #kindKey()} in the registry) parses and stores it.
 */
public interface LayerSpec {
  /** How the layer is written in {@code --arch}, e.g. {@code dense:4}. */
  String token();

  /** The key of the layer's kind in the registry ({@code dense}, {@code maxpool}, ...). */
  String kindKey();

  /** Whether the layer reads a {@code CxHxW} map (convolution, pooling, flatten) rather than a vector. */
  boolean takesMap();

  /** Whether the layer's output is a {@code CxHxW} map. */
  default boolean givesMap() {
    return takesMap();
  }

  /** The activation after the layer's map ({@link Activation#LINEAR} for kinds without one: pooling, gates, flatten). */
  default Activation activation() {
    return Activation.LINEAR;
  }

  /** Whether the layer has parameters to train (pooling and flatten have none). */
  default boolean trains() {
    return true;
  }

  /** Whether the layer is a layer of the network (flatten only marks where a map becomes a vector). */
  default boolean hasLayer() {
    return true;
  }

  /** The shape leaving the layer for an input of shape {@code in}; an error naming the layer when it does not fit. */
  Shape outputShape(Shape in);

  /**
   * How many (unit, input) pairs the layer's units read, summed over its units, for an input of shape {@code in}: at
   * least one coefficient each in every sample's rows, which is what {@code TrainingModelSize} counts before a model is
   * built. The default is a dense layer's (every unit reads every input); kinds with windows or second weight sets
   * override it.
   */
  default long connections(Shape in) {
    return (long) in.size() * outputShape(in).size();
  }
}
