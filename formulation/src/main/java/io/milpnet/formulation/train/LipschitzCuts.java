package io.milpnet.formulation.train;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.OutputKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Cross-sample Lipschitz cuts. The weights are shared by all samples and bounded, so the network is Lipschitz: for
 * samples i and k, every unit's output distance {@code |h_ij - h_kj|} is at most a constant {@code D_j(i, k)} computed
 * layer by layer from the input distances {@code |x_i - x_k|} and the largest weight magnitudes (the bias cancels;
 * ReLU, hard tanh and linear activations are 1-Lipschitz, max pooling takes the largest, average pooling the mean
 * distance of its window), capped by the units' interval bounds. The rows {@code -D_c <= o_ic - o_kc <= D_c} on the
 * outputs hold for every network in the weight box, so they cut off no integer solution; the LP relaxation, whose
 * per-sample activations are otherwise independent, can then no longer give two close samples of different classes
 * opposite outputs: with the hinge loss, {@code xi_i + xi_k >= 2 margin - D_{y_i} - D_{y_k}}.
 *
 * <p>Pairs: each sample with its nearest samples (L1 distance of the scaled inputs) of other classes (for regression,
 * of other targets); a pair gets rows only when they can raise the loss bound ({@code D_{y_i} + D_{y_k} < 2 margin},
 * one score: {@code D < 2 margin}, regression: {@code D < |t_i - t_k|}), and a row only when it is tighter than what
 * the output bounds imply.
 */
final class LipschitzCuts {
  /** What was added: pairs with rows, the rows, and why none were when that is so. */
  record Stats(int pairs, int rows, String note) {}

  /** Feature differences the nearest-pair search may compute (n^2 x features): a few seconds at most. */
  static final long MAX_PAIR_WORK = 2_000_000_000L;

  private LipschitzCuts() {}

  static Stats add(Model model, TrainingData data, List<EncodedLayer> layers, double margin, int neighbours) {
    return add(model, data, layers, margin, neighbours, false);
  }

  /**
   * The cuts, and with {@code structural} also the structure-aware rows {@code |o_ac - o_bc| <= sum_j D_j s (q+_cj +
   * q-_cj)} when the output layer has grid weights {@code v = s (q+ - q-)}: {@code o_ac - o_bc = sum_j v_cj (h_aj -
   * h_bj)} (the bias cancels) and {@code |v_cj| = s (q+_cj + q-_cj)}, so a pair of samples can only be told apart
   * through output weights that are nonzero, which the L0 and neuron penalties price. They bind in the LP where the
   * structure is priced (a relaxation that sets output weights to 0 gains nothing from them otherwise).
   */
  static Stats add(Model model, TrainingData data, List<EncodedLayer> layers, double margin, int neighbours,
      boolean structural) {
    if (neighbours == 0) {
      return new Stats(0, 0, "off");
    }
    List<NetworkLayer> magnitudes = new ArrayList<>();
    for (EncodedLayer layer : layers) {
      NetworkLayer m = layer.magnitude();
      if (m == null) {
        return new Stats(0, 0, "not available: layer " + layer.layer + " has no Lipschitz bound (gates)");
      }
      magnitudes.add(m);
    }
    double[][] x = data.rows();
    int n = data.samples();
    if ((long) n * n * data.features() > MAX_PAIR_WORK) {
      return new Stats(0, 0, "skipped: the nearest-pair search over " + n + " samples x " + data.features()
          + " features is too large (--lipschitz-cuts 0 silences this)");
    }
    int[] y = data.y();
    double[] t = data.targets();
    Set<Long> seen = new HashSet<>();
    int pairs = 0;
    int rows = 0;
    for (int i = 0; i < n; i++) {
      for (int k : nearest(x, y, t, i, n, neighbours)) {
        int a = Math.min(i, k);
        int b = Math.max(i, k);
        if (!seen.add((long) a * n + b)) {
          continue;
        }
        double[] d = outputDistances(x[a], x[b], a, b, layers, magnitudes);
        int added = addRows(model, data, layers.get(layers.size() - 1).output.signals(), d, a, b, margin);
        if (structural) {
          added += addStructuralRows(model, data, layers, magnitudes, x, a, b);
        }
        rows += added;
        pairs += added > 0 ? 1 : 0;
      }
    }
    return new Stats(pairs, rows, pairs == 0
        ? "no pair of nearby samples of different classes is closer than the margin allows, so no cut would bind"
        : "");
  }

