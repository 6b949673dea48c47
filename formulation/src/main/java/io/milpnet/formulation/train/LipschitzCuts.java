package io.milpnet.formulation.train;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;
import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.layer.dense.EncodedDenseLayer;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.OutputKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

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
  record Stats(int pairs, int rows, String note, Var[][] scores, int structureRows, List<Defined> sums) {
    Stats(int pairs, int rows, String note) {
      this(pairs, rows, note, null, 0, List.of());
    }
  }

  /** A variable the rows introduce as a name for a sum of other variables ({@code var = expr}), for start values. */
  record Defined(Var var, LinearExpr expr) {}

  /** Feature differences the nearest-pair search may compute (n^2 x features): a few seconds at most. */
  static final long MAX_PAIR_WORK = 2_000_000_000L;

  /**
   * Structure rows go to each sample's nearest samples of other classes only: on the README's sparse Iris the nearest
   * one gives an LP bound of 0.4306 with 208 rows, the nearest 8 0.4351 with 1336 rows (and SCIP then explores a
   * tenth of the nodes).
   */
  static final int STRUCTURE_NEIGHBOURS = 1;

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
    Set<Long> seenStructural = new HashSet<>();
    // Each output a structure row reads becomes one variable (o = its expression), so that the rows of its pairs
    // repeat two variables instead of the whole expression (on the README's sparse Iris: 34k nonzeros without).
    Var[][] scores = new Var[n][];
    // Per input m, sigma_m = sum_j s_jm (first-layer L0 indicators), created on first use: the rows through the first
    // layer read one variable per input instead of one per weight (on MNIST dense:64, 20 rows: 0.9M nonzeros fewer).
    List<Defined> sums = new ArrayList<>();
    Set<Long> withRows = new HashSet<>();
    int rows = 0;
    int structureRows = 0;
    for (int i = 0; i < n; i++) {
      int[] near = nearest(x, y, t, i, n, neighbours);
      for (int r = 0; r < near.length; r++) {
        int a = Math.min(i, near[r]);
        int b = Math.max(i, near[r]);
        long key = (long) a * n + b;
        int added = 0;
        if (seen.add(key)) {
          double[] d = outputDistances(x[a], x[b], a, b, layers, magnitudes);
          added += addRows(model, data, layers.get(layers.size() - 1).output.signals(), d, a, b, margin);
        }
        if (structural && r < STRUCTURE_NEIGHBOURS && seenStructural.add(key)) {
          int s = addStructuralRows(model, data, layers, magnitudes, x, a, b, scores, sums);
          added += s;
          structureRows += s;
        }
        rows += added;
        if (added > 0) {
          withRows.add(key);
        }
      }
    }
    int pairs = withRows.size();
    return new Stats(pairs, rows, pairs == 0
        ? "no pair of nearby samples of different classes is closer than the margin allows, so no cut would bind"
        : "", scores, structureRows, sums);
  }

  /** The {@code count} samples nearest to i (L1) among those of another class (another target), nearest first. */
  static int[] nearest(double[][] x, int[] y, double[] t, int i, int n, int count) {
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

  /**
   * Bounds on {@code |o_ac - o_bc|} for every output c, layer by layer, each unit's capped by the two samples' interval
   * bounds ({@code a}, {@code b}: their indices in the layers' signals; -1: rows the layers do not hold, no caps).
   */
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
        double through = Double.isInfinite(lip) ? Double.POSITIVE_INFINITY : lip * pre[j];
        if (a < 0) {
          d[j] = through;
          continue;
        }
        Interval ia = out[a][j].bounds();
        Interval ib = out[b][j].bounds();
        double cap = Math.max(ia.hi(), ib.hi()) - Math.min(ia.lo(), ib.lo());
        d[j] = Math.min(through, cap);
      }
    }
    return d;
  }

  /**
   * The structure-aware rows of pair (a, b) (see {@link #add}); none unless the output layer has grid weights. Each
   * term {@code v_cj (h_aj - h_bj)} of {@code o_ac - o_bc} is bounded by {@code s D_j (q+_cj + q-_cj)} (its output
   * weight) and, with one hidden ReLU layer fed by data whose weights have L0 indicators, also by {@code s Omega
   * sum_m |x_am - x_bm| s_jm} (its first-layer weights: {@code |h_aj - h_bj| <= |sum_m w_jm (x_am - x_bm)|}); every
   * choice of one bound per unit gives a valid row; the rows take the two uniform choices.
   */
  private static int addStructuralRows(Model model, TrainingData data, List<EncodedLayer> layers,
      List<NetworkLayer> magnitudes, double[][] x, int a, int b, Var[][] scores, List<Defined> sums) {
    EncodedLayer last = layers.get(layers.size() - 1);
    EncodedDenseLayer out = last.asDense().orElse(null);
    if (out == null || !out.weights().isGrid()) {
      return 0;
    }
    double[] d = outputDistances(x[a], x[b], a, b, layers.subList(0, layers.size() - 1),
        magnitudes.subList(0, magnitudes.size() - 1));
    double scale = out.weights().maxAbs();
    EncodedDenseLayer first = firstLayerWithL0(layers);
    Signal[][] o = last.output.signals();
    List<Integer> choices = new ArrayList<>();
    choices.add(0);
    if (first != null) {
      // Mixed choices (some units through their output weight, others through their first-layer weights) are valid
      // too, but on the README's sparse Iris (3 units, 8 choices) they left the LP bound at 0.435: not worth 4x the rows.
      choices.add(-1);
    }
    int rows = 0;
    for (int c : pairOutputs(data, a, b)) {
      LinearExpr diff = LinearExpr.builder().add(score(model, o, scores, a, c, "output"))
          .add(-1.0, score(model, o, scores, b, c, "output")).build();
      for (int mask : choices) {
        // Every unit's term bounded through its output weight (mask 0), or through its first-layer L0 indicators
        // (mask -1): sum_j sum_m coef_m s_jm = sum_m coef_m sigma_m, the coefficient being the same for every unit.
        LinearExpr bound;
        if (mask == -1) {
          if (sums.isEmpty()) {
            sums.addAll(inputSums(model, first, x[a].length, p -> first.weights().l0(p), "sigma", "weight-count"));
          }
          bound = throughInputs(sums, x[a], x[b], scale * first.weights().maxAbs());
        } else {
          bound = throughOutputWeights(out, c, d, scale);
        }
        within(model, diff, bound, "lip_sup", "lip_sdn", "[s" + a + ",s" + b + ",o" + c + ",b" + mask + "]");
        rows += 2;
      }
    }
    return rows;
  }

  /**
   * The outputs whose difference tells samples a and b apart: the single score (regression, a binary score), else the
   * scores of their two classes.
   */
  static List<Integer> pairOutputs(TrainingData data, int a, int b) {
    return data.targets() != null || data.outputKind() == OutputKind.BINARY_SCORE
        ? List.of(0) : List.of(data.y()[a], data.y()[b]);
  }

  /**
   * For every input m of the first layer, one variable ({@code name[xm]}) equal to the sum over its units j of {@code
   * ofParam(param(j, m))} (its L0 indicators: {@code sigma_m = sum_j s_jm}; its L1 variables: {@code tau_m = sum_j
   * t_jm}), tied by an equality row; its upper bound is the sum of theirs.
   */
  static List<Defined> inputSums(Model model, EncodedDenseLayer first, int inputs, IntFunction<Var> ofParam,
      String name, String group) {
    List<Defined> sums = new ArrayList<>();
    for (int m = 0; m < inputs; m++) {
      LinearExpr.Builder sum = LinearExpr.builder();
      double hi = 0;
      for (int j = 0; j < first.units; j++) {
        Var v = ofParam.apply(first.param(j, m));
        sum.add(v);
        hi += model.upperBound(v.index());
      }
      LinearExpr expr = sum.build();
      Var total = model.addContinuous(0.0, hi, name + "[x" + m + "]", group);
      model.addEquality(name + "_def[x" + m + "]", expr.plus(LinearExpr.term(-1.0, total)), 0.0);
      sums.add(new Defined(total, expr));
    }
    return sums;
  }

  /** {@code sum_j scale d_j (q+_cj + q-_cj)}: each unit's term of output c bounded through its grid output weight. */
  static LinearExpr throughOutputWeights(EncodedDenseLayer out, int c, double[] d, double scale) {
    LinearExpr.Builder bound = LinearExpr.builder();
    for (int j = 0; j < d.length; j++) {
      if (scale * d[j] > 0) {
        bound.add(scale * d[j], out.level(c, j, true)).add(scale * d[j], out.level(c, j, false));
      }
    }
    return bound.build();
  }

  /** {@code sum_m factor |x_am - x_bm| sums_m}: the units' terms bounded through the first layer's weights. */
  static LinearExpr throughInputs(List<Defined> sums, double[] xa, double[] xb, double factor) {
    LinearExpr.Builder bound = LinearExpr.builder();
    for (int m = 0; m < sums.size(); m++) {
      double coef = factor * Math.abs(xa[m] - xb[m]);
      if (coef > 0) {
        bound.add(coef, sums.get(m).var());
      }
    }
    return bound.build();
  }

  /** {@code -bound <= diff <= bound} as two rows, {@code up + name} and {@code dn + name}. */
  static void within(Model model, LinearExpr diff, LinearExpr bound, String up, String dn, String name) {
    model.addLessOrEqual(up + name, diff.plus(bound.times(-1.0)), 0.0);
    model.addGreaterOrEqual(dn + name, diff.plus(bound), 0.0);
  }

  /** Output c of sample i as a variable tied to its expression (created on first use). */
  static Var score(Model model, Signal[][] o, Var[][] scores, int i, int c, String group) {
    if (scores[i] == null) {
      scores[i] = new Var[o[i].length];
    }
    if (scores[i][c] == null) {
      Interval b = o[i][c].bounds();
      scores[i][c] = model.addContinuous(b.lo(), b.hi(), "o[s" + i + ",o" + c + "]", group);
      model.addEquality("oval[s" + i + ",o" + c + "]", o[i][c].expr().plus(LinearExpr.term(-1.0, scores[i][c])), 0.0);
    }
    return scores[i][c];
  }

  /** The first layer when the network is one hidden ReLU-like layer fed by data with L0-indicated weights, else null. */
  private static EncodedDenseLayer firstLayerWithL0(List<EncodedLayer> layers) {
    EncodedDenseLayer dense = firstDenseLayer(layers);
    return dense == null || dense.weights().l0(0) == null ? null : dense;
  }

  /**
   * The first layer when the network is one hidden 1-Lipschitz layer with continuous weights fed by data (so that
   * {@code |h_aj - h_bj| <= sum_m |w_jm| |x_am - x_bm|}), else null.
   */
  static EncodedDenseLayer firstDenseLayer(List<EncodedLayer> layers) {
    if (layers.size() != 2) {
      return null;
    }
    EncodedLayer first = layers.get(0);
    EncodedDenseLayer dense = first.asDense().orElse(null);
    if (dense == null || dense.weights().isGrid() || first.activationLipschitz() > 1.0) {
      return null;
    }
    return dense;
  }

  static int addRows(Model model, TrainingData data, Signal[][] o, double[] d, int a, int b, double margin) {
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
