package io.milpnet.formulation.verify;

/** Where an undecided box is halved: along the input that weighs most in its bound, or its widest input. */
final class BoxSplit {
  private BoxSplit() {}

  /**
   * The input to halve a box {@code [lo, hi]} of the region {@code [lo0, hi0]} along, from the line of its failed
   * symbolic bound: the largest {@code |c_i| w_i + WIDTH_WEIGHT * deficit * w_i / W_i} ({@code c} the line's
   * coefficients, {@code w} the box's widths, {@code W} the region's, {@code deficit} how far the bound falls short
   * of a proof). The first term is the smear of the line (how much of the bound's shortfall is the line's own
   * variation along the input); the second stands for what the line cannot show, the looseness of the relaxations of
   * the unstable ReLUs, which shrinks as the box shrinks in any direction, so it goes to the relatively widest input.
   * The line alone kept halving inputs whose coefficients were large down to a millionth of their range while the
   * box stayed a quarter wide in an input the line did not read (ACAS Xu 1_1 property 2: 35,600 boxes, 1,181 with the
   * second term). -1 when no input has any weight.
   */
  static int input(double[] line, double deficit, double[] lo, double[] hi, double[] lo0, double[] hi0) {
    double[] score = new double[lo.length];
    for (int i = 0; i < score.length; i++) {
      double w = hi[i] - lo[i];
      double full = hi0[i] - lo0[i];
      score[i] = (line.length > i ? Math.abs(line[i]) * w : 0) + (full > 0 ? WIDTH_WEIGHT * Math.max(0, deficit) * w
          / full : 0);
    }
    return argmax(score);
  }

  /**
   * The weight of the relative width against the line's smear in {@link #input}: measured on ACAS Xu 1_1 and 1_2,
   * properties 1-4 (0.002 to 1 tried; 1 and 0.1 multiply the boxes of property 1 by ten, 0.01 gives the fewest boxes
   * over the eight).
   */
  static final double WIDTH_WEIGHT = 0.01;

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
