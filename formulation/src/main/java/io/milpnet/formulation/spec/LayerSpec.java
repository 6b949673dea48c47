package io.milpnet.formulation.spec;

/**
 * One layer of a network architecture, as the user writes it in {@code --arch}. A new layer kind is one new record
 * here plus its formulation class and binding.
 */
public sealed interface LayerSpec permits DenseSpec, ConvSpec, PoolSpec, FlattenSpec, GateSpec {
  /** How the layer is written in {@code --arch}, e.g. {@code dense:4}. */
  String token();
}
