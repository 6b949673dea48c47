package io.milpnet.formulation.train;

import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;

/**
 * Interchangeable units (hidden units of a dense layer, filters of a convolution: permute them together with what
 * reads them) can be put in one canonical order: live ones first, then biases descending. The rows are
 * {@code n_j >= n_(j+1)} and {@code b_j >= b_(j+1)} among live units ({@code b_j - b_(j+1) >= -2B (1 - n_(j+1))}, B the
 * bias bound).
 */
public final class SymmetryBreaking {
  private SymmetryBreaking() {}

  public static void order(Model model, Var[] masks, WeightParams biases, double biasBound, String tag) {
    for (int j = 0; j + 1 < biases.size(); j++) {
      String n = "[" + tag + ",u" + j + "]";
      if (masks != null) {
        model.addGreaterOrEqual("sym_mask" + n, LinearExpr.builder().add(masks[j]).add(-1.0, masks[j + 1]).build(),
            0.0);
      }
      double span = 2 * biasBound;
      LinearExpr.Builder diff = LinearExpr.builder().add(biases.expr(j)).add(-1.0, biases.expr(j + 1));
      if (masks != null) {
        model.addGreaterOrEqual("sym_bias" + n, diff.add(-span, masks[j + 1]).build(), -span);
      } else {
        model.addGreaterOrEqual("sym_bias" + n, diff.build(), 0.0);
      }
    }
  }
}
