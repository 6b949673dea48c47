package io.milpnet.formulation.train;

import io.milpnet.core.model.Var;
import io.milpnet.formulation.layer.dense.EncodedDenseLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * The units the hybrid local search re-optimises one at a time: hidden units of dense layers whose outgoing weights
 * sit in the next dense layer, each with the variables that describe it.
 */
final class SearchUnits {
  private SearchUnits() {}

  /**
   * Hidden units of dense layers whose outgoing weights sit in the next dense layer: {layer index, unit} pairs, the
   * units a local search can re-optimise one at a time.
   */
  static List<int[]> of(List<EncodedLayer> layers) {
    List<int[]> units = new ArrayList<>();
    for (int l = 0; l + 1 < layers.size(); l++) {
      if (layers.get(l).asDense().isPresent() && layers.get(l + 1).asDense().isPresent()) {
        for (int j = 0; j < layers.get(l).units; j++) {
          units.add(new int[] {l, j});
        }
      }
    }
    return units;
  }

  /**
   * The variables of one hidden unit of a dense layer: its incoming weights, bias and mask, its outgoing weights in
   * the next layer, and its activation pattern on every row.
   */
  static java.util.Set<Var> variables(List<EncodedLayer> layers, int rows, int l, int j) {
    EncodedDenseLayer own = layers.get(l).asDense().orElseThrow();
    EncodedDenseLayer next = layers.get(l + 1).asDense().orElseThrow();
    java.util.Set<Var> vars = new java.util.HashSet<>();
    for (int k = 0; k < own.inputs; k++) {
      vars.addAll(own.weights().vars(own.param(j, k)));
    }
    vars.addAll(own.biases().vars(j));
    if (own.masks != null) {
      vars.add(own.masks[j]);
    }
    for (int r = 0; r < next.units; r++) {
      vars.addAll(next.weights().vars(next.param(r, j)));
    }
    for (int i = 0; i < rows; i++) {
      vars.addAll(own.activation.binaries(i, j));
    }
    return vars;
  }
}
