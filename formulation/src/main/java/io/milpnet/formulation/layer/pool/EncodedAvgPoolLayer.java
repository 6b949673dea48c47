package io.milpnet.formulation.layer.pool;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.spec.Shape;
import io.milpnet.formulation.train.EncodedLayer;
import io.milpnet.formulation.train.LayerAssembly;
import io.milpnet.formulation.train.LayerSignals;

/** Average pooling in the training MILP: linear, the mean of the window's signals. */
public final class EncodedAvgPoolLayer extends EncodedPoolLayer {
  EncodedAvgPoolLayer(int layer, PoolSpec spec, Shape in, int samples) {
    super(layer, spec, in, samples);
  }

  /** The average pooling layer of {@code spec}, encoded: the mean of each window. */
  static EncodedLayer build(LayerSpec spec, int number, Shape in, boolean hidden, LayerSignals signals,
      LayerAssembly a) {
    return build(new EncodedAvgPoolLayer(number, (PoolSpec) spec, in, signals.samples()), number, signals, a);
  }

  @Override
  Signal pool(Model model, Signal[] v, int[] window, int i, int j, boolean indicators, boolean tight) {
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

  @Override
  String exactness() {
    return "exact: the mean of each window is linear";
  }
}
