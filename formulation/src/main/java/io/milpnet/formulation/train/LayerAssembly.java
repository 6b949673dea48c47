package io.milpnet.formulation.train;

import io.milpnet.core.model.Model;
import io.milpnet.formulation.encode.BinaryProductFormulation;
import io.milpnet.formulation.encode.ReluFormulation;
import io.milpnet.formulation.layer.LayerKinds;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.spec.Shape;
import java.util.List;

/**
 * What a layer kind's training encoding ({@link io.milpnet.formulation.layer.LayerKind#encode}) reads while a problem
 * is assembled: each kind builds its encoded layer from its spec, encodes it on the previous layer's signals and
 * records what it is exact for.
 *
 * @param previous the layers encoded so far (read only)
 * @param exactness where each encoder records its layer's {@link LayerExactness}
 */
public record LayerAssembly(Model model, TrainingConfig config, WeightDomainPolicy domains, TrainingBounds bounds,
    ActivationRanges restriction, ReluFormulation relu, BinaryProductFormulation products, boolean signOutput,
    List<EncodedLayer> previous, List<LayerExactness> exactness) {

  /**
   * The encoded layer of {@code spec}, number {@code number} (from 1), on inputs of shape {@code in} carried by
   * {@code signals}, by its kind's {@link io.milpnet.formulation.layer.LayerKind#encode}; {@code hidden} is false for
   * the output layer.
   */
  EncodedLayer encode(LayerSpec spec, int number, Shape in, boolean hidden, LayerSignals signals) {
    return LayerKinds.standard().encode(spec, number, in, hidden, signals, this);
  }

  public boolean indicators() {
    return config.encoding() == Encoding.INDICATOR;
  }
}
