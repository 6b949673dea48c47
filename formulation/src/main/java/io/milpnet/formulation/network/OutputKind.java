package io.milpnet.formulation.network;

/** How the output layer's values become a prediction. */
public enum OutputKind {
  /** Two classes, one score: class index 1 when the score is positive, 0 otherwise. */
  BINARY_SCORE,
  /** One score per class: the first class with the largest score. */
  ARGMAX,
  /** Regression: one output, the target scaled to [0, 1] by the training targets' range. */
  REGRESSION;

  /** The class index the outputs predict (not defined for regression). */
  public int classOf(double[] outputs) {
    if (this == REGRESSION) {
      throw new IllegalStateException("a regression network predicts values, not classes");
    }
    if (this == BINARY_SCORE) {
      return outputs[0] > 0 ? 1 : 0;
    }
    int best = 0;
    for (int c = 1; c < outputs.length; c++) {
      if (outputs[c] > outputs[best]) {
        best = c;
      }
    }
    return best;
  }
}
