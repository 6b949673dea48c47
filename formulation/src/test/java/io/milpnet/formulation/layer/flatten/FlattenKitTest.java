package io.milpnet.formulation.layer.flatten;

import io.milpnet.formulation.spec.Shape;
import io.milpnet.formulation.train.Encoding;
import io.milpnet.formulation.train.LayerKindKit;
import io.milpnet.formulation.train.TrainingConfig;
import java.util.List;

/** The layer oracle kit on flatten, which moves no data: the architectures around it must still be exact. */
public class FlattenKitTest extends LayerKindKit {
  @Override
  public String kind() {
    return "flatten";
  }

  @Override
  protected List<Case> cases() {
    TrainingConfig base = TrainingConfig.defaults();
    return List.of(
        new Case("conv:1@2x2,flatten", 2, base.withInputShape(new Shape(1, 3, 3))));
  }
}