  /** The {@code count} samples nearest to i (L1) among those of another class (another target), nearest first. */
  private static int[] nearest(double[][] x, int[] y, double[] t, int i, int n, int count) {
    List<double[]> candidates = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      boolean differs = t != null ? t[k] != t[i] : y[k] != y[i];
      if (k != i && differs) {
        double dist = 0;
        for (int f = 0; f < x[i].length; f++) {
          dist += Math.abs(x[i][f] - x[k][f]);
        }
        candidates.add(new double[] {dist, k});
      }
    }
    candidates.sort((p, q) -> Double.compare(p[0], q[0]));
    int m = Math.min(count, candidates.size());
    int[] out = new int[m];
    for (int c = 0; c < m; c++) {
      out[c] = (int) candidates.get(c)[1];
    }
    return out;
  }

  /** Bounds on {@code |o_ac - o_bc|} for every output c, layer by layer. */
  static double[] outputDistances(double[] xa, double[] xb, int a, int b, List<EncodedLayer> layers,
      List<NetworkLayer> magnitudes) {
    double[] d = new double[xa.length];
    for (int f = 0; f < d.length; f++) {
      d[f] = Math.abs(xa[f] - xb[f]);
    }
    for (int l = 0; l < layers.size(); l++) {
      EncodedLayer layer = layers.get(l);
      double[] pre = magnitudes.get(l).preActivations(d);
      double lip = layer.activationLipschitz();
      Signal[][] out = layer.output.signals();
      d = new double[pre.length];
      for (int j = 0; j < pre.length; j++) {
        Interval ia = out[a][j].bounds();
        Interval ib = out[b][j].bounds();
        double cap = Math.max(ia.hi(), ib.hi()) - Math.min(ia.lo(), ib.lo());
        double through = Double.isInfinite(lip) ? Double.POSITIVE_INFINITY : lip * pre[j];
        d[j] = Math.min(through, cap);
      }
    }
    return d;
  }

  /** The structure-aware rows of pair (a, b) (see {@link #add}); none unless the output layer has grid weights. */
  private static int addStructuralRows(Model model, TrainingData data, List<EncodedLayer> layers,
      List<NetworkLayer> magnitudes, double[][] x, int a, int b) {
    EncodedLayer last = layers.get(layers.size() - 1);
    io.milpnet.formulation.layer.dense.EncodedDenseLayer out = last.asDense().orElse(null);
    if (out == null || !out.weights().isGrid()) {
      return 0;
    }
    double[] d = outputDistances(x[a], x[b], a, b, layers.subList(0, layers.size() - 1),
        magnitudes.subList(0, magnitudes.size() - 1));
    double scale = out.weights().maxAbs();
    List<Integer> outputs = data.targets() != null || data.outputKind() == OutputKind.BINARY_SCORE
        ? List.of(0) : List.of(data.y()[a], data.y()[b]);
    Signal[][] o = last.output.signals();
    int rows = 0;
    for (int c : outputs) {
      LinearExpr.Builder up = LinearExpr.builder().add(o[a][c].expr()).add(-1.0, o[b][c].expr());
      LinearExpr.Builder dn = LinearExpr.builder().add(o[a][c].expr()).add(-1.0, o[b][c].expr());
      for (int j = 0; j < d.length; j++) {
        double coef = scale * d[j];
        if (coef > 0) {
          up.add(-coef, out.level(c, j, true)).add(-coef, out.level(c, j, false));
          dn.add(coef, out.level(c, j, true)).add(coef, out.level(c, j, false));
        }
      }
      String name = "[s" + a + ",s" + b + ",o" + c + "]";
      model.addLessOrEqual("lip_sup" + name, up.build(), 0.0);
      model.addGreaterOrEqual("lip_sdn" + name, dn.build(), 0.0);
      rows += 2;
    }
    return rows;
  }

  private static int addRows(Model model, TrainingData data, Signal[][] o, double[] d, int a, int b, double margin) {
    double[] t = data.targets();
    int[] y = data.y();
    List<Integer> outputs = new ArrayList<>();
    if (t != null) {
      if (d[0] < Math.abs(t[a] - t[b])) {
        outputs.add(0);
      }
    } else if (data.outputKind() == OutputKind.BINARY_SCORE) {
      if (d[0] < 2 * margin) {
        outputs.add(0);
      }
    } else if (d[y[a]] + d[y[b]] < 2 * margin) {
      outputs.add(y[a]);
      outputs.add(y[b]);
    }
    int rows = 0;
    for (int c : outputs) {
      Interval ia = o[a][c].bounds();
      Interval ib = o[b][c].bounds();
      LinearExpr diff = o[a][c].expr().plus(o[b][c].expr().times(-1.0));
      String name = "[s" + a + ",s" + b + ",o" + c + "]";
      if (d[c] < ia.hi() - ib.lo()) {
        model.addLessOrEqual("lip_up" + name, diff, d[c]);
        rows++;
      }
      if (d[c] < ib.hi() - ia.lo()) {
        model.addGreaterOrEqual("lip_dn" + name, diff, -d[c]);
        rows++;
      }
    }
    return rows;
  }
}
