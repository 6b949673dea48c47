package io.milpnet.formulation.train;

/** How a logical relation (a ReLU phase, a binary-times-continuous product, a 0-1 loss) reaches the solver. */
public enum Encoding {
  /** Linear rows with constants derived from interval bounds. */
  BIG_M,
  /** Indicator constraints; solvers without them get the bridge's big-M (also derived from bounds). */
  INDICATOR
}
