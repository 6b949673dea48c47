package io.milpnet.formulation.verify;

import java.util.Arrays;
import java.util.List;

/**
 * A symbolic lower bound on how far the conditions miss, with the line it came from and the function it bounds
 * ({@code objective}: an atom, or a convex combination of the atoms, whose {@code x . X + y . Y - bound} the line
 * bounds from below).
 */
record SymbolicProof(double excess, double[] line, String what, LinearAtom objective) {
  /**
   * The best symbolic proof that the conditions cannot all hold in the box: {@code excess} is a lower bound of
   * {@code max_k (a_k - b_k)} over the box (> tolerance proves the box), {@code line} the linear lower bound it came
   * from (its coefficients say what to split). A single condition is bounded directly; for a conjunction, a convex
   * combination {@code sum_k lambda_k (a_k - b_k)} is a lower bound of the maximum for any multipliers on the
   * simplex, so the multipliers are searched (exponentiated supergradient ascent on the per-condition lines) and the
   * best combination is back-substituted once more as a whole, which is tighter still. Sound for any multipliers.
   */
  static SymbolicProof of(SymbolicBounds symbolic, List<LinearAtom> atoms) {
    int k = atoms.size();
    if (k == 0) {
      return new SymbolicProof(Double.NEGATIVE_INFINITY, new double[0], "", null);
    }
    double[][] lines = new double[k][];
    SymbolicProof best = null;
    for (int a = 0; a < k; a++) {
      LinearAtom atom = atoms.get(a);
      lines[a] = symbolic.lowerLine(atom.x(), atom.y());
      lines[a][lines[a].length - 1] -= atom.bound();
      double excess = symbolic.minimum(lines[a]);
      if (best == null || excess > best.excess) {
        best = new SymbolicProof(excess, lines[a], atom.text() + " fails", atom);
      }
    }
    if (k == 1) {
      return best;
    }
    int width = lines[0].length;
    double[] lambda = new double[k];
    Arrays.fill(lambda, 1.0 / k);
    double[] bestLambda = lambda.clone();
    double bestValue = Double.NEGATIVE_INFINITY;
    for (int it = 0; it < MULTIPLIER_STEPS; it++) {
      double[] combined = new double[width];
      for (int a = 0; a < k; a++) {
        for (int i = 0; i < width; i++) {
          combined[i] += lambda[a] * lines[a][i];
        }
      }
      double value = symbolic.minimum(combined);
      if (value > bestValue) {
        bestValue = value;
        bestLambda = lambda.clone();
      }
      // A supergradient of the concave dual function: each line's value at the corner minimising the combination.
      double[] corner = symbolic.minimiser(combined);
      double[] g = new double[k];
      double scale = 0;
      for (int a = 0; a < k; a++) {
        g[a] = lines[a][width - 1];
        for (int i = 0; i < width - 1; i++) {
          g[a] += lines[a][i] * corner[i];
        }
        scale = Math.max(scale, Math.abs(g[a]));
      }
      if (scale == 0) {
        break;
      }
      double step = 2.0 / (scale * Math.sqrt(it + 1));
      double sum = 0;
      for (int a = 0; a < k; a++) {
        lambda[a] *= Math.exp(step * g[a]);
        sum += lambda[a];
      }
      for (int a = 0; a < k; a++) {
        lambda[a] = Math.max(lambda[a] / sum, 1e-12);
      }
    }
    // The combination back-substituted as one function of the outputs: its relaxations are chosen for it.
    double[] cx = new double[atoms.get(0).x().length];
    double[] cy = new double[atoms.get(0).y().length];
    double rhs = 0;
    double total = 0;
    for (int a = 0; a < k; a++) {
      total += bestLambda[a];
    }
    for (int a = 0; a < k; a++) {
      LinearAtom atom = atoms.get(a);
      double w = bestLambda[a] / total;
      for (int i = 0; i < cx.length; i++) {
        cx[i] += w * atom.x()[i];
      }
      for (int j = 0; j < cy.length; j++) {
        cy[j] += w * atom.y()[j];
      }
      rhs += w * atom.bound();
    }
    double[] line = symbolic.lowerLine(cx, cy);
    line[width - 1] -= rhs;
    double joint = symbolic.minimum(line);
    if (joint > best.excess) {
      best = new SymbolicProof(joint, line, "the " + k + " conditions cannot hold together",
          new LinearAtom(cx, cy, rhs, "a convex combination of the " + k + " conditions"));
    }
    return best;
  }

  /**
   * This proof's objective bounded again with the lower slopes of the unstable ReLUs optimised for it
   * ({@link SymbolicBounds#optimisedLowerLine}, {@code steps} steps): at least as strong, as sound.
   */
  SymbolicProof optimised(SymbolicBounds symbolic, int steps) {
    if (objective == null) {
      return this;
    }
    double[] opt = symbolic.optimisedLowerLine(objective.x(), objective.y(), steps);
    opt[opt.length - 1] -= objective.bound();
    double value = symbolic.minimum(opt);
    return value > excess ? new SymbolicProof(value, opt, what + " (optimised slopes)", objective) : this;
  }

  /** Steps of the multiplier search of {@link #of}; each costs O(conditions x inputs). */
  static final int MULTIPLIER_STEPS = 60;
}
