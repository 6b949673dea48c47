package io.milpnet.benchmarks;

import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.layer.dense.DenseSpec;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.train.Encoding;
import io.milpnet.formulation.train.TrainingConfig;
import io.milpnet.formulation.train.TrainingData;
import io.milpnet.formulation.train.TrainingFixtures;
import io.milpnet.formulation.train.TrainingProblem;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The training MILPs the benchmarks measure: seeded synthetic data ({@value #FEATURES} features, {@value #CLASSES}
 * classes, so the output layer has one score per class) and {@code layers} dense ReLU layers of {@code hidden} units,
 * with the default configuration (hinge loss, big-M unless told otherwise).
 */
final class TrainingModels {
  static final int FEATURES = 10;
  static final int CLASSES = 3;

  private TrainingModels() {}

  /** Uniform features (min-max scaled by the fixture) and labels, every class present; the same for the same seed. */
  static TrainingData data(int samples, long seed) {
    if (samples < CLASSES) {
      throw new IllegalArgumentException("samples must be at least " + CLASSES + " (one per class), got " + samples);
    }
    Random r = new Random(seed);
    double[][] x = new double[samples][FEATURES];
    int[] y = new int[samples];
    for (int i = 0; i < samples; i++) {
      for (int k = 0; k < FEATURES; k++) {
        x[i][k] = r.nextDouble();
      }
      y[i] = i < CLASSES ? i : r.nextInt(CLASSES);
    }
    return TrainingFixtures.of(x, y);
  }

  static List<LayerSpec> denseLayers(int layers, int hidden) {
    return Collections.nCopies(layers, new DenseSpec(hidden, Activation.RELU));
  }

  static TrainingConfig config(Encoding encoding) {
    return TrainingConfig.defaults().withEncoding(encoding);
  }

  /** The training problem of {@code samples} samples (seed 1) for {@code layers} x {@code hidden} ReLU units. */
  static TrainingProblem build(int samples, int layers, int hidden, Encoding encoding) {
    return TrainingProblem.build(data(samples, 1), denseLayers(layers, hidden), config(encoding));
  }
}
