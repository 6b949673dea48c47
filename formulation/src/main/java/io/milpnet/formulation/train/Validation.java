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
    double sum = 0;
    for (double v : rowScores(network)) {
      sum += v;
    }
    return sum / x.length;
  }

  /**
   * Each row's score, whose mean is {@link #score}: 1 for a correctly classified row and 0 otherwise, or minus the
   * row's absolute error in the targets' units.
   */
  public double[] rowScores(TrainedNetwork network) {
    ForwardPass forward = new ForwardPass(network);
    double[] s = new double[x.length];
    if (regression()) {
      double[] e = forward.absoluteErrors(x, targets);
      for (int i = 0; i < s.length; i++) {
        s[i] = -e[i];
      }
      return s;
    }
    for (int i = 0; i < s.length; i++) {
      s[i] = forward.predict(x[i]) == y[i] ? 1.0 : 0.0;
    }
    return s;
  }

  /**
   * Each row's log-likelihood of its class under the network's outputs as logits (softmax; one binary score: the
   * logistic function), or minus its absolute error for a regression: the criterion the sparsity path is chosen by.
   * Unlike the 0-1 score, a proper scoring rule tells apart networks that classify the same rows but one with less
   * confidence in the right class, which small validation sets otherwise cannot see (on Wine's 125 training rows a
   * level with 13 of 48 weights and one with 25 tie on accuracy, and the first lost two points on the test rows).
   */
  public double[] rowLikelihoods(TrainedNetwork network) {
    if (regression()) {
      return rowScores(network);
    }
    ForwardPass forward = new ForwardPass(network);
    double[] s = new double[x.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = -GradientDescent.crossEntropy(forward.outputs(x[i]), y[i]);
    }
    return s;
  }

  /**
   * The one-standard-error rule of cross-validation (Breiman et al. 1984; Hastie, Tibshirani and Friedman, The
   * Elements of Statistical Learning, 7.10): a candidate scoring {@code candidate} row by row is as good as the best
   * model, scoring {@code best} on the same rows, when its mean is below the best's by at most the tolerance plus
   * one standard error of the best's mean, {@code sd(best) / sqrt(n)} (for accuracy p on n rows about {@code
   * sqrt(p (1 - p) / n)}: 4 rows of 100 at p = 0.79, 7.5 of 400 at 0.83, 1.7 of 105 at 0.97). The simpler model is
   * preferred among those the rows cannot tell from the best.
   */
  public boolean keepsWithinOneStandardError(double[] candidate, double[] best) {
    return keepsWithinOneStandardError(candidate, best, tolerance);
  }

  /**
   * {@link #keepsWithinOneStandardError(double[], double[])} with {@code slack} in place of the tolerance (which is in
   * accuracy points, so it does not apply to log-likelihoods).
   */
  public boolean keepsWithinOneStandardError(double[] candidate, double[] best, double slack) {
    int n = candidate.length;
    if (n != best.length || n == 0) {
      throw new IllegalArgumentException("the one-standard-error rule needs scores of the same, non-empty rows");
    }
    double bestMean = 0;
    double candidateMean = 0;
    for (int i = 0; i < n; i++) {
      bestMean += best[i];
      candidateMean += candidate[i];
    }
    bestMean /= n;
    candidateMean /= n;
    double ss = 0;
    for (int i = 0; i < n; i++) {
      ss += (best[i] - bestMean) * (best[i] - bestMean);
    }
    double se = n > 1 ? Math.sqrt(ss / (n - 1) / n) : 0.0;
    return bestMean - candidateMean <= slack + se + 1e-12;
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
