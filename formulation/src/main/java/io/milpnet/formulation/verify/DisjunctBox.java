package io.milpnet.formulation.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A disjunct's input box (from its single-input atoms) and its other atoms, the conditions; {@code empty} says why
 * the box is empty, or is null.
 */
record DisjunctBox(double[] lo, double[] hi, List<LinearAtom> conditions, String empty) {
  static DisjunctBox of(Conjunction disjunct, int n, int index) {
    double[] lo = new double[n];
    double[] hi = new double[n];
    Arrays.fill(lo, Double.NEGATIVE_INFINITY);
    Arrays.fill(hi, Double.POSITIVE_INFINITY);
    List<LinearAtom> rows = new ArrayList<>();
    for (LinearAtom a : disjunct.atoms()) {
      int i = a.singleInput();
      if (i < 0) {
        rows.add(a);
      } else if (a.x()[i] > 0) {
        hi[i] = Math.min(hi[i], a.bound() / a.x()[i]);
      } else {
        lo[i] = Math.max(lo[i], a.bound() / a.x()[i]);
      }
    }
    String empty = null;
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(lo[i]) || !Double.isFinite(hi[i])) {
        throw new IllegalArgumentException("disjunct " + index + " leaves input X_" + i + " unbounded ["
            + lo[i] + ", " + hi[i] + "]: every input needs a lower and an upper bound to derive big-M constants");
      }
      if (lo[i] > hi[i] && empty == null) {
        empty = "the input box is empty (X_" + i + " in [" + lo[i] + ", " + hi[i] + "])";
      }
    }
    return new DisjunctBox(lo, hi, rows, empty);
  }
}
