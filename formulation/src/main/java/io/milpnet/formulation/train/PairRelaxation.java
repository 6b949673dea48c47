package io.milpnet.formulation.train;

import io.milpnet.core.bridge.LpRelaxation;
import io.milpnet.core.bounds.Interval;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.layer.dense.EncodedDenseLayer;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.OutputKind;
import java.util.ArrayList;
import java.util.List;

/**
 * A small relaxation of the training MILP whose LP optimum is a certified lower bound: the model's variables, bounds
 * and objective, its loss rows, and cross-sample rows that hold for every network in the weight domains (none of its
 * other rows: no ReLU, product or regularisation row). Every point of the MILP is a point of it, so its LP optimum is
 * at most the MILP's optimum.
 *
 * <p>The cross-sample rows, for pairs of samples a, b of different classes (targets): the constant Lipschitz rows
 * {@code |o_ac - o_bc| <= D_c} ({@link LipschitzCuts}), and the structure rows {@code |o_ac - o_bc| <= sum_j |v_cj|
 * |h_aj - h_bj|} priced three ways: through the output weights' grid levels ({@code s D_j (q+_cj + q-_cj)}); with one
 * hidden ReLU-like layer fed by data, through the first layer's L0 indicators ({@code |w_jm| <= Omega s_jm}) and
 * through its L1 variables ({@code |w_jm| <= t_jm}): {@code |h_aj - h_bj| <= sum_m |w_jm| |x_am - x_bm|} and {@code
 * |v_cj| <= s}. The first-layer sums over the units are one variable per input ({@code sigma_m = sum_j s_jm}, {@code
 * tau_m = sum_j t_jm}), so a row has one term per input, not one per weight. The loss rows then make telling a pair
 * apart cost the penalties of the weights that do it: {@code xi_a + xi_b >= 2 margin - |o_ay_a - o_by_a| - |o_ay_b -
 * o_by_b|}.
 *
 * <p>Unlike the MILP's own rows (the nearest pair per sample), the relaxation takes every pair of samples of different
 * classes up to {@link #MAX_PAIRS}: its rows are few, and the LP is small and fast where the MILP's root LP of an MNIST
 * model (1.9 million nonzeros) may not finish within the time limit.
 */
public final class PairRelaxation {
  /**
   * The LP's optimum when proven (OPTIMAL: NaN otherwise), the samples whose loss it holds, the pairs and rows, the LP's
   * status and time.
   */
  public record Result(double bound, int samples, int pairs, int rows, SolveStatus status, double seconds,
      String note) {
    public boolean proven() {
      return status == SolveStatus.OPTIMAL && !Double.isNaN(bound);
    }
  }

  /** Largest number of pairs: each sample with its nearest samples of other classes until this many. */
  static final int MAX_PAIRS = 500;

  private PairRelaxation() {}

  /**
   * The relaxation's LP solved within {@code seconds}. Null when the problem is restricted (its bound would not be one
   * of the whole problem) or its layers have no Lipschitz bound.
   */
  public static Result solve(TrainingProblem problem, SolverBackend lp, double seconds) {
    return solve(problem, null, lp, seconds);
  }

  /**
   * The relaxation for the objective on {@code rows} (the problem's own rows when null or when they are the problem's:
   * see {@link #build(TrainingProblem, TrainingData)}), solved within {@code seconds}.
   */
  public static Result solve(TrainingProblem problem, TrainingData rows, SolverBackend lp, double seconds) {
    long start = System.nanoTime();
    Built built = build(problem, rows);
    if (built == null) {
      return null;
    }
    Solution s = lp.solve(new LpRelaxation().apply(built.model()), SolveOptions.defaults().withTimeLimit(seconds)
        .withRelativeGap(0));
    double elapsed = (System.nanoTime() - start) / 1e9;
    // Only an optimal LP is a bound: a simplex stopped early holds a primal point, not a proven dual value.
    double bound = s.status() == SolveStatus.OPTIMAL ? s.objective() : Double.NaN;
    return new Result(bound, built.samples(), built.pairs(), built.rows(), s.status(), elapsed,
        s.status() == SolveStatus.OPTIMAL ? "" : "the LP ended " + s.status() + " within " + seconds + " s: no bound");
  }

