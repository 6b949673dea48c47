package io.milpnet.core.bridge;

import io.milpnet.core.model.Model;
import io.milpnet.core.model.VarType;

/**
 * The LP relaxation of a model: integer and binary variables become continuous within their bounds. Indicator
 * constraints have no LP meaning and must be bridged to big-M rows first (their relaxation is that of the big-M
 * rows). Used for LP bounds, root-gap measurements and bound tightening.
 */
public final class LpRelaxation {

  public Model apply(Model model) {
    if (model.numIndicators() > 0) {
      throw new IllegalArgumentException("model " + model.name() + " has indicator constraints: bridge them to big-M"
          + " rows (IndicatorToBigMBridge) before relaxing");
    }
    Model out = model.copy(model.name() + "-lp");
    for (int v = 0; v < out.numVars(); v++) {
      if (out.varType(v) != VarType.CONTINUOUS) {
        out.setType(v, VarType.CONTINUOUS);
      }
    }
    return out;
  }
}
