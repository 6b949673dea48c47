package io.milpnet.formulation.network;

/** How the output layer's values become a prediction. */
public enum OutputKind {
  /** Two classes, one score: class index 1 when the score is positive, 0 otherwise. */
  BINARY_SCORE,
  /** One score per class: the first class with the largest score. */
  ARGMAX
}
