package io.milpnet.formulation.verify;

import io.milpnet.core.solver.SolveStatus;
import io.milpnet.formulation.network.Differentiable;
import io.milpnet.formulation.network.NetworkLayer;
import java.util.List;
import java.util.Random;

/**
 * A search for a counterexample of one disjunct before its boxes are searched: projected sign-gradient descent
 * (an FGSM/PGD attack) on the disjunct's violation {@code max_k (a_k(X, Y) - b_k)}, from the box's centre and from
 * seeded random points of the box. A violated property usually has a large unsafe region that such an attack finds
 * in milliseconds, where the box search finds it only when it happens to split its way there.
 *
 * <p>It can make the verifier faster, never wrong: a point is returned only when the double-precision forward pass
 * ({@link FixedNetwork#evaluate}) puts it in the unsafe set ({@link Conjunction#holdsAt}); the gradient (the layers'
 * own backward passes, {@link NetworkLayer#differentiable()}) only steers the search.
 */
final class Falsifier {
  /** Starting points: the centre and this many random points minus one. */
  static final int RESTARTS = 10;
  /**
   * Steps from each starting point; the step shrinks geometrically from half the box (from the centre, a first step
   * to the corner the gradient points at, as FGSM takes) to 1/1000 of it.
   */
  static final int STEPS = 60;
  private static final double FIRST_STEP = 0.5;
  private static final double LAST_STEP = 1e-3;

  private final FixedNetwork network;
  private final List<NetworkLayer> layers;
  private final Differentiable[] passes;
  private final double[][] weights;
  private final double[][] biases;

  /** The attack on {@code network}: its layers' differentiable forms are built once, for every disjunct. */
  Falsifier(FixedNetwork network) {
    this.network = network;
    this.layers = network.layers();
    passes = new Differentiable[layers.size()];
    weights = new double[passes.length][];
    biases = new double[passes.length][];
    for (int l = 0; l < passes.length; l++) {
      passes[l] = layers.get(l).differentiable();
      weights[l] = passes[l].weights();
      biases[l] = passes[l].biases();
    }
  }

  /**
   * A counterexample in the box {@code [lo, hi]} re-checked by the forward pass, or null when the attack found none
   * within {@code seconds}.
   */
  Leaf search(Conjunction disjunct, DisjunctBox box, double seconds, long seed) {
    return search(disjunct, box, seconds, seed, 0, RESTARTS);
  }

  /**
   * {@link #search} from the starting points {@code from} (inclusive) to {@code to} (exclusive) of the seeded sequence
   * (0 is the centre), so that a caller can spread the starts over several disjuncts in rounds.
   */
  Leaf search(Conjunction disjunct, DisjunctBox box, double seconds, long seed, int from, int to) {
    // The violation is taken over the atoms that are not input bounds: those are the box.
    List<LinearAtom> rows = box.conditions();
    double[] lo = box.lo();
    double[] hi = box.hi();
    if (rows.isEmpty()) {
      return null; // every atom is an input bound: the box itself is the unsafe set, and its centre is in it
    }
    long start = System.nanoTime();
    Random random = new Random(seed);
    int n = lo.length;
    double decay = Math.pow(LAST_STEP / FIRST_STEP, 1.0 / Math.max(1, STEPS - 1));
    for (int r = 0; r < to; r++) {
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        // Draw every start's point, used or not, so that start r is the same whatever the range asked for.
        double u = random.nextDouble();
        x[i] = r == 0 ? 0.5 * (lo[i] + hi[i]) : lo[i] + u * (hi[i] - lo[i]);
      }
      if (r < from) {
        continue;
      }
      double step = FIRST_STEP;
      for (int t = 0; t <= STEPS; t++) {
        double[] y = network.evaluate(x);
        if (disjunct.holdsAt(x, y)) {
          return new Leaf(Verdict.VIOLATED, "a gradient attack found a counterexample (double forward pass)", false,
              SolveStatus.FEASIBLE, disjunct.margin(x, y), Double.NaN, x, y, -1);
        }
        if (t == STEPS) {
          break; // the last step's point is checked, not moved
        }
        double[] g = violationGradient(rows, x, y);
        boolean moved = false;
        for (int i = 0; i < n; i++) {
          if (g[i] != 0) {
            double next = Math.max(lo[i], Math.min(hi[i], x[i] - Math.signum(g[i]) * step * (hi[i] - lo[i])));
            moved |= next != x[i];
            x[i] = next;
          }
        }
        if (!moved || Verifier.since(start) > seconds) {
          break;
        }
        step *= decay;
      }
      if (Verifier.since(start) > seconds) {
        return null;
      }
    }
    return null;
  }

  /** The gradient over the inputs of the most violated row, {@code a_k(X, Y) - b_k}, at {@code x}. */
  private double[] violationGradient(List<LinearAtom> rows, double[] x, double[] y) {
    LinearAtom worst = rows.get(0);
    double worstSlack = Double.POSITIVE_INFINITY;
    for (LinearAtom a : rows) {
      double s = a.slack(x, y);
      if (s < worstSlack) {
        worstSlack = s;
        worst = a;
      }
    }
    // Forward through the layers' differentiable forms, keeping what the backward pass reads.
    int depth = layers.size();
    double[][] in = new double[depth + 1][];
    double[][] pre = new double[depth][];
    int[][] memo = new int[depth][];
    in[0] = x;
    for (int l = 0; l < depth; l++) {
      Differentiable d = passes[l];
      pre[l] = new double[layers.get(l).units()];
      in[l + 1] = new double[layers.get(l).units()];
      memo[l] = d.newMemo();
      d.forward(weights[l], biases[l], in[l], pre[l], in[l + 1], memo[l]);
    }
    double[] delta = worst.y().clone();
    for (int l = depth - 1; l >= 0; l--) {
      Differentiable d = passes[l];
      double[] back = new double[in[l].length];
      d.backward(weights[l], biases[l], in[l], pre[l], delta, 0.0, new double[d.weightCount()],
          new double[d.biasCount()], back, memo[l]);
      delta = back;
    }
    double[] g = new double[x.length];
    for (int i = 0; i < g.length; i++) {
      g[i] = worst.x()[i] + delta[i];
    }
    return g;
  }
}
