package io.milpnet.formulation.train;

import io.milpnet.formulation.network.Differentiable;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.TrainedNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Layer-wise magnitude pruning of the continuous weights of a network: in every layer whose weights are continuous
 * (dense, convolutional, gated), the {@code floor(q n)} smallest of its n nonzero weights (by magnitude, ties by
 * position) become 0. Grid layers (ternary, sign, integer) keep theirs: their magnitudes carry no ranking.
 */
final class MagnitudePruning {
  private MagnitudePruning() {}

  /** The pruned network, or null when it has no continuous layer with a nonzero weight. */
  static TrainedNetwork prune(TrainedNetwork network, double q) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("pruning fraction must be in [0, 1], got " + q);
    }
    List<NetworkLayer> out = new ArrayList<>();
    boolean any = false;
    for (NetworkLayer layer : network.layers()) {
      Differentiable form = layer.differentiable();
      if (form.weightCount() > 0 && continuous(layer.domain())) {
        double[][] w = {form.weights()};
        any |= zeroSmallest(w, q);
        out.add(form.with(w[0], form.biases(), layer.domain()));
      } else {
        out.add(layer);
      }
    }
    return any ? new TrainedNetwork(network.inputFeatures(), network.scaler(), out, network.outputKind(),
        network.classLabels(), network.targetRange()) : null;
  }

  private static boolean continuous(String domain) {
    return domain.startsWith("continuous");
  }

  /** Zeroes the floor(q n) smallest nonzero entries of the rows (in place); whether there was a nonzero entry. */
  private static boolean zeroSmallest(double[][] rows, double q) {
    int n = 0;
    for (double[] row : rows) {
      for (double v : row) {
        n += v != 0.0 ? 1 : 0;
      }
    }
    long[] order = new long[n];
    double[] magnitude = new double[n];
    int t = 0;
    for (int r = 0; r < rows.length; r++) {
      for (int k = 0; k < rows[r].length; k++) {
        if (rows[r][k] != 0.0) {
          magnitude[t] = Math.abs(rows[r][k]);
          order[t] = ((long) r << 32) | k;
          t++;
        }
      }
    }
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(magnitude[a], magnitude[b])); // stable: ties keep their position
    int remove = (int) Math.floor(q * n);
    for (int i = 0; i < remove; i++) {
      long at = order[idx[i]];
      rows[(int) (at >>> 32)][(int) at] = 0.0;
    }
    return n > 0;
  }
}
