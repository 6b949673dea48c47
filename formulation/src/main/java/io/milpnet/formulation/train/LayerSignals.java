package io.milpnet.formulation.train;

import io.milpnet.core.model.Var;
import io.milpnet.formulation.encode.Signal;

/**
 * The signals entering a layer, {@code signals[sample][unit]}, and the pruning masks of the units that produced them
 * (null for data, or when neurons are not pruned): a layer ties its outgoing weights of unit k to {@code masks[k]}.
 */
public record LayerSignals(Signal[][] signals, Var[] masks) {
  public int samples() {
    return signals.length;
  }

  public int width() {
    return signals.length == 0 ? 0 : signals[0].length;
  }
}
