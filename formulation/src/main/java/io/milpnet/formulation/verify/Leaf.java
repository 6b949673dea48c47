package io.milpnet.formulation.verify;

import io.milpnet.core.solver.SolveStatus;

/** The outcome on one box of the input region; {@code splitInput} is the input to halve when undecided. */
record Leaf(Verdict verdict, String reason, boolean tooCloseToCall, SolveStatus status, double margin,
    double bound, double[] input, double[] output, int splitInput) {

  static Leaf proof(SolveStatus status, double bound) {
    return new Leaf(Verdict.HOLDS, "", false, status, Double.NaN, bound, null, null, -1);
  }

  Leaf splitAlong(int input) {
    return new Leaf(verdict, reason, tooCloseToCall, status, margin, bound, this.input, output, input);
  }
}
