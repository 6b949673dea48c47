package io.milpnet.formulation.verify;

import io.milpnet.formulation.layer.LayerKinds;
import io.milpnet.formulation.network.NetworkLayer;

/**
 * Where a network layer finds its verification: its kind's {@link io.milpnet.formulation.layer.LayerKind#verification}
 * in the registry. A kind nobody registered is refused with a named error, never treated as another kind.
 */
final class VerificationLayers {
  private VerificationLayers() {}

  /** The verification of network layer {@code number} (1-based, for the message). */
  static VerificationLayer of(NetworkLayer layer, int number) {
    try {
      return LayerKinds.standard().verification(layer);
    } catch (IllegalArgumentException e) {
      throw new UnsupportedLayerException("layer " + number + " (" + layer.getClass().getSimpleName()
          + ") cannot be verified: " + e.getMessage());
    }
  }
}
