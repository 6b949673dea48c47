package io.milpnet.formulation.train;

import io.milpnet.core.model.Model;
import io.milpnet.formulation.encode.BinaryProductFormulation;
import io.milpnet.formulation.encode.ReluFormulation;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.spec.Shape;
import java.util.List;
import java.util.Map;

/**
 * What a layer kind's training encoder reads while a problem is assembled, and the encoders by kind key: each builds
 * its encoded layer from its spec, encodes it on the previous layer's signals and records what it is exact for.
 *
 * @param previous the layers encoded so far (read only)
 * @param exactness where each encoder records its layer's {@link LayerExactness}
 */
record LayerAssembly(Model model, TrainingConfig config, WeightDomainPolicy domains, TrainingBounds bounds,
    ActivationRanges restriction, ReluFormulation relu, BinaryProductFormulation products, boolean signOutput,
    List<EncodedLayer> previous, List<LayerExactness> exactness) {

  /** One kind's training encoder. */
  @FunctionalInterface
  interface Encoder {
    /**
     * The encoded layer of {@code spec}, number {@code number} (from 1), on inputs of shape {@code in} carried by
     * {@code signals}; {@code hidden} is false for the output layer.
     */
    EncodedLayer encode(LayerSpec spec, int number, Shape in, boolean hidden, LayerSignals signals,
        LayerAssembly assembly);
  }

  /** The training encoders of the layer kinds, by kind key; flatten has no layer to encode. */
  private static final Map<String, Encoder> ENCODERS = Map.of(
      "dense", EncodedDenseLayer::build,
      "conv", EncodedConvLayer::build,
      "maxpool", EncodedMaxPoolLayer::build,
      "avgpool", EncodedAvgPoolLayer::build,
      "gate", EncodedGateLayer::build);

  /** The encoded layer of {@code spec}; a kind without a training encoder is an error naming it. */
  EncodedLayer encode(LayerSpec spec, int number, Shape in, boolean hidden, LayerSignals signals) {
    Encoder encoder = ENCODERS.get(spec.kindKey());
    if (encoder == null) {
      throw new IllegalArgumentException("layer " + spec.token() + ": the layer kind '" + spec.kindKey()
          + "' has no training encoding");
    }
    return encoder.encode(spec, number, in, hidden, signals, this);
  }

  boolean indicators() {
    return config.encoding() == Encoding.INDICATOR;
  }
}
