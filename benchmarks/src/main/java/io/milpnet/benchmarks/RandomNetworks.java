package io.milpnet.benchmarks;

import io.milpnet.formulation.network.DenseLayer;
import io.milpnet.formulation.spec.Activation;
import io.milpnet.formulation.verify.FixedNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random networks of a given size. Weights are uniform in {@code +-1/sqrt(fan-in)} and biases in
 * {@code +-0.1}, so activations keep their scale through the layers and about half the ReLUs are active: the same
 * work per unit as a trained network, without reading any file.
 */
final class RandomNetworks {
  private RandomNetworks() {}

  /** A verification network: {@code depth} ReLU layers of {@code width} units, then a linear output layer. */
  static FixedNetwork fixed(int inputs, int width, int depth, int outputs, long seed) {
    Random r = new Random(seed);
    List<DenseLayer> layers = new ArrayList<>();
    int fanIn = inputs;
    for (int l = 0; l < depth; l++) {
      layers.add(dense(width, fanIn, Activation.RELU, r));
      fanIn = width;
    }
    layers.add(dense(outputs, fanIn, Activation.LINEAR, r));
    return new FixedNetwork(layers);
  }

  private static DenseLayer dense(int units, int fanIn, Activation activation, Random r) {
    double[][] w = new double[units][fanIn];
    double scale = 1.0 / Math.sqrt(fanIn);
    for (double[] row : w) {
      fill(row, scale, r);
    }
    return new DenseLayer(w, biases(units, r), activation, "random");
  }

  private static double[] biases(int units, Random r) {
    double[] b = new double[units];
    fill(b, 0.1, r);
    return b;
  }

  private static void fill(double[] values, double scale, Random r) {
    for (int i = 0; i < values.length; i++) {
      values[i] = (2 * r.nextDouble() - 1) * scale;
    }
  }
}
