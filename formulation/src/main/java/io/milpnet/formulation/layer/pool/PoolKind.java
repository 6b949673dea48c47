package io.milpnet.formulation.layer.pool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milpnet.formulation.layer.ArchTokens;
import io.milpnet.formulation.layer.JsonFields;
import io.milpnet.formulation.layer.LayerKind;
import io.milpnet.formulation.network.PoolLayer;
import io.milpnet.formulation.spec.PoolSpec;
import io.milpnet.formulation.spec.Shape;
import java.util.Objects;

/** {@code maxpool:P} and {@code avgpool:P}: pooling over non-overlapping windows, one kind per pooling function. */
public final class PoolKind implements LayerKind<PoolSpec, PoolLayer> {
  private final PoolSpec.Kind pooling;

  public PoolKind(PoolSpec.Kind pooling) {
    this.pooling = Objects.requireNonNull(pooling, "pooling");
  }

  @Override
  public String key() {
    return pooling.key();
  }

  @Override
  public String usage() {
    return key() + ":P";
  }

  @Override
  public Class<PoolSpec> specType() {
    return PoolSpec.class;
  }

  @Override
  public Class<PoolLayer> layerType() {
    return PoolLayer.class;
  }

  @Override
  public PoolSpec parse(String args, String token, String arch) {
    String[] parts = ArchTokens.sized(args, token, arch, key() + ":2");
    if (parts.length > 1) {
      throw ArchTokens.error(token, arch, "takes only a window size, e.g. " + key() + ":2");
    }
    return new PoolSpec(pooling, ArchTokens.positive(parts[0], "window size", token, arch));
  }

  @Override
  public PoolLayer zeroLayer(PoolSpec spec, Shape in) {
    return new PoolLayer(spec.kind(), in, spec.size());
  }

  @Override
  public void write(PoolLayer layer, ObjectNode node, boolean[] live) {
    node.put("inputShape", layer.inputShape().toString());
    node.put("size", layer.size());
  }

  @Override
  public PoolLayer read(JsonNode node, String source) {
    return new PoolLayer(pooling, Shape.parse(JsonFields.require(node, "inputShape", source).asText(), "inputShape"),
        JsonFields.require(node, "size", source).asInt());
  }
}
