package io.milpnet.formulation.layer.pool;

import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;
import io.milpnet.formulation.encode.MaxFormulation;
import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.spec.Shape;
import io.milpnet.formulation.train.EncodedLayer;
import io.milpnet.formulation.train.LayerAssembly;
import io.milpnet.formulation.train.LayerSignals;
import java.util.ArrayList;
import java.util.List;

/**
 * Max pooling in the training MILP: {@link MaxFormulation}, the formulation verification uses too: one binary per
 * candidate that can be the maximum, big-M rows from the candidates' bounds, or the tight rows after Anderson et al.
 * ({@code --maxpool tight}).
 */
public final class EncodedMaxPoolLayer extends EncodedPoolLayer {
  /** The kept candidates (flat input indices) and their binaries per sample and unit. */
  int[][][] kept;
  Var[][][] choice;
  Var[][] value;

  public EncodedMaxPoolLayer(int layer, PoolSpec spec, Shape in, int samples) {
    super(layer, spec, in, samples);
  }

  /** The max pooling layer of {@code spec}, encoded: the maximum by one binary per window candidate. */
  static EncodedLayer build(LayerSpec spec, int number, Shape in, boolean hidden, LayerSignals signals,
      LayerAssembly a) {
    return build(new EncodedMaxPoolLayer(number, (PoolSpec) spec, in, signals.samples()), number, signals, a);
  }

  @Override
  void encode(Model model, LayerSignals input, boolean indicators, boolean tight) {
    kept = new int[samples][units][];
    choice = new Var[samples][units][];
    value = new Var[samples][units];
    super.encode(model, input, indicators, tight);
  }

  @Override
  Signal pool(Model model, Signal[] v, int[] window, int i, int j, boolean indicators, boolean tight) {
    MaxFormulation.MaxOutput out = new MaxFormulation(indicators, tight).encode(model, v,
        "l" + layer + ",s" + i + ",u" + j);
    kept[i][j] = java.util.Arrays.stream(out.kept()).map(m -> window[m]).toArray();
    value[i][j] = out.value();
    choice[i][j] = out.choice();
    return out.output();
  }

  @Override
  String exactness() {
    return "exact: the maximum by one binary per window candidate, constants from the candidates' bounds";
  }

  @Override
  protected List<Var> sampleBinaries(int i) {
    List<Var> out = new ArrayList<>();
    for (int j = 0; choice != null && j < units; j++) {
      if (choice[i][j] != null) {
        out.addAll(List.of(choice[i][j]));
      }
    }
    return out;
  }

  @Override
  void assignSample(double[] values, int i, double[] in, double[] out) {
    for (int j = 0; value != null && j < units; j++) {
      if (value[i][j] == null) {
        continue;
      }
      values[value[i][j].index()] = out[j];
      int best = 0;
      for (int c = 1; c < kept[i][j].length; c++) {
        if (in[kept[i][j][c]] > in[kept[i][j][best]]) {
          best = c;
        }
      }
      for (int c = 0; c < kept[i][j].length; c++) {
        values[choice[i][j][c].index()] = c == best ? 1 : 0;
      }
    }
  }
}
