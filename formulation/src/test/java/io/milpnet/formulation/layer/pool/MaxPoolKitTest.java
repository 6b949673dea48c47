package io.milpnet.formulation.layer.pool;

import io.milpnet.formulation.spec.Shape;
import io.milpnet.formulation.train.Encoding;
import io.milpnet.formulation.train.LayerKindKit;
import io.milpnet.formulation.train.TrainingConfig;
import java.util.List;

/** The layer oracle kit on max pooling, big-M and tight rows. */
public class MaxPoolKitTest extends LayerKindKit {
  @Override
  public String kind() {
    return "maxpool";
  }

  @Override
  protected List<Case> cases() {
    TrainingConfig base = TrainingConfig.defaults();
    return List.of(
        new Case("conv:2@2x2,maxpool:2,flatten,dense:2", 2, base.withInputShape(new Shape(1, 5, 5))),
        new Case("maxpool:2,conv:1@2x2,flatten", 3, base.withInputShape(new Shape(1, 6, 6))
            .withTightening(io.milpnet.formulation.train.Tightening.defaults().withTightMaxPool(true))));
  }
}
