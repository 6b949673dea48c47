package io.milpnet.benchmarks;

import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.data.MinMaxScaler;
import io.milpnet.formulation.layer.conv.ConvLayer;
import io.milpnet.formulation.layer.dense.DenseLayer;
import io.milpnet.formulation.layer.pool.PoolLayer;
import io.milpnet.formulation.layer.pool.PoolSpec;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.OutputKind;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.spec.Shape;
import io.milpnet.formulation.verify.FixedNetwork;
import java.util.ArrayList;
import java.util.Arrays;
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

  /** A classifier of {@code inputs} features: {@code depth} ReLU layers of {@code width} units, argmax output. */
  static TrainedNetwork dense(int inputs, int width, int depth, int classes, long seed) {
    Random r = new Random(seed);
    List<NetworkLayer> layers = new ArrayList<>();
    int fanIn = inputs;
    for (int l = 0; l < depth; l++) {
      layers.add(dense(width, fanIn, Activation.RELU, r));
      fanIn = width;
    }
    layers.add(dense(classes, fanIn, Activation.LINEAR, r));
    return classifier(inputs, layers, classes);
  }

  /**
   * An image classifier: a 3x3 ReLU convolution with {@code filters} filters, 2x2 max pooling, a dense ReLU layer of
   * {@code hidden} units and an argmax output.
   */
  static TrainedNetwork conv(Shape input, int filters, int hidden, int classes, long seed) {
    Random r = new Random(seed);
    int k = 3;
    double[][][][] kernels = new double[filters][input.channels()][k][k];
    double scale = 1.0 / Math.sqrt(input.channels() * k * k);
    for (double[][][] kernel : kernels) {
      for (double[][] plane : kernel) {
        for (double[] row : plane) {
          fill(row, scale, r);
        }
      }
    }
    ConvLayer conv = new ConvLayer(input, 1, kernels, biases(filters, r), Activation.RELU, "random");
    PoolLayer pool = new PoolLayer(PoolSpec.Kind.MAX, conv.outputShape(), 2);
    DenseLayer dense = dense(hidden, pool.units(), Activation.RELU, r);
    DenseLayer out = dense(classes, hidden, Activation.LINEAR, r);
    return classifier(input.size(), List.of(conv, pool, dense, out), classes);
  }

  /** {@code count} inputs uniform in [0, 1] (the scaled input range). */
  static double[][] inputs(int count, int width, long seed) {
    Random r = new Random(seed);
    double[][] x = new double[count][width];
    for (double[] row : x) {
      for (int k = 0; k < width; k++) {
        row[k] = r.nextDouble();
      }
    }
    return x;
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

  private static TrainedNetwork classifier(int inputs, List<NetworkLayer> layers, int classes) {
    List<String> names = new ArrayList<>();
    for (int k = 0; k < inputs; k++) {
      names.add("x" + k);
    }
    double[] min = new double[inputs];
    double[] max = new double[inputs];
    Arrays.fill(max, 1.0);
    int[] labels = new int[classes];
    Arrays.setAll(labels, c -> c);
    return new TrainedNetwork(names, new MinMaxScaler(min, max), layers, OutputKind.ARGMAX, labels);
  }
}
