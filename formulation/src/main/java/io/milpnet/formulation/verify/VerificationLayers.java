package io.milpnet.formulation.verify;

import io.milpnet.formulation.network.ConvLayer;
import io.milpnet.formulation.network.DenseLayer;
import io.milpnet.formulation.network.GateLayer;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.PoolLayer;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The one place where a network layer finds its verification: a table from the layer's class to the
 * {@link VerificationLayer} that bounds and encodes it. Convolutions and average pooling are verified as the affine
 * maps they are; max pooling and gates by their own formulations. A layer class missing from the table is refused
 * with a named error, never treated as another kind.
 */
final class VerificationLayers {
  private static final Map<Class<? extends NetworkLayer>, Function<NetworkLayer, VerificationLayer>> KINDS = Map.of(
      DenseLayer.class, layer -> new AffineVerification((DenseLayer) layer),
      ConvLayer.class, layer -> new AffineVerification(((ConvLayer) layer).toDense()),
      PoolLayer.class, layer -> pool((PoolLayer) layer),
      GateLayer.class, layer -> new GateVerification((GateLayer) layer));

  private VerificationLayers() {}

  /** The verification of network layer {@code number} (1-based, for the message). */
  static VerificationLayer of(NetworkLayer layer, int number) {
    Function<NetworkLayer, VerificationLayer> kind = KINDS.get(layer.getClass());
    if (kind == null) {
      TreeSet<String> known = new TreeSet<>();
      KINDS.keySet().forEach(c -> known.add(c.getSimpleName()));
      throw new UnsupportedLayerException("layer " + number + " is a " + layer.getClass().getSimpleName()
          + ", which verification does not know: it verifies " + String.join(", ", known));
    }
    return kind.apply(layer);
  }

  private static VerificationLayer pool(PoolLayer pool) {
    return switch (pool.kind()) {
      case MAX -> new MaxPoolVerification(pool);
      case AVG -> new AffineVerification(pool.toDense());
    };
  }
}
