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
 * The one place where a network layer finds its verification: a table from the layer's kind key
 * ({@link NetworkLayer#kindKey()}, as in the registry) to the {@link VerificationLayer} that bounds and encodes it.
 * Convolutions and average pooling are verified as the affine maps they are; max pooling and gates by their own
 * formulations. A kind missing from the table is refused with a named error, never treated as another kind.
 */
final class VerificationLayers {
  private static final Map<String, Function<NetworkLayer, VerificationLayer>> KINDS = Map.of(
      "dense", typed(DenseLayer.class, AffineVerification::new),
      "conv", typed(ConvLayer.class, conv -> new AffineVerification(conv.toDense())),
      "maxpool", typed(PoolLayer.class, MaxPoolVerification::new),
      "avgpool", typed(PoolLayer.class, pool -> new AffineVerification(pool.toDense())),
      "gate", typed(GateLayer.class, GateVerification::new));

  private VerificationLayers() {}

  /** The verification of network layer {@code number} (1-based, for the message). */
  static VerificationLayer of(NetworkLayer layer, int number) {
    Function<NetworkLayer, VerificationLayer> kind = KINDS.get(layer.kindKey());
    if (kind == null) {
      TreeSet<String> known = new TreeSet<>(KINDS.keySet());
      throw new UnsupportedLayerException("layer " + number + " is a " + layer.kindKey() + " layer ("
          + layer.getClass().getSimpleName() + "), which verification does not know: it verifies "
          + String.join(", ", known));
    }
    return kind.apply(layer);
  }

  /** The verification {@code make} builds for layers of class {@code type}; another class is an error naming both. */
  private static <L extends NetworkLayer> Function<NetworkLayer, VerificationLayer> typed(Class<L> type,
      Function<L, VerificationLayer> make) {
    return layer -> {
      if (!type.isInstance(layer)) {
        throw new UnsupportedLayerException("a " + layer.kindKey() + " layer must be a " + type.getSimpleName()
            + " to be verified, not a " + layer.getClass().getSimpleName());
      }
      return make.apply(type.cast(layer));
    };
  }
}
