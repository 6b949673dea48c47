package io.milpnet.formulation.layer.pool;

import io.milpnet.core.model.Model;
import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.spec.Shape;
import io.milpnet.formulation.train.EncodedLayer;
import io.milpnet.formulation.train.LayerAssembly;
import io.milpnet.formulation.train.LayerExactness;
import io.milpnet.formulation.train.LayerSignals;

/**
 * Pooling in the training MILP: each output unit's signal is its window's signals pooled, one subclass per pooling
 * function ({@link EncodedMaxPoolLayer}, {@link EncodedAvgPoolLayer}), bound by the kind's key in
 * {@link LayerAssembly}. Nothing is trained.
 */
public abstract class EncodedPoolLayer extends EncodedLayer {
  final PoolSpec spec;
  final PoolLayer shape;

  EncodedPoolLayer(int layer, PoolSpec spec, Shape in, int samples) {
    super(layer, true, new PoolLayer(spec.kind(), in, spec.size()).units(), in.size(), samples);
    this.spec = spec;
    this.shape = new PoolLayer(spec.kind(), in, spec.size());
  }

  /**
   * @param tight max pooling with per-candidate constants (see {@link EncodedMaxPoolLayer}) instead of one big-M per
   *     candidate
   */
  void encode(Model model, LayerSignals input, boolean indicators, boolean tight) {
    pre = new Signal[samples][units];
    for (int i = 0; i < samples; i++) {
      for (int j = 0; j < units; j++) {
        int[] window = shape.window(j);
        Signal[] v = new Signal[window.length];
        for (int m = 0; m < window.length; m++) {
          v[m] = input.signals()[i][window[m]];
        }
        pre[i][j] = pool(model, v, window, i, j, indicators, tight);
      }
    }
    output = new LayerSignals(pre, null);
  }

  /** The signal of sample i's output unit j from its window's signals {@code v} (flat input indices {@code window}). */
  abstract Signal pool(Model model, Signal[] v, int[] window, int i, int j, boolean indicators, boolean tight);

  /** How exact the encoding is, for the layer's {@link LayerExactness}. */
  abstract String exactness();

  /** Encodes {@code layer} on {@code signals} and records its exactness. */
  static EncodedLayer build(EncodedPoolLayer layer, int number, LayerSignals signals, LayerAssembly a) {
    layer.encode(a.model(), signals, a.indicators(), a.config().tightening().tightMaxPool());
    a.exactness().add(new LayerExactness(number, "none", "none", true, layer.exactness()));
    return layer;
  }

  @Override
  protected NetworkLayer zeroLayer() {
    return shape;
  }

  @Override
  protected PoolLayer decode(double[] values) {
    return shape;
  }

  /** {@code |max(u) - max(v)| <= max |u - v|} and the mean of differences bounds the difference of means. */
  @Override
  protected PoolLayer magnitude() {
    return shape;
  }

  @Override
  protected double[][] assign(double[] values, NetworkLayer params, double[][] inputValues, boolean[] unitAlive,
      boolean[] inputAlive) {
    if (!shape.equals(params)) {
      throw new IllegalArgumentException("layer " + layer + " is not " + spec.token() + " on " + shape.inputShape());
    }
    double[][] out = new double[samples][];
    for (int i = 0; i < samples; i++) {
      out[i] = shape.preActivations(inputValues[i]);
      assignSample(values, i, inputValues[i], out[i]);
    }
    return out;
  }

  /** Writes the values of sample i's auxiliary variables for its inputs {@code in} and pooled outputs {@code out}. */
  void assignSample(double[] values, int i, double[] in, double[] out) {}
}
