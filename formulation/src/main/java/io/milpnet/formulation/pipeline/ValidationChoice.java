package io.milpnet.formulation.pipeline;

/**
 * The validation a run uses: the fraction of the training rows held out (0: off) and why.
 */
public record ValidationChoice(double fraction, String reason) {
  /** Validation is on. */
  public boolean on() {
    return fraction > 0;
  }
}
