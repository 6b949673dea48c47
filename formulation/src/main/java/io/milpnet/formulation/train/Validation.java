package io.milpnet.formulation.train;

import io.milpnet.formulation.network.ForwardPass;
import io.milpnet.formulation.network.TrainedNetwork;

/**
 * Held-out training rows that decide which stage's network to keep: classification by accuracy, regression by the
 * mean absolute error in the targets' units. {@link #score} is higher-is-better for both (the negated error for
 * regression), so that one rule serves both: a change is kept when its score is at least the current one minus the
 * tolerance.
 *
 * @param x scaled inputs of the validation rows
 * @param y their class indices (classification), or empty
 * @param targets their scaled targets (regression), or null
 * @param tolerance how much score a change may lose and still be kept (accuracy points as a fraction, or target
 *     units of mean error)
 */
public record Validation(double[][] x, int[] y, double[] targets, double tolerance) {

  public Validation {
    if (x.length == 0) {
      throw new IllegalArgumentException("validation needs rows");
    }
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("--validation-tolerance must be a finite number >= 0, got " + tolerance);
    }
  }

  /** The rows of {@code rows} as validation rows. */
  public static Validation of(TrainingData rows, double tolerance) {
    return new Validation(rows.x(), rows.y(), rows.targets(), tolerance);
  }

  public boolean regression() {
    return targets != null;
  }

  public int rows() {
    return x.length;
  }

  /** Accuracy, or minus the mean absolute error in the targets' units. */
  public double score(TrainedNetwork network) {
    ForwardPass forward = new ForwardPass(network);
    if (regression()) {
      double sum = 0;
      for (double e : forward.absoluteErrors(x, targets)) {
        sum += e;
      }
      return -sum / x.length;
    }
    return forward.accuracy(x, y);
  }

  /** The score as users read it: the accuracy, or the mean absolute error. */
  public double reported(double score) {
    return regression() ? -score : score;
  }

  /** A network scoring {@code candidate} may replace one scoring {@code current}. */
  public boolean keeps(double candidate, double current) {
    return candidate >= current - tolerance - 1e-12;
  }
}