  /** The relaxation's model (integer variables still integer), the samples its loss covers, its pairs and rows. */
  record Built(Model model, int samples, int pairs, int rows) {}

  static Built build(TrainingProblem problem) {
    return build(problem, null);
  }

  /**
   * The relaxation of the problem's objective on its own rows ({@code rows} null or of the problem's size, or a loss
   * other than the hinge), or, with the hinge loss, of the objective on {@code rows}: the problem's regularisation (its variables) plus the hinge
   * loss of every one of {@code rows}, each row with new output variables (free: no interval bounds) and its own loss
   * variable. Every network in the problem's domains gives a point of it whose objective is its objective on {@code
   * rows} ({@link TrainingProblem#objectiveOn}), so the optimum bounds that: when the problem holds a sample of the
   * rows, this bounds the objective on all of them directly, not through the sample's.
   */
  static Built build(TrainingProblem problem, TrainingData rows) {
    if (problem.restriction() != null) {
      return null;
    }
    // Other losses keep the problem's own rows (a bound on them bounds every superset: each loss term is >= 0).
    boolean own = rows == null || rows.samples() == problem.data().samples()
        || problem.config().loss() != LossKind.HINGE || rows.regression();
    TrainingData data = own ? problem.data() : rows;
    if ((long) data.samples() * data.samples() * data.features() > LipschitzCuts.MAX_PAIR_WORK) {
      return null;
    }
    List<EncodedLayer> layers = problem.encodedLayers();
    List<NetworkLayer> magnitudes = new ArrayList<>();
    for (EncodedLayer layer : layers) {
      NetworkLayer m = layer.magnitude();
      if (m == null) {
        return null;
      }
      magnitudes.add(m);
    }
    Model source = problem.model();
    Model model = source.copyWithoutRows(source.name() + "-pairs").copyWithoutIndicators(source.name() + "-pairs");
    double margin = problem.config().margin();
    Signal[][] outputs;
    if (own) {
      int[] loss = problem.lossRows();
      for (int r = loss[0]; r < loss[1]; r++) {
        model.addConstraint(source.constraintName(r), source.rowExpr(r), source.rowLowerBound(r),
            source.rowUpperBound(r));
      }
      outputs = layers.get(layers.size() - 1).output.signals();
    } else {
      outputs = hingeOn(model, problem, rows, margin);
    }
    Rows pairRows = new Rows(model, data, layers, magnitudes, outputs, own);
    int pairs = 0;
    int added = 0;
    for (int[] pair : pairs(data)) {
      int n = pairRows.add(pair[0], pair[1], margin);
      pairs += n > 0 ? 1 : 0;
      added += n;
    }
    return new Built(model, data.samples(), pairs, added);
  }

