package io.milpnet.formulation.layer.pool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milpnet.formulation.layer.ArchTokens;
import io.milpnet.formulation.layer.JsonFields;
import io.milpnet.formulation.layer.LayerKind;
import io.milpnet.formulation.spec.Shape;
import io.milpnet.formulation.train.EncodedLayer;
import io.milpnet.formulation.train.LayerAssembly;
import io.milpnet.formulation.train.LayerSignals;
import io.milpnet.formulation.verify.AffineVerification;
import io.milpnet.formulation.verify.VerificationLayer;
import java.util.Objects;
import java.util.function.Function;

/**
 * {@code maxpool:P} and {@code avgpool:P}: pooling over non-overlapping windows, one kind per pooling function. A
 * function is its {@link PoolSpec.Kind} constant (forward and backward pass), its training encoding (a subclass of
 * {@link EncodedPoolLayer}) and its verification, wired together by one factory here.
 */
public final class PoolKind implements LayerKind<PoolSpec, PoolLayer> {
  /** The training encoding of one pooling function. */
  @FunctionalInterface
  private interface Encoder {
    EncodedLayer encode(PoolSpec spec, int number, Shape in, boolean hidden, LayerSignals signals, LayerAssembly a);
  }

  private final PoolSpec.Kind pooling;
  private final Encoder encoder;
  private final Function<PoolLayer, VerificationLayer> verification;

  private PoolKind(PoolSpec.Kind pooling, Encoder encoder, Function<PoolLayer, VerificationLayer> verification) {
    this.pooling = Objects.requireNonNull(pooling, "pooling");
    this.encoder = encoder;
    this.verification = verification;
  }

  /** Max pooling: one binary per window candidate in training and verification alike (the tight max rows). */
  public static PoolKind max() {
    return new PoolKind(PoolSpec.Kind.MAX, EncodedMaxPoolLayer::build, MaxPoolVerification::new);
  }

  /** Average pooling: linear, so verified as the affine map it is. */
  public static PoolKind average() {
    return new PoolKind(PoolSpec.Kind.AVG, EncodedAvgPoolLayer::build, pool -> new AffineVerification(pool.toDense()));
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
    if (!layer.plain()) {
      node.put("stride", layer.stride());
      node.put("pad", layer.pad());
    }
  }

  @Override
  public PoolLayer read(JsonNode node, String source) {
    int size = JsonFields.whole(node, "size", 1, source);
    int stride = node.has("stride") ? JsonFields.whole(node, "stride", 1, source) : size;
    int pad = node.has("pad") ? JsonFields.whole(node, "pad", 0, source) : 0;
    return new PoolLayer(pooling, Shape.parse(JsonFields.text(node, "inputShape", source), "inputShape"), size,
        stride, pad);
  }

  @Override
  public EncodedLayer encode(PoolSpec spec, int number, Shape in, boolean hidden, LayerSignals signals,
      LayerAssembly assembly) {
    return encoder.encode(spec, number, in, hidden, signals, assembly);
  }

  @Override
  public VerificationLayer verification(PoolLayer layer) {
    return verification.apply(layer);
  }
}
