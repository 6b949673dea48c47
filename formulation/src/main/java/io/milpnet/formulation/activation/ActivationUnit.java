package io.milpnet.formulation.activation;

import io.milpnet.formulation.encode.ReluOutput;
import io.milpnet.formulation.encode.Signal;
import java.util.List;

/**
 * One unit's encoded activation: its output and its pieces, in the order they were encoded.
 *
 * @param output the unit's activation as an expression with its bounds
 * @param pieces every ReLU-like piece, stable ones included (their phase is null)
 */
public record ActivationUnit(Signal output, List<Piece> pieces) {
  public ActivationUnit {
    pieces = List.copyOf(pieces);
  }

  /**
   * A piece of an activation: {@code relu(a - threshold)} by a ReLU formulation, or, when {@code step}, the step
   * {@code [a >= threshold]} whose phase binary is its value.
   */
  public record Piece(ReluOutput unit, double threshold, boolean step) {
    /** Whether the piece is on at pre-activation {@code a}. */
    public boolean on(double a) {
      return step ? a - threshold >= 0 : a - threshold > 0;
    }
  }
}
