package io.milpnet.formulation.layer.conv;

import io.milpnet.formulation.spec.Shape;
import io.milpnet.formulation.train.Encoding;
import io.milpnet.formulation.train.LayerKindKit;
import io.milpnet.formulation.train.TrainingConfig;
import java.util.List;

/** The layer oracle kit on convolutions: stride 1 and 2, one and two input channels. */
public class ConvKitTest extends LayerKindKit {
  @Override
  public String kind() {
    return "conv";
  }

  @Override
  protected List<Case> cases() {
    TrainingConfig base = TrainingConfig.defaults();
    return List.of(
        new Case("conv:2@2x2,flatten,dense:2", 2, base.withInputShape(new Shape(1, 3, 3))),
        new Case("conv:2@2x2/2,conv:1@1x1,flatten", 3, base.withInputShape(new Shape(2, 4, 4))
            .withFilterPenalty(0.1)));
  }
}
