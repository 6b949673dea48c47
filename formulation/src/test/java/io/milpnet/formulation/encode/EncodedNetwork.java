package io.milpnet.formulation.encode;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.bounds.IntervalBounds;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;
import io.milpnet.formulation.network.DenseLayer;
import io.milpnet.formulation.spec.Activation;
import io.milpnet.formulation.verify.FixedNetwork;
import io.milpnet.formulation.verify.SymbolicBounds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A fixed network encoded over an input box with a given ReLU formulation, as the verifier encodes it (layer by
 * layer, big-M constants from interval bounds over the model's variables, optionally intersected with the symbolic
 * bounds, which do not depend on the formulation): the fixture of the formulation tests.
 */
final class EncodedNetwork {
  final Model model;
  final Var[] inputs;
  /** Per layer and unit: the pre-activation expression and, for ReLU layers, the encoded unit. */
  final List<LinearExpr[]> pre = new ArrayList<>();
  final List<ReluOutput[]> relu = new ArrayList<>();
  final LinearExpr[] outputs;
  int unstable;

  EncodedNetwork(FixedNetwork network, double[] lo, double[] hi, ReluFormulation formulation, boolean symbolic) {
    model = new Model("net");
    inputs = new Var[lo.length];
    LinearExpr[] signals = new LinearExpr[lo.length];
    for (int i = 0; i < lo.length; i++) {
      inputs[i] = model.addContinuous(lo[i], hi[i], "X_" + i, "input");
      signals[i] = LinearExpr.of(inputs[i]);
    }
    SymbolicBounds sym = symbolic ? SymbolicBounds.over(network, lo, hi) : null;
    for (int l = 0; l < network.layers().size(); l++) {
      DenseLayer layer = (DenseLayer) network.layers().get(l);
      IntervalBounds intervals = IntervalBounds.of(model);
      LinearExpr[] pres = new LinearExpr[layer.units()];
      ReluOutput[] outs = new ReluOutput[layer.units()];
      LinearExpr[] next = new LinearExpr[layer.units()];
      for (int j = 0; j < layer.units(); j++) {
        LinearExpr.Builder a = LinearExpr.builder().addConstant(layer.bias()[j]);
        for (int k = 0; k < layer.inputs(); k++) {
          a.add(layer.weights()[j][k], signals[k]);
        }
        pres[j] = a.build();
        Interval range = intervals.range(pres[j]);
        if (sym != null) {
          Interval s = sym.preActivation(l, j);
          range = new Interval(Math.max(range.lo(), s.lo()), Math.min(range.hi(), s.hi()));
        }
        if (layer.activation() == Activation.RELU) {
          outs[j] = formulation.encode(model, pres[j], range, "[l" + l + ",u" + j + "]");
          unstable += outs[j].phase() != null ? 1 : 0;
          next[j] = outs[j].output().expr();
        } else {
          next[j] = pres[j];
        }
      }
      pre.add(pres);
      relu.add(outs);
      signals = next;
    }
    outputs = signals;
  }

  /**
   * The full assignment of the forward pass at {@code x}: inputs, then every unstable unit's z (1 when a > 0), h and
   * the formulation's copies ({@link ReluOutput#completeStart}, skipped when {@code complete} is false).
   */
  double[] startValues(double[] x, boolean complete) {
    double[] values = new double[model.numVars()];
    Arrays.fill(values, Double.NaN);
    for (int i = 0; i < x.length; i++) {
      values[inputs[i].index()] = x[i];
    }
    for (int l = 0; l < pre.size(); l++) {
      for (int j = 0; j < pre.get(l).length; j++) {
        ReluOutput out = relu.get(l)[j];
        if (out == null || out.phase() == null) {
          continue;
        }
        double a = pre.get(l)[j].evaluate(values);
        values[out.phase().index()] = a > 0 ? 1 : 0;
        values[out.value().index()] = Math.max(0.0, a);
        if (complete) {
          out.completeStart(values);
        }
      }
    }
    for (int v = 0; v < values.length; v++) {
      if (Double.isNaN(values[v])) {
        values[v] = 0.0;
      }
    }
    return values;
  }

  /** A random dense ReLU network: weights uniform in [-1, 1], biases in [-0.5, 0.5], a linear output layer. */
  static FixedNetwork randomNetwork(Random random, int inputs, int... widths) {
    List<DenseLayer> layers = new ArrayList<>();
    int in = inputs;
    for (int l = 0; l < widths.length; l++) {
      double[][] w = new double[widths[l]][in];
      double[] b = new double[widths[l]];
      for (int j = 0; j < widths[l]; j++) {
        for (int k = 0; k < in; k++) {
          w[j][k] = 2 * random.nextDouble() - 1;
        }
        b[j] = random.nextDouble() - 0.5;
      }
      layers.add(new DenseLayer(w, b, l == widths.length - 1 ? Activation.LINEAR : Activation.RELU, ""));
      in = widths[l];
    }
    return new FixedNetwork(layers);
  }
}