  /**
   * New free output variables for every one of {@code rows} and their hinge loss ({@code xi_i >= margin - d_ic},
   * {@code xi_i >= 0}, the margins of {@link EncodedLoss}), which replaces the problem's loss in the objective.
   */
  private static Signal[][] hingeOn(Model model, TrainingProblem problem, TrainingData rows, double margin) {
    EncodedLoss loss = new EncodedLoss(LossKind.HINGE, margin, rows.outputKind(), rows.y(), rows.outputs(), null);
    Interval free = new Interval(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    Signal[][] outputs = new Signal[rows.samples()][rows.outputs()];
    LinearExpr.Builder total = LinearExpr.builder();
    for (int i = 0; i < rows.samples(); i++) {
      for (int c = 0; c < rows.outputs(); c++) {
        Var o = model.addContinuous(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, "o[r" + i + ",o" + c + "]",
            "relaxation");
        outputs[i][c] = new Signal(LinearExpr.of(o), free);
      }
      Var xi = model.addContinuous(0.0, Double.POSITIVE_INFINITY, "xi[r" + i + "]", "relaxation");
      total.add(xi);
      LinearExpr[] d = loss.margins(outputs[i], i);
      for (int c = 0; c < d.length; c++) {
        model.addGreaterOrEqual("hinge[r" + i + "][" + c + "]", LinearExpr.builder().add(xi).add(d[c]).build(),
            margin);
      }
    }
    model.setObjective(model.sense(), model.objective().plus(problem.lossObjective().times(-1.0))
        .plus(total.build()));
    return outputs;
  }

  /** Pairs (a < b) of samples of different classes (targets): each sample's nearest ones, at most {@link #MAX_PAIRS}. */
  static List<int[]> pairs(TrainingData data) {
    int n = data.samples();
    int perSample = Math.max(1, Math.min(n, MAX_PAIRS / Math.max(1, n)));
    java.util.Set<Long> seen = new java.util.HashSet<>();
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int k : LipschitzCuts.nearest(data.rows(), data.y(), data.targets(), i, n, perSample)) {
        int a = Math.min(i, k);
        int b = Math.max(i, k);
        if (seen.add((long) a * n + b)) {
          out.add(new int[] {a, b});
        }
      }
    }
    return out;
  }

  /** The cross-sample rows of one relaxation, with its per-sample output and per-input sum variables. */
  private static final class Rows {
    private final Model model;
    private final TrainingData data;
    private final List<EncodedLayer> layers;
    private final List<NetworkLayer> magnitudes;
    private final Signal[][] outputs;
    private final EncodedDenseLayer out;
    private final EncodedDenseLayer first;
    private final Var[][] scores;
    /** Per input m, {@code sum_j s_jm} and {@code sum_j t_jm} (null where the first layer has none). */
    private final List<LipschitzCuts.Defined> l0Sums;
    private final List<LipschitzCuts.Defined> l1Sums;

    /** Whether the rows are the layers' own samples, whose interval bounds cap the distances. */
    private final boolean capped;

    Rows(Model model, TrainingData data, List<EncodedLayer> layers, List<NetworkLayer> magnitudes,
        Signal[][] outputs, boolean capped) {
      this.model = model;
      this.data = data;
      this.layers = layers;
      this.magnitudes = magnitudes;
      this.capped = capped;
      EncodedLayer last = layers.get(layers.size() - 1);
      this.outputs = outputs;
      EncodedDenseLayer dense = last.asDense().orElse(null);
      this.out = dense != null && dense.weights().isGrid() ? dense : null;
      this.first = out == null ? null : LipschitzCuts.firstDenseLayer(layers);
      this.scores = new Var[data.samples()][];
      int inputs = data.features();
      this.l0Sums = first != null && first.weights().l0(0) != null
          ? LipschitzCuts.inputSums(model, first, inputs, p -> first.weights().l0(p), "sigma", "relaxation") : null;
      this.l1Sums = first != null && first.weights().abs(0) != null
          ? LipschitzCuts.inputSums(model, first, inputs, p -> first.weights().abs(p), "tau", "relaxation") : null;
    }

    /** The rows of pair (a, b); how many. */
    int add(int a, int b, double margin) {
      double[][] x = data.rows();
      int ca = capped ? a : -1;
      int cb = capped ? b : -1;
      int rows = LipschitzCuts.addRows(model, data, outputs, LipschitzCuts.outputDistances(x[a], x[b], ca, cb, layers,
          magnitudes), a, b, margin);
      if (out == null) {
        return rows;
      }
      double[] d = LipschitzCuts.outputDistances(x[a], x[b], ca, cb, layers.subList(0, layers.size() - 1),
          magnitudes.subList(0, magnitudes.size() - 1));
      double scale = out.weights().maxAbs();
      for (int c : LipschitzCuts.pairOutputs(data, a, b)) {
        LinearExpr diff = LinearExpr.builder().add(score(a, c)).add(-1.0, score(b, c)).build();
        List<LinearExpr> bounds = new ArrayList<>();
        bounds.add(LipschitzCuts.throughOutputWeights(out, c, d, scale));
        if (l0Sums != null) {
          bounds.add(LipschitzCuts.throughInputs(l0Sums, x[a], x[b], scale * first.weights().maxAbs()));
        }
        if (l1Sums != null) {
          bounds.add(LipschitzCuts.throughInputs(l1Sums, x[a], x[b], scale));
        }
        for (int k = 0; k < bounds.size(); k++) {
          LipschitzCuts.within(model, diff, bounds.get(k), "pair_up", "pair_dn", "[s" + a + ",s" + b + ",o" + c + ",k"
              + k + "]");
          rows += 2;
        }
      }
      return rows;
    }

    /** Output c of sample i as a variable tied to its expression (created on first use). */
    private Var score(int i, int c) {
      return LipschitzCuts.score(model, outputs, scores, i, c, "relaxation");
    }
  }
}
