package io.milpnet.formulation.layer.dense;

import io.milpnet.formulation.spec.Shape;
import io.milpnet.formulation.train.Encoding;
import io.milpnet.formulation.train.LayerKindKit;
import io.milpnet.formulation.train.TrainingConfig;
import java.util.List;

/** The layer oracle kit on dense layers: ReLU, linear, step and hard tanh, grid and continuous weights. */
public class DenseKitTest extends LayerKindKit {
  @Override
  public String kind() {
    return "dense";
  }

  @Override
  protected List<Case> cases() {
    TrainingConfig base = TrainingConfig.defaults();
    return List.of(
        new Case("dense:3", 2, base),
        new Case("dense:3,dense:2/linear", 3, base.withEncoding(Encoding.INDICATOR).withL0(0.05)),
        new Case("dense:2/step,dense:2/hardtanh", 2, base));
  }
}
