package io.milpnet.formulation.verify;

/** Where an undecided box is halved: along the input that weighs most in its bound, or its widest input. */
final class BoxSplit {
  private BoxSplit() {}

  /** The input with the largest influence, or -1 when none has any. */
  static int argmax(double[] influence) {
    int best = -1;
    double max = 0;
    for (int i = 0; i < influence.length; i++) {
      if (influence[i] > max) {
        max = influence[i];
        best = i;
      }
    }
    return best;
  }

  /**
   * Halves the box along {@code input}, or, when that is negative or already tiny, along the input whose width
   * relative to the whole region is largest; null when every input is too narrow to split.
   */
  static double[][][] split(double[][] box, double[] lo0, double[] hi0, int input) {
    int best = -1;
    double widest = 0;
    for (int i = 0; i < lo0.length; i++) {
      double rel = relativeWidth(box, lo0, hi0, i);
      if (rel > widest) {
        widest = rel;
        best = i;
      }
    }
    if (best < 0 || widest < 1e-6) {
      return null;
    }
    if (input >= 0 && relativeWidth(box, lo0, hi0, input) >= 1e-6) {
      best = input;
    }
    double mid = 0.5 * (box[0][best] + box[1][best]);
    double[][] left = {box[0].clone(), box[1].clone()};
    double[][] right = {box[0].clone(), box[1].clone()};
    left[1][best] = mid;
    right[0][best] = mid;
    return new double[][][] {left, right};
  }

  private static double relativeWidth(double[][] box, double[] lo0, double[] hi0, int i) {
    double full = hi0[i] - lo0[i];
    return full > 0 ? (box[1][i] - box[0][i]) / full : 0;
  }
}
