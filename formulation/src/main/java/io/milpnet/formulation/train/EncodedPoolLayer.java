package io.milpnet.formulation.train;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;
import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.PoolLayer;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.spec.PoolSpec;
import io.milpnet.formulation.spec.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Pooling in the training MILP. Average pooling is linear: the mean of the window's signals. Max pooling
 * {@code y = max(v_1..v_m)} with {@code v_k in [L_k, U_k]}: candidates with {@code U_k < max_l L_l} can never be the
 * maximum and are dropped; one left is the output itself; otherwise one binary d_k per candidate with
 *
 * <pre>
 *   sum_k d_k = 1,   y >= v_k,   y <= v_k + (U - L_k)(1 - d_k),   U = max_k U_k
 * </pre>
 *
 * (or {@code d_k = 1 => y <= v_k} as an indicator). d_k = 1 gives y = v_k >= every other candidate, so y is exactly
 * the maximum; with d_k = 0 the row is slack because y <= U and v_k >= L_k. The constants are the bounds, nothing else.
 *
 * <p>The tight variant ({@code --maxpool tight}, after Anderson et al., Math. Programming 2020) gives each other
 * candidate its own constant, {@code y <= v_k + sum_{l != k} max(0, U_l - L_k) d_l}, and adds
 * {@code y <= sum_k U_k d_k}: coefficient by coefficient no larger than the big-M's {@code U - L_k}, so its LP
 * relaxation is never weaker, and still exact (d_l = 1 makes y = v_l <= U_l). Linear rows in either encoding.
 */
final class EncodedPoolLayer extends EncodedLayer {
  final PoolSpec spec;
  final PoolLayer shape;
  /** Max pooling: the kept candidates (flat input indices) and their binaries per sample and unit. */
  int[][][] kept;
  Var[][][] choice;
  Var[][] value;

  EncodedPoolLayer(int layer, PoolSpec spec, Shape in, int samples) {
    super(layer, true, new PoolLayer(spec.kind(), in, spec.size()).units(), in.size(), samples);
    this.spec = spec;
    this.shape = new PoolLayer(spec.kind(), in, spec.size());
  }

  /**
   * @param tight max pooling with per-candidate constants (see {@link #max}) instead of one big-M per candidate
   */
  void encode(Model model, LayerSignals input, boolean indicators, boolean tight) {
    pre = new Signal[samples][units];
    if (spec.kind() == PoolSpec.Kind.MAX) {
      kept = new int[samples][units][];
      choice = new Var[samples][units][];
      value = new Var[samples][units];
    }
    for (int i = 0; i < samples; i++) {
      for (int j = 0; j < units; j++) {
        int[] window = shape.window(j);
        Signal[] v = new Signal[window.length];
        for (int m = 0; m < window.length; m++) {
          v[m] = input.signals()[i][window[m]];
        }
        pre[i][j] = spec.kind() == PoolSpec.Kind.AVG ? average(v) : max(model, v, window, i, j, indicators, tight);
      }
    }
    output = new LayerSignals(pre, null);
  }

  private static Signal average(Signal[] v) {
    LinearExpr.Builder sum = LinearExpr.builder();
    double lo = 0;
    double hi = 0;
    for (Signal s : v) {
      sum.add(s.expr());
      lo += s.bounds().lo();
      hi += s.bounds().hi();
    }
    double n = v.length;
    return new Signal(sum.build().times(1.0 / n), new Interval(lo / n, hi / n));
  }

