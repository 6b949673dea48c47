package io.milpnet.formulation.train;

import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;
import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.layer.dense.DenseLayer;
import io.milpnet.formulation.layer.dense.EncodedDenseLayer;
import io.milpnet.formulation.network.TrainedNetwork;
import java.util.List;
import java.util.Map;

/**
 * Monotonicity in feature k: the score is {@code sum_j s_j relu(w_j . x + b_j) + c} with sign output weights s_j, so it
 * never decreases in x_k when every live unit has {@code s_j w_jk >= 0}: {@code w_jk >= -Omega (1 - s+_j)} and
 * {@code w_jk <= Omega (1 - s-_j)} (reversed for decreasing). The constraint guarantees the direction for every input,
 * not only on the data; networks monotone only through cancellations between units are excluded. It needs one ReLU
 * hidden layer and one score with sign output weights, where it is exact.
 */
final class MonotoneConstraint implements DomainConstraint {
  private final Map<String, Monotone> monotone;
  private final List<String> features;
  private final List<EncodedLayer> layers;

  MonotoneConstraint(Map<String, Monotone> monotone, List<String> features, List<EncodedLayer> layers) {
    this.monotone = monotone;
    this.features = features;
    this.layers = layers;
  }

  @Override
  public void encode(Model model, Signal[][] rows) {
    EncodedDenseLayer first = layers.get(0).asDense().orElseThrow();
    EncodedDenseLayer out = layers.get(1).asDense().orElseThrow();
    double bound = first.domain.maxAbs();
    for (var e : new java.util.TreeMap<>(monotone).entrySet()) {
      int k = features.indexOf(e.getKey());
      if (k < 0) {
        throw new IllegalArgumentException("monotone constraint names feature '" + e.getKey()
            + "', which the data does not have (features: " + String.join(", ", features) + ")");
      }
      boolean increasing = e.getValue() == Monotone.INCREASING;
      for (int j = 0; j < first.units; j++) {
        // With an increasing constraint, a positive output weight needs w >= 0 and a negative one w <= 0.
        Var pos = out.level(0, j, true);
        Var neg = out.level(0, j, false);
        Var lowerTie = increasing ? pos : neg;
        Var upperTie = increasing ? neg : pos;
        String n = "[" + e.getKey() + ",u" + j + "]";
        LinearExpr w = first.weightExpr(j, k);
        model.addGreaterOrEqual("mono_lb" + n, LinearExpr.builder().add(w).add(-bound, lowerTie).build(), -bound);
        model.addLessOrEqual("mono_ub" + n, LinearExpr.builder().add(w).add(bound, upperTie).build(), bound);
      }
    }
  }

  @Override
  public List<String> violations(TrainedNetwork network, double tolerance) {
    return monotone.isEmpty() || holds(network) ? List.of()
        : List.of("a hidden unit moves the score against a monotone constraint");
  }

  /** The network satisfies the constraints unit by unit: {@code s_j w_jk} has the constraint's sign. */
  boolean holds(TrainedNetwork network) {
    DenseLayer first = network.layers().get(0).asDense().orElseThrow();
    DenseLayer out = network.outputLayer();
    for (var e : monotone.entrySet()) {
      int k = features.indexOf(e.getKey());
      double sign = e.getValue() == Monotone.INCREASING ? 1 : -1;
      for (int j = 0; j < first.units(); j++) {
        if (sign * out.weights()[0][j] * first.weights()[j][k] < 0) {
          return false;
        }
      }
    }
    return true;
  }
}
