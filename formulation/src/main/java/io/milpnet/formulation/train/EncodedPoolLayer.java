package io.milpnet.formulation.train;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;
import io.milpnet.formulation.encode.MaxFormulation;
import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.PoolLayer;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.spec.PoolSpec;
import io.milpnet.formulation.spec.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Pooling in the training MILP. Average pooling is linear: the mean of the window's signals. Max pooling is
 * {@link MaxFormulation}, the formulation verification uses too: one binary per candidate that can be the maximum,
 * big-M rows from the candidates' bounds, or the tight rows after Anderson et al. ({@code --maxpool tight}).
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
    MaxFormulation.MaxOutput out = new MaxFormulation(indicators, tight).encode(model, v,
        "l" + layer + ",s" + i + ",u" + j);
    kept[i][j] = java.util.Arrays.stream(out.kept()).map(m -> window[m]).toArray();
    value[i][j] = out.value();
    choice[i][j] = out.choice();
    return out.output();
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
