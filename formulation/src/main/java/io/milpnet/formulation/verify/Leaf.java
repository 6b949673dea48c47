package io.milpnet.formulation.verify;

import io.milpnet.core.solver.SolveStatus;

/**
 * The outcome on one box of the input region; {@code splitInput} is the input to halve when undecided, and
 * {@code upperFirst} says that its upper half is searched first.
 */
record Leaf(Verdict verdict, String reason, boolean tooCloseToCall, SolveStatus status, double margin,
    double bound, double[] input, double[] output, int splitInput, boolean upperFirst) {
  Leaf(Verdict verdict, String reason, boolean tooCloseToCall, SolveStatus status, double margin, double bound,
      double[] input, double[] output, int splitInput) {
    this(verdict, reason, tooCloseToCall, status, margin, bound, input, output, splitInput, false);
  }

  static Leaf proof(SolveStatus status, double bound) {
    return new Leaf(Verdict.HOLDS, "", false, status, Double.NaN, bound, null, null, -1);
  }

  Leaf splitAlong(int input, boolean upperFirst) {
    return new Leaf(verdict, reason, tooCloseToCall, status, margin, bound, this.input, output, input, upperFirst);
  }
}
