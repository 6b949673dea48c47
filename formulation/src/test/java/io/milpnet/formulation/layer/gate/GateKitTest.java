package io.milpnet.formulation.layer.gate;

import io.milpnet.formulation.spec.Shape;
import io.milpnet.formulation.train.Encoding;
import io.milpnet.formulation.train.LayerKindKit;
import io.milpnet.formulation.train.TrainingConfig;
import java.util.List;

/** The layer oracle kit on gate layers, first and hidden. */
public class GateKitTest extends LayerKindKit {
  @Override
  public String kind() {
    return "gate";
  }

  @Override
  protected List<Case> cases() {
    TrainingConfig base = TrainingConfig.defaults();
    return List.of(
        new Case("gate:2", 2, base),
        new Case("dense:2,gate:2", 3, base.withEncoding(Encoding.INDICATOR)));
  }
}
