package io.milpnet.formulation.train;

import io.milpnet.core.bridge.BridgingSolver;
import io.milpnet.core.bridge.FixedVariableRemoval;
import io.milpnet.core.model.FeasibilityCheck;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;
import io.milpnet.core.solver.ForwardingSolverBackend;
import io.milpnet.core.solver.InterruptSignal;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.core.solver.TimeLimitGuard;
import io.milpnet.formulation.network.TrainedNetwork;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The hybrid strategy: from a feasible start (the gradient network), improve the incumbent with restricted MILPs, then
 * give the full MILP the rest of the time with the incumbent as its start.
 *
 * <ol>
 *   <li><b>Magnitude pruning</b>: the incumbent with the smallest fraction q of the nonzero weights of each layer with
 *       continuous weights set to 0, for q = 5%, 10%, ..., 95%; each candidate is evaluated on the full model (its
 *       values by forward pass, every row checked) and the best objective, if better, becomes the incumbent. No
 *       solver: the point is exact by construction.
 *   <li><b>Pattern polish</b>: every sample's activation pattern (ReLU phases, pooling choices, gates, 0-1 errors) and
 *       every grid weight fixed to the incumbent's, the rest (continuous weights, biases, loss slacks, sparsity
 *       indicators) optimised: for that pattern, the best parameters exactly (an LP when no sparsity indicator is
 *       left).
 *   <li><b>Local search</b>: rounds solved from the incumbent; first a sweep over the hidden units of dense layers
 *       (one unit's incoming and outgoing weights and its pattern on every sample free, every other parameter and
 *       pattern fixed), then random tenths of the samples (their patterns and every weight free; halved after a round
 *       that does not settle in time; three such rounds in a row without improvement end the search). An improvement
 *       becomes the incumbent.
 *   <li><b>Exact</b>: the full MILP from the incumbent for the remaining time. Its bound is the only bound reported:
 *       the restricted stages prove nothing about the whole model. With two cores or more and a model of at most
 *       {@link #CONCURRENT_MAX_NONZEROS} nonzeros, it instead runs from the pruned start for the whole remaining
 *       time on its own thread, concurrently with the polish and the search, and the better point wins.
 * </ol>
 *
 * Each stage's model is the full model with some bounds tightened, so every point it returns is a point of the full
 * model (checked before it is accepted), and the objective never gets worse than the start.
 *
 * <p>With a trust region {@code rho > 0}, the restricted stages (polish, local search) also keep every continuous
 * weight and bias within {@code rho} of its value after the pruning stage, and every grid weight at it: the search
 * improves the objective near the gradient network instead of re-fitting the weights to the few training samples
 * from scratch (an exact re-fit of a unit to 100 MNIST images lowers the objective and the test accuracy alike). The
 * exact stage keeps the whole model.
 */
public final class HybridTrainer {
  /** Share of the time limit for the polish and for the local search (the rest goes to the exact stage). */
  static final double POLISH_SHARE = 0.15;
  static final double SEARCH_SHARE = 0.45;
  /** Sample rounds in a row without improvement after which the rest of the time goes to the exact stage. */
  static final int MAX_FAILED_ROUNDS = 3;

  /**
   * What one stage did: its objective after the stage, its time, the incumbent network after it, and that network's
   * validation score (NaN without validation rows).
   */
  public record Stage(String name, double objective, double seconds, String note, TrainedNetwork network,
      double validation) {}

  public record Result(TrainingOutcome outcome, List<Stage> stages) {}

  /**
   * Largest model (nonzeros) whose exact stage runs concurrently with the restricted stages. One solve of an MNIST
   * training model (3.4 million nonzeros) held 13 GB and two at once did not fit in 24 GB, so large models run their
   * stages one after another.
   */
  static final long CONCURRENT_MAX_NONZEROS = 1_000_000;

  /** Fractions of each layer's nonzero weights the pruning stage tries to remove: 5%, 10%, ..., 95%. */
  static final int PRUNE_STEPS = 19;

  private final double decodeTolerance;
  private final double trustRegion;
  /** Held-out rows that must not get worse for a stage's change to be kept (null: the objective alone decides). */
  private final Validation validation;
  /** Whether the first stage prunes by magnitude (not when the start's sparsity was already chosen by validation). */
  private final boolean magnitudePruning;
  /**
   * Every row the MILP's rows were sampled from (null: the MILP holds them all): a change must not raise the
   * objective on them, or the stages would fit the sample at the expense of the rest.
   */
  private final TrainingData fittedRows;
  private double incumbentScore = Double.NaN;
  /**
   * With validation, the fitted rows (all of them, not only the MILP's sample) as a second judge: a change that lowers
   * their accuracy is not kept either. The MILP lowers its surrogate (hinge and penalties), not errors, and a hold-out
   * of 80 rows cannot see what 320 fitted rows can (Breast Cancer: a polish that lowered the objective from 102.6 to
   * 92.0, validation unchanged, lost 3.5 points of test accuracy; docs/training.md).
   */
  private Validation fitted;
  private double incumbentFittedScore = Double.NaN;
  private double incumbentFittedObjective = Double.NaN;

  public HybridTrainer(double decodeTolerance) {
    this(decodeTolerance, 0.0);
  }

  public HybridTrainer(double decodeTolerance, double trustRegion) {
    this(decodeTolerance, trustRegion, null);
  }

  /**
   * @param trustRegion largest move of a continuous weight in the restricted stages, from its value after pruning;
   *     0: no trust region
   */
  public HybridTrainer(double decodeTolerance, double trustRegion, Validation validation) {
    this(decodeTolerance, trustRegion, validation, true);
  }

  /**
   * @param magnitudePruning run the magnitude-pruning stage; off when the start's pruning level was already chosen
   *     (the validated strategy's sparsity path, cross-validated), where choosing it again on one split's validation
   *     rows only adds noise
   */
  public HybridTrainer(double decodeTolerance, double trustRegion, Validation validation, boolean magnitudePruning) {
    this(decodeTolerance, trustRegion, validation, magnitudePruning, null);
  }

  /**
   * @param fittedRows the rows the problem's rows are a sample of (null: the problem holds every fitted row); a
   *     change is kept only if it does not raise the objective on them ({@link TrainingProblem#objectiveOn})
   */
  public HybridTrainer(double decodeTolerance, double trustRegion, Validation validation, boolean magnitudePruning,
      TrainingData fittedRows) {
    if (!(trustRegion >= 0) || Double.isInfinite(trustRegion)) {
      throw new IllegalArgumentException("--trust-region must be a finite number >= 0 (0: none), got " + trustRegion);
    }
    this.decodeTolerance = decodeTolerance;
    this.trustRegion = trustRegion;
    this.validation = validation;
    this.magnitudePruning = magnitudePruning;
    this.fittedRows = fittedRows;
  }

  /**
   * @param start a complete feasible point of the problem's model (e.g. the gradient network's start values)
   * @param seed seeds the choice of neighbourhoods
   */
  public Result solve(TrainingProblem problem, SolverBackend backend, SolveOptions options, double[] start,
      double buildSeconds, long seed) {
    if (!options.hasTimeLimit()) {
      throw new IllegalArgumentException("the hybrid strategy shares a time limit among its stages: give one");
    }
    long begin = System.nanoTime();
    double budget = options.timeLimitSeconds();
    Model model = problem.model();
    SolverBackend solver = stageSolver(backend);
    List<Stage> stages = new ArrayList<>();
    double[] incumbent = start.clone();
    double best = model.objective().evaluate(incumbent);
    List<double[]> points = new ArrayList<>();
    fitted = validation == null ? null
        : Validation.of(fittedRows != null ? fittedRows : problem.data(), validation.tolerance());
    keepScores(problem, incumbent);
    stages.add(stage("start", best, 0.0, "the gradient network", problem, incumbent, points));

    // 1. Magnitude pruning, evaluated exactly.
    long stageStart = System.nanoTime();
    Pruned pruned = magnitudePruning ? prune(problem, incumbent, best, values -> validates(problem, values)) : null;
    if (pruned != null) {
      incumbent = pruned.values();
      best = model.objective().evaluate(incumbent);
      keepScores(problem, incumbent);
    }
    stages.add(stage("prune", best, elapsed(stageStart), !magnitudePruning ? "skipped: the start's pruning level"
        + " was chosen by the gradient stages' sparsity path" : pruned == null ? "no improvement"
        + (validation == null && fittedRows == null ? "" : " that " + judge() + " keeps")
        : "removed the smallest " + Math.round(100 * pruned.fraction()) + "% of the continuous weights",
        problem, incumbent, points));
    Model region = trustRegion > 0 ? trustRegion(model, incumbent, trustRegion) : model;

    // With a second core and a model small enough to hold twice, the full MILP runs from the pruned start for the
    // whole remaining time on its own thread while the restricted stages search on this one: the exact stage then
    // loses no time to them, and the result is the better of the two.
    boolean concurrent = Runtime.getRuntime().availableProcessors() >= 2
        && model.numNonzeros() <= CONCURRENT_MAX_NONZEROS;
    java.util.concurrent.CompletableFuture<Solution> exactRun = null;
    long exactStart = System.nanoTime();
    if (concurrent) {
      double[] exactFrom = incumbent.clone();
      double exactLimit = Math.max(1.0, budget - elapsed(begin));
      exactRun = java.util.concurrent.CompletableFuture.supplyAsync(
          () -> solver.solve(model, options.withTimeLimit(exactLimit).withStartValues(exactFrom)));
    }

    // 2. Pattern polish.
    stageStart = System.nanoTime();
    double[] polished = polish(problem, region, solver, options, incumbent,
        Math.max(1.0, Math.min(POLISH_SHARE * budget, budget - elapsed(begin))));
    String note = "no improvement";
    if (polished != null && improves(model, polished, best)) {
      if (accept(problem, polished)) {
        incumbent = polished;
        best = model.objective().evaluate(polished);
        note = "improved";
      } else {
        note = "improved the objective, rejected by " + judge();
      }
    }
    stages.add(stage("polish", best, elapsed(stageStart), note, problem, incumbent, points));

    // 3. Local search over unit and sample neighbourhoods.
    stageStart = System.nanoTime();
    Random random = new Random(seed);
    int rounds = 0;
    int improvements = 0;
    int neighbourhood = Math.max(2, problem.rows() / 10);
    List<int[]> units = problem.searchableUnits();
    int failures = 0;
    int rejected = 0;
    double searchEnd = concurrent ? budget : (POLISH_SHARE + SEARCH_SHARE) * budget;
    while (elapsed(begin) + 1.0 < searchEnd && !interrupted(options) && failures < MAX_FAILED_ROUNDS
        && (exactRun == null || !exactRun.isDone())) {
      double limit = Math.max(1.0, Math.min(0.1 * budget, searchEnd - elapsed(begin)));
      // First one sweep over the hidden units (each re-optimised with everything else fixed: small models), then
      // neighbourhoods of samples.
      boolean unitRound = rounds < units.size();
      Model sub = unitRound
          ? fixedExcept(problem, region, incumbent, unitVariables(problem, units.get(rounds)))
          : fixedPattern(problem, region, incumbent, randomSamples(problem.rows(), neighbourhood, random), false);
      if (unitRound) {
        limit = Math.min(limit, Math.max(1.0, 0.02 * budget));
      }
      Solution s = solver.solve(sub, options.withTimeLimit(limit).withStartValues(incumbent));
      rounds++;
      if (s.hasSolution() && improves(model, s.values(), best) && accept(problem, s.values())) {
        incumbent = s.values().clone();
        best = model.objective().evaluate(incumbent);
        improvements++;
        failures = 0;
      } else if (s.hasSolution() && improves(model, s.values(), best)) {
        rejected++;
        failures += unitRound ? 0 : 1;
      } else if (!unitRound) {
        failures++;
      }
      if (!unitRound && s.status() != SolveStatus.OPTIMAL) {
        // The neighbourhood was too large to settle in time: halve it.
        neighbourhood = Math.max(1, neighbourhood / 2);
      }
    }
    stages.add(stage("local search", best, elapsed(stageStart), rounds + " rounds, " + improvements
        + " improvement(s)" + (rejected > 0 ? ", " + rejected + " rejected by " + judge() : "")
        + ", last neighbourhood " + neighbourhood + " sample(s)", problem, incumbent, points));

    // 4. The full MILP: from the incumbent for the rest of the time, or the concurrent run.
    stageStart = concurrent ? exactStart : System.nanoTime();
    Solution exact;
    if (concurrent) {
      exact = exactRun.join();
    } else {
      double remaining = Math.max(1.0, budget - elapsed(begin));
      exact = solver.solve(model, options.withTimeLimit(remaining).withStartValues(incumbent));
    }
    double[] values = incumbent;
    double objective = best;
    String exactNote = exact.status() + " " + exact.message();
    if (exact.hasSolution() && improves(model, exact.values(), best)) {
      if (accept(problem, exact.values())) {
        values = exact.values();
        objective = model.objective().evaluate(values);
      } else {
        exactNote += "; its better objective was rejected by " + judge();
      }
    }
    stages.add(stage("exact", objective, elapsed(stageStart), exactNote, problem, values, points));
    if (validation != null) {
      // The network to report is the best by validation among the stages (the later one on a tie: it has the lower
      // objective).
      int chosen = 0;
      for (int k = 0; k < stages.size(); k++) {
        if (stages.get(k).validation() >= stages.get(chosen).validation()) {
          chosen = k;
        }
      }
      values = points.get(chosen);
      objective = model.objective().evaluate(values);
    }
    TrainedNetwork network = problem.decode(values);

    double bound = exact.bestBound();
    // Proven when the full MILP proved an optimum and ours is at least as good (it may be the start it was handed).
    boolean proven = exact.status() == SolveStatus.OPTIMAL && objective <= exact.objective() + 1e-9;
    SolveStatus status = proven ? SolveStatus.OPTIMAL : SolveStatus.FEASIBLE;
    Solution solution = Trainer.restricted(problem, new Solution(status, objective, bound, values, elapsed(begin),
        exact.nodes(), "hybrid: " + stages.size() + " stages; bound from the exact stage (" + exact.status() + ")"));
    DecodeReport report = problem.check(values, network, decodeTolerance);
    return new Result(new TrainingOutcome(problem, solution, network, report, buildSeconds), stages);
  }

  /** A stage's record, its point kept for the final choice by validation. */
  private Stage stage(String name, double objective, double seconds, String note, TrainingProblem problem,
      double[] values, List<double[]> points) {
    points.add(values);
    TrainedNetwork network = problem.decode(values);
    return new Stage(name, objective, seconds, note, network, score(network));
  }

  private double score(TrainedNetwork network) {
    return validation == null ? Double.NaN : validation.score(network);
  }

  /**
   * Without validation rows or a row sample every improving point is kept; with them, only one that validation does
   * not object to and that does not raise the objective on all fitted rows.
   */
  private boolean validates(TrainingProblem problem, double[] values) {
    if (validation == null && fittedRows == null) {
      return true;
    }
    TrainedNetwork network = problem.decode(values);
    return (validation == null || validation.keeps(score(network), incumbentScore)
        && fitted.keeps(fitted.score(network), incumbentFittedScore))
        && (fittedRows == null || notWorse(problem.objectiveOn(network, fittedRows), incumbentFittedObjective));
  }

  /** {@link #validates}, and the point's scores become the incumbent's when it is kept. */
  private boolean accept(TrainingProblem problem, double[] values) {
    if (!validates(problem, values)) {
      return false;
    }
    keepScores(problem, values);
    return true;
  }

  private void keepScores(TrainingProblem problem, double[] values) {
    if (validation != null || fittedRows != null) {
      TrainedNetwork network = problem.decode(values);
      incumbentScore = score(network);
      incumbentFittedScore = fitted == null ? Double.NaN : fitted.score(network);
      incumbentFittedObjective = fittedRows == null ? Double.NaN : problem.objectiveOn(network, fittedRows);
    }
  }

  /** {@code candidate} is no higher than {@code incumbent}, up to a relative 1e-9. */
  static boolean notWorse(double candidate, double incumbent) {
    return candidate <= incumbent + 1e-9 * Math.max(1, Math.abs(incumbent));
  }

  /** What rejects a change, for the stage notes. */
  private String judge() {
    return validation == null ? "the objective on all fitted rows" : fittedRows == null
        ? "validation or the fitted rows' accuracy" : "validation, the fitted rows' accuracy or their objective";
  }

  /**
   * Solves each stage with its own interrupt signal, chained to the caller's (Ctrl-C stops the stage): the time-limit
   * guard raises a stage's signal when that stage overruns, which must not stop the stages after it.
   */
  private static SolverBackend stageSolver(SolverBackend backend) {
    // The restricted stages fix most variables: they leave the model before translation, instead of reaching the
    // solver whole (and being presolved away there) once per round.
    SolverBackend guarded = new TimeLimitGuard(new FixedVariableRemoval(new BridgingSolver(backend)));
    return new ForwardingSolverBackend(guarded) {
      @Override
      public Solution solve(Model model, SolveOptions options) {
        InterruptSignal outer = options.interrupt();
        InterruptSignal own = new InterruptSignal();
        Runnable relay = own::interrupt;
        if (outer != null) {
          outer.onInterrupt(relay);
        }
        try {
          return guarded.solve(model, options.withInterrupt(own));
        } finally {
          if (outer != null) {
            outer.remove(relay);
          }
        }
      }
    };
  }

  /**
   * The parameters' problem for the incumbent's activation pattern: every sample binary and every grid weight fixed,
   * solved from the incumbent. Null when the solver returns nothing.
   */
  public static double[] polish(TrainingProblem problem, SolverBackend solver, SolveOptions options,
      double[] incumbent, double seconds) {
    return polish(problem, problem.model(), solver, options, incumbent, seconds);
  }

  private static double[] polish(TrainingProblem problem, Model base, SolverBackend solver, SolveOptions options,
      double[] incumbent, double seconds) {
    Model fixed = fixedPattern(problem, base, incumbent, Set.of(), true);
    Solution s = solver.solve(fixed, options.withTimeLimit(seconds).withStartValues(incumbent));
    return s.hasSolution() ? s.values().clone() : null;
  }

  /**
   * The model with the activation pattern of every row outside {@code free} fixed to the incumbent's, and (when
   * {@code fixGrid}) every grid weight and bias binary too.
   */
  static Model fixedPattern(TrainingProblem problem, double[] incumbent, Set<Integer> free, boolean fixGrid) {
    return fixedPattern(problem, problem.model(), incumbent, free, fixGrid);
  }

  private static Model fixedPattern(TrainingProblem problem, Model base, double[] incumbent, Set<Integer> free,
      boolean fixGrid) {
    Model m = base.copy(problem.model().name() + "-restricted");
    for (int i = 0; i < problem.rows(); i++) {
      if (free.contains(i)) {
        continue;
      }
      for (Var v : problem.sampleBinaries(i)) {
        fix(m, v.index(), incumbent);
      }
    }
    if (fixGrid) {
      for (int v = 0; v < m.numVars(); v++) {
        String tag = m.varTag(v);
        if (m.varType(v).isIntegral() && ("weight".equals(tag) || "bias".equals(tag))) {
          fix(m, v, incumbent);
        }
      }
    }
    return m;
  }

  /** Fixes variable v at the incumbent's value (rounded when integral, within the variable's bounds). */
  private static void fix(Model m, int v, double[] incumbent) {
    double x = m.varType(v).isIntegral() ? Math.rint(incumbent[v]) : incumbent[v];
    x = Math.min(m.upperBound(v), Math.max(m.lowerBound(v), x));
    m.setBounds(v, x, x);
  }

  private static Set<Var> unitVariables(TrainingProblem problem, int[] unit) {
    return problem.unitVariables(unit[0], unit[1]);
  }

  /**
   * The model with every parameter (weights, biases, their L0/L1 variables, every mask and switch) and every row's
   * activation pattern fixed to the incumbent's, except the variables in {@code free}.
   */
  static Model fixedExcept(TrainingProblem problem, double[] incumbent, Set<Var> free) {
    return fixedExcept(problem, problem.model(), incumbent, free);
  }

  private static Model fixedExcept(TrainingProblem problem, Model base, double[] incumbent, Set<Var> free) {
    Model m = base.copy(problem.model().name() + "-unit");
    Set<Integer> open = new HashSet<>();
    for (Var v : free) {
      open.add(v.index());
    }
    for (int i = 0; i < problem.rows(); i++) {
      for (Var v : problem.sampleBinaries(i)) {
        if (!open.contains(v.index())) {
          fix(m, v.index(), incumbent);
        }
      }
    }
    for (int v = 0; v < m.numVars(); v++) {
      if (!open.contains(v) && PARAMETER_TAGS.contains(m.varTag(v))) {
        fix(m, v, incumbent);
      }
    }
    return m;
  }

  /**
   * The model with every continuous weight and bias kept within {@code rho} of its value in {@code anchor} (and within
   * its own bounds) and every grid weight and bias fixed at it (a grid step is a jump, never a small move): a
   * restriction of the model that contains the anchor. Without the grid part, the local search at MNIST scale zeroed
   * the ternary output weights of 22 of 64 hidden units for a few L0 points and lost 1.2 points of test accuracy.
   */
  static Model trustRegion(Model model, double[] anchor, double rho) {
    Model m = model.copy(model.name() + "-trust-region");
    for (int v = 0; v < m.numVars(); v++) {
      if (!"weight".equals(m.varTag(v)) && !"bias".equals(m.varTag(v))) {
        continue;
      }
      if (m.varType(v).isIntegral()) {
        fix(m, v, anchor);
      } else {
        m.setBounds(v, Math.max(m.lowerBound(v), anchor[v] - rho), Math.min(m.upperBound(v), anchor[v] + rho));
      }
    }
    return m;
  }

  /** A pruned point: its values and the fraction of each layer's nonzero continuous weights it removed. */
  record Pruned(double[] values, double fraction) {}

  /**
   * The best of the incumbent's magnitude-pruned networks (the smallest fraction q of each layer's nonzero continuous
   * weights set to 0, q = 5%, ..., 95%) by the model's objective, if it improves on {@code best}; null otherwise. A
   * candidate the model cannot hold (a budget, an anchor) or that breaks a row is skipped.
   */
  static Pruned prune(TrainingProblem problem, double[] incumbent, double best) {
    return prune(problem, incumbent, best, values -> true);
  }

  /** {@link #prune}, among the candidates {@code keep} accepts. */
  static Pruned prune(TrainingProblem problem, double[] incumbent, double best,
      java.util.function.Predicate<double[]> keep) {
    Model model = problem.model();
    TrainedNetwork network = problem.decode(incumbent);
    Pruned winner = null;
    for (int step = 1; step <= PRUNE_STEPS; step++) {
      double q = step / (PRUNE_STEPS + 1.0);
      TrainedNetwork candidate = MagnitudePruning.prune(network, q);
      if (candidate == null) {
        break; // no continuous weights to prune
      }
      double[] values;
      try {
        values = problem.startValues(candidate);
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (improves(model, values, best) && keep.test(values)) {
        winner = new Pruned(values, q);
        best = model.objective().evaluate(values);
      }
    }
    return winner;
  }

  /** Tags of the variables that describe the network itself (not per-sample values). */
  static final Set<String> PARAMETER_TAGS = Set.of("weight", "bias", "weight-nonzero", "weight-abs", "neuron-mask",
      "feature-mask", "filter-mask", "layer-switch");

  private static Set<Integer> randomSamples(int rows, int n, Random random) {
    Set<Integer> free = new HashSet<>();
    n = Math.min(n, rows);
    while (free.size() < n) {
      free.add(random.nextInt(rows));
    }
    return free;
  }

  /** A point of the full model (within 1e-6) with a strictly smaller objective. */
  private static boolean improves(Model model, double[] values, double best) {
    return model.objective().evaluate(values) < best - 1e-9
        && new FeasibilityCheck(1e-6).violations(model, values).isEmpty();
  }

  private static boolean interrupted(SolveOptions options) {
    return options.interrupt() != null && options.interrupt().isInterrupted();
  }

  private static double elapsed(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