  private Signal max(Model model, Signal[] v, int[] window, int i, int j, boolean indicators, boolean tight) {
    double maxLo = Double.NEGATIVE_INFINITY;
    double maxHi = Double.NEGATIVE_INFINITY;
    for (Signal s : v) {
      maxLo = Math.max(maxLo, s.bounds().lo());
      maxHi = Math.max(maxHi, s.bounds().hi());
    }
    if (maxHi <= maxLo) {
      kept[i][j] = new int[0];
      return Signal.constant(maxLo); // the bounds fix the maximum
    }
    List<Integer> candidates = new ArrayList<>();
    for (int m = 0; m < v.length; m++) {
      if (v[m].bounds().hi() >= maxLo) {
        candidates.add(m);
      }
    }
    kept[i][j] = candidates.stream().mapToInt(m -> window[m]).toArray();
    if (candidates.size() == 1) {
      return v[candidates.get(0)];
    }
    String n = "[l" + layer + ",s" + i + ",u" + j + "]";
    Var y = model.addContinuous(maxLo, maxHi, "y" + n, "maxpool-out");
    value[i][j] = y;
    choice[i][j] = new Var[candidates.size()];
    LinearExpr.Builder one = LinearExpr.builder();
    for (int c = 0; c < candidates.size(); c++) {
      String nc = "[l" + layer + ",s" + i + ",u" + j + ",c" + c + "]";
      choice[i][j][c] = model.addBinary("d" + nc, "maxpool-choice");
    }
    LinearExpr.Builder upper = LinearExpr.builder().add(y);
    for (int c = 0; c < candidates.size(); c++) {
      Signal s = v[candidates.get(c)];
      String nc = "[l" + layer + ",s" + i + ",u" + j + ",c" + c + "]";
      Var d = choice[i][j][c];
      one.add(d);
      LinearExpr yMinusV = LinearExpr.of(y).plus(s.expr().times(-1.0));
      model.addGreaterOrEqual("pool_ge" + nc, yMinusV, 0.0);
      if (tight) {
        // y <= v_k + sum_{l != k} max(0, U_l - L_k) d_l: when d_l = 1, y = v_l <= U_l <= v_k + (U_l - L_k).
        LinearExpr.Builder row = LinearExpr.builder().add(yMinusV);
        for (int l = 0; l < candidates.size(); l++) {
          double coef = Math.max(0.0, v[candidates.get(l)].bounds().hi() - s.bounds().lo());
          if (l != c && coef > 0) {
            row.add(-coef, choice[i][j][l]);
          }
        }
        model.addLessOrEqual("pool_sel" + nc, row.build(), 0.0);
        upper.add(-s.bounds().hi(), d);
      } else if (indicators) {
        model.addIndicator("pool_sel" + nc, d, true, yMinusV, Double.NEGATIVE_INFINITY, 0.0);
      } else {
        double m = maxHi - s.bounds().lo();
        // y - v_k + M d_k <= M
        model.addLessOrEqual("pool_sel" + nc, yMinusV.plus(LinearExpr.term(m, d)), m);
      }
    }
    model.addEquality("pool_one" + n, one.build(), 1.0);
    if (tight) {
      // y <= sum_k U_k d_k: the chosen candidate's own upper bound.
      model.addLessOrEqual("pool_ub" + n, upper.build(), 0.0);
    }
    return new Signal(LinearExpr.of(y), new Interval(maxLo, maxHi));
  }

  /** The pooling layer of {@code spec}, encoded: the mean, or the maximum by one binary per window candidate. */
  static EncodedLayer build(LayerSpec spec, int number, Shape in, boolean hidden, LayerSignals signals,
      LayerAssembly a) {
    PoolSpec pool = (PoolSpec) spec;
    EncodedPoolLayer layer = new EncodedPoolLayer(number, pool, in, signals.samples());
    layer.encode(a.model(), signals, a.indicators(), a.config().tightening().tightMaxPool());
    a.exactness().add(new LayerExactness(number, "none", "none", true, pool.kind() == PoolSpec.Kind.MAX
        ? "exact: the maximum by one binary per window candidate, constants from the candidates' bounds"
        : "exact: the mean of each window is linear"));
    return layer;
  }

  @Override
  NetworkLayer zeroLayer() {
    return shape;
  }

  @Override
  List<Var> sampleBinaries(int i) {
    List<Var> out = new ArrayList<>();
    for (int j = 0; choice != null && j < units; j++) {
      if (choice[i][j] != null) {
        out.addAll(List.of(choice[i][j]));
      }
    }
    return out;
  }

  @Override
  PoolLayer decode(double[] values) {
    return shape;
  }

  /** {@code |max(u) - max(v)| <= max |u - v|} and the mean of differences bounds the difference of means. */
  @Override
  PoolLayer magnitude() {
    return shape;
  }

  @Override
  double[][] assign(double[] values, NetworkLayer params, double[][] inputValues, boolean[] unitAlive,
      boolean[] inputAlive) {
    if (!shape.equals(params)) {
      throw new IllegalArgumentException("layer " + layer + " is not " + spec.token() + " on " + shape.inputShape());
    }
    double[][] out = new double[samples][];
    for (int i = 0; i < samples; i++) {
      out[i] = shape.preActivations(inputValues[i]);
      for (int j = 0; value != null && j < units; j++) {
        if (value[i][j] == null) {
          continue;
        }
        values[value[i][j].index()] = out[i][j];
        int best = 0;
        for (int c = 1; c < kept[i][j].length; c++) {
          if (inputValues[i][kept[i][j][c]] > inputValues[i][kept[i][j][best]]) {
            best = c;
          }
        }
        for (int c = 0; c < kept[i][j].length; c++) {
          values[choice[i][j][c].index()] = c == best ? 1 : 0;
        }
      }
    }
    return out;
  }
}
