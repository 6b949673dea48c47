package io.milpnet.formulation.train;

import io.milpnet.core.model.FeasibilityCheck;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.spec.LayerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Training with validation rows: the gradient stages ({@link GradientPipeline}: float network, sparsity path, grid
 * projection) give the start, the MILP stages (the exact solve, or the hybrid strategy's) may change it only where the
 * held-out validation rows do not get worse, the best network by validation is kept, and it is finally re-fitted on
 * all training rows (validation rows included) with its structure fixed.
 *
 * <p>The MILP is built on the training rows without the validation rows. The final network lies in that problem's
 * domains, so the problem's bound holds for it; and every loss term is non-negative, so the bound also bounds the
 * objective on all training rows, which is the objective reported: the gap is an honest statement about the network
 * returned.
 */
public final class ValidatedTrainer {

  /**
   * @param hybrid the hybrid strategy's MILP stages (else one exact solve)
   * @param refit re-fit the kept network on all training rows at the end
   * @param chooseWeightBound the first layer's weight bound comes from the gradient network (the user gave none)
   */
  public record Settings(double decodeTolerance, double trustRegion, boolean hybrid, boolean refit,
      boolean chooseWeightBound, boolean chooseGrid, boolean calibrate, long maxNonzeros, long seed) {}

  /**
   * Default size limit of the MILP of the validated stages: SCIP held about 5 GB for a hybrid solve of an 850,000
   * nonzero MNIST model and 21 GB for a 5.5 million nonzero one (8x8 digits, 1,000 rows), which a 24 GB machine does
   * not survive twice.
   */
  public static final long DEFAULT_MAX_NONZEROS = 1_000_000;

  /**
   * Grids tried for the layers fed by hidden units when the user chose none, coarsest first: ternary, then integer
   * levels {@code {-K..K}} with K = 2, 3, 7 (3, 3 and 4 binaries per weight).
   */
  static final int[] GRID_LEVELS = {1, 2, 3, 7};

  /**
   * One stage of the run as reported: its network, the MILP objective on the training rows it was fitted on (NaN
   * where the network is not in the MILP's domains: the float network and the sparsity path), its validation score.
   */
  public record StageRecord(String name, TrainedNetwork network, double objective, double validation, double seconds,
      String note) {}

  /**
   * The outcome (final network, its objective on all training rows, the bound), every stage, the sparsity path, the
   * configuration the MILP was built with (its weight bound possibly chosen from the gradient network) and what the
   * run chose for the user.
   */
  public record Result(TrainingOutcome outcome, List<StageRecord> stages, GradientPipeline.Path path,
      TrainingConfig config, List<String> choices) {}

  private final Settings settings;
  private final GradientPipeline gradient;

  public ValidatedTrainer(Settings settings, GradientPipeline.Options gradientOptions) {
    this.settings = settings;
    this.gradient = new GradientPipeline(gradientOptions);
  }

  /**
   * The gradient stages' outcome: the problem built for the fitted rows (its weight bound possibly chosen from the
   * gradient network), the start (a point of its model), the stages so far and the sparsity path.
   */
  public record Start(TrainingData fit, TrainingData all, Validation validation, TrainingProblem problem,
      double[] values, GradientPipeline.Step grid, List<StageRecord> stages, GradientPipeline.Path path,
      List<String> choices, double buildSeconds, long began, double scale) {}

  /**
   * The gradient stages and the MILP for the fitted rows.
   *
   * @param fit the training rows the stages fit (all training rows without the validation rows)
   * @param all every training row (for the final re-fit and the reported objective)
   * @param otherFolds the other cross-validation folds of {@code all} ({@link TrainingData#folds}; may be empty):
   *     the sparsity level is chosen on all folds' validation rows
   * @param lp LP solver for bound tightening, or null
   * @param log one line per stage, for progress output
   */
  public Start start(TrainingData fit, TrainingData all, Validation validation, List<TrainingData.Split> otherFolds,
      List<LayerSpec> hidden, TrainingConfig config, SolverBackend lp, Consumer<String> log) {
    return start(fit, all, validation, otherFolds, hidden, config, lp, null, log);
  }

  /**
   * {@link #start(TrainingData, TrainingData, Validation, List, List, TrainingConfig, SolverBackend, Consumer)} from a
   * given float network ({@code train --init}, already a network of this run: {@link StartNetwork#adapt}) instead of
   * one trained here; the other folds still train their own, to score the sparsity path.
   *
   * @param init the float network, or null to train it
   */
  public Start start(TrainingData fit, TrainingData all, Validation validation, List<TrainingData.Split> otherFolds,
      List<LayerSpec> hidden, TrainingConfig config, SolverBackend lp, GradientPipeline.Step init,
      Consumer<String> log) {
    long begin = System.nanoTime();
    List<StageRecord> stages = new ArrayList<>();
    List<String> choices = new ArrayList<>();
    GradientPipeline.Step floatStep = init != null ? init
        : gradient.trainFloat(fit, hidden, config.inputShape(), validation);
    stages.add(record(floatStep, Double.NaN));
    log.accept(line(floatStep, validation));
    List<WeightDomain> domains = TrainingProblem.weightDomains(fit, hidden, config);
    List<GradientPipeline.Fold> folds = new ArrayList<>();
    for (TrainingData.Split split : otherFolds) {
      Validation v = Validation.of(split.validation(), validation.tolerance());
      folds.add(new GradientPipeline.Fold(split.fit(), gradient.trainFloat(split.fit(), hidden, config.inputShape(),
          v), v));
    }
    if (!folds.isEmpty()) {
      log.accept("  cross-validation of the sparsity path: " + (folds.size() + 1) + " folds, a float network on each"
          + " (" + String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - begin) / 1e9) + " s so far)");
    }
    GradientPipeline.Path path = gradient.sparsify(floatStep, fit, domains, validation, folds);
    if (path.folds() > 1) {
      log.accept("  float network" + pooledNote(path, 0, validation).substring(1));
    }
    for (int i = 1; i < path.levels().size(); i++) {
      log.accept("  " + line(path.levels().get(i), validation) + pooledNote(path, i, validation)
          + (i == path.chosen() ? "  <- kept" : ""));
    }
    GradientPipeline.Step sparse = path.kept();
    if (path.levels().size() > 1) {
      stages.add(new StageRecord("sparse", sparse.network(), Double.NaN, sparse.score(), sparse.seconds(),
          path.chosen() == 0 ? "the float network: every sparser level scored lower on validation"
              : sparse.name() + " (the sparsest level " + (path.folds() > 1 ? path.folds() + "-fold cross-validation"
              : "validation") + " keeps, of " + (path.levels().size() - 1) + ")"));
    }
    TrainingData milpRows = milpRows(fit, hidden, config, lp, log);
    if (milpRows != fit) {
      choices.add("MILP rows: a stratified sample of " + milpRows.samples() + " of the " + fit.samples() + " fitted"
          + " rows, so that the model stays under " + settings.maxNonzeros() + " nonzeros (the gradient stages and"
          + " the refit use all rows; the bound, a bound on a subset of the rows, holds for all of them)");
    }
    TrainingProblem problem = null;
    GradientPipeline.Step grid = null;
    double buildSeconds = 0;
    List<String> choiceNotes = new ArrayList<>();
    int[] levels = settings.chooseGrid() && hasGridLayer(domains) ? GRID_LEVELS : new int[] {0};
    // A grid must keep the network's validation score and, the larger sample of what the projection loses, its score
    // on the fitted rows.
    Validation fitted = Validation.of(fit, validation.tolerance());
    double sparseFit = fitted.score(sparse.network());
    double gridFit = Double.NEGATIVE_INFINITY;
    for (int levelsK : levels) {
      TrainingConfig candidate = levelsK <= 1 ? config
          : config.withHiddenDomain(new WeightDomain.IntegerGrid(levelsK, config.gridScale()));
      List<WeightDomain> d = TrainingProblem.weightDomains(fit, hidden, candidate);
      TrainedNetwork rescaled = GridProjection.rescale(sparse.network(), d);
      List<String> notes = new ArrayList<>();
      if (settings.chooseWeightBound()) {
        double bound = GridProjection.continuousBound(rescaled, d);
        if (bound > 0) {
          candidate = candidate.withWeightBound(bound);
          notes.add("weight bound " + String.format(java.util.Locale.ROOT, "%.6g", bound) + ": the largest"
              + " first-layer weight of the gradient network after its unit scales moved by positive homogeneity (no"
              + " --weight-bound given)");
        }
      }
      long buildStart = System.nanoTime();
      TrainingProblem built = TrainingProblem.build(milpRows, hidden, candidate, lp);
      double seconds = (System.nanoTime() - buildStart) / 1e9;
      GradientPipeline.Step projected = gradient.project(rescaled, built, fit, validation);
      if (levelsK > 1) {
        notes.add("weights of layers fed by hidden units on integer:" + levelsK + ": the coarser grids lost"
            + " validation or training accuracy in the projection (no --weight-domain given)");
      }
      double projectedFit = fitted.score(projected.network());
      log.accept("  " + line(projected, validation) + " on " + describeGrid(d) + "; fitted rows " + GradientPipeline
          .fmt(fitted, projectedFit) + " (before the projection " + GradientPipeline.fmt(fitted, sparseFit) + ")");
      boolean better = grid == null || projected.score() > grid.score()
          || projected.score() == grid.score() && projectedFit > gridFit;
      if (better) {
        problem = built;
        grid = projected;
        gridFit = projectedFit;
        buildSeconds = seconds;
        choiceNotes = notes;
      }
      if (validation.keeps(projected.score(), sparse.score()) && fitted.keeps(projectedFit, sparseFit)) {
        break;
      }
    }
    choices.addAll(choiceNotes);
    double scale = 1.0;
    if (settings.calibrate() && !fit.regression()) {
      Calibrated c = calibrate(grid.network(), problem, fit);
      if (c != null) {
        long buildStart = System.nanoTime();
        TrainingConfig calibrated = problem.config().withWeightBound(c.weightBound()).withL1(c.l1());
        TrainingProblem rebuilt = TrainingProblem.build(milpRows, hidden, calibrated, lp);
        double[] values = pointOf(rebuilt, c.network());
        if (values != null && new FeasibilityCheck(1e-6).violations(rebuilt.model(), values).isEmpty()) {
          problem = rebuilt;
          scale = c.factor();
          buildSeconds = (System.nanoTime() - buildStart) / 1e9;
          grid = new GradientPipeline.Step(grid.name(), c.network(), grid.score(), grid.seconds(), grid.note()
              + "; scaled by " + fmt(c.factor()) + " (positive homogeneity: the same predictions)");
          choices.removeIf(x -> x.startsWith("weight bound"));
          choices.add("scale: the gradient network's outputs times " + fmt(c.factor()) + ", so that the median"
              + " margin of its correctly classified training rows is the margin " + fmt(problem.config().margin())
              + "; weight bound " + fmt(c.weightBound()) + " (its largest first-layer weight then)");
          choices.add("--l1 " + fmt(c.l1()) + ": the L1 penalty at which that scale is a stationary point of the"
              + " MILP objective (hinge + l1 sum |w|), so the MILP does not gain by merely scaling the network up");
        }
      }
    }
    double[] start = pointOf(problem, grid.network());
    List<String> violations = start == null ? List.of(budgetNote(problem, grid.network()))
        : new FeasibilityCheck(1e-6).violations(problem.model(), start);
    if (!violations.isEmpty()) {
      // The float network knows nothing of budgets, monotonicity, anchors or implications: the in-domain trainer,
      // which meets the budgets, is the fallback, then the zero network.
      GradientTrainer.Result g = new GradientTrainer().train(problem,
          GradientTrainer.Options.defaults(settings.seed()));
      double[] values = pointOf(problem, g.network());
      TrainedNetwork fallback = g.network();
      String what = "the in-domain gradient network";
      if (values == null || !new FeasibilityCheck(1e-6).violations(problem.model(), values).isEmpty()) {
        fallback = problem.zeroNetwork();
        values = problem.startValues(fallback);
        what = "the zero network";
        List<String> zero = new FeasibilityCheck(1e-6).violations(problem.model(), values);
        if (!zero.isEmpty()) {
          throw new IllegalArgumentException("no start for the validated stages: neither the projected gradient"
              + " network nor the zero network is a point of the model (" + zero.get(0) + "); give --validation 0");
        }
      }
      log.accept("  the projected network violates " + violations.size() + " row(s) of the model (first: "
          + violations.get(0) + "): the domain constraints are the MILP's alone; starting from " + what);
      grid = new GradientPipeline.Step("grid", fallback, validation.score(fallback), g.seconds(), what
          + " (the projected float network breaks a constraint of the model)");
      start = values;
    }
    stages.add(record(grid, problem.model().objective().evaluate(start)));
    log.accept(line(grid, validation) + ", objective " + fmt(problem.model().objective().evaluate(start)));
    return new Start(fit, all, validation, problem, start, grid, stages, path, choices, buildSeconds, begin, scale);
  }

  /** The MILP stages from the start, the choice by validation and the re-fit. */
  public Result finish(Start begun, SolverBackend backend, SolveOptions options, Consumer<String> log) {
    TrainingProblem problem = begun.problem();
    Validation validation = begun.validation();
    TrainingData fit = begun.fit();
    TrainingData all = begun.all();
    double[] start = begun.values();
    GradientPipeline.Step grid = begun.grid();
    List<StageRecord> stages = new ArrayList<>(begun.stages());
    double buildSeconds = begun.buildSeconds();
    long begin = begun.began();
    SolveOptions solve = options.withStartValues(start);
    // The MILP holds a sample of the fitted rows: its changes must not raise the objective on all of them.
    boolean sampled = problem.data().samples() < fit.samples();
    TrainingOutcome milp;
    if (settings.hybrid()) {
      HybridTrainer.Result h = new HybridTrainer(settings.decodeTolerance(), settings.trustRegion(), validation,
          begun.path().levels().size() <= 1, sampled ? fit : null)
          .solve(problem, backend, solve, start, buildSeconds, settings.seed());
      for (HybridTrainer.Stage st : h.stages()) {
        if (!st.name().equals("start")) {
          stages.add(new StageRecord(st.name(), st.network(), st.objective(), st.validation(), st.seconds(),
              st.note()));
        }
      }
      milp = h.outcome();
    } else {
      milp = new Trainer(settings.decodeTolerance()).solve(problem, backend, solve, buildSeconds);
      Solution s = milp.solution();
      String note = s.status() + " " + s.message();
      TrainedNetwork startNetwork = problem.decode(start);
      boolean fitsTheSample = sampled && milp.hasNetwork() && !HybridTrainer.notWorse(problem.objectiveOn(
          milp.network(), fit), problem.objectiveOn(startNetwork, fit));
      // The fitted rows judge too: the MILP lowers its surrogate, and a change that costs them accuracy is refused.
      Validation fitted = Validation.of(fit, validation.tolerance());
      boolean losesFitted = milp.hasNetwork() && !fitted.keeps(fitted.score(milp.network()),
          fitted.score(startNetwork));
      if (milp.hasNetwork() && (!validation.keeps(validation.score(milp.network()), grid.score()) || fitsTheSample
          || losesFitted)) {
        String judge = fitsTheSample ? "the objective on all fitted rows" : losesFitted
            ? "the fitted rows' accuracy" : "validation";
        note += "; its network was rejected by " + judge + " (the start is kept)";
        milp = startOutcome(problem, start, startNetwork, s, buildSeconds, "the exact solve's network was rejected by "
            + judge + "; the start is reported");
      } else if (!milp.hasNetwork()) {
        milp = startOutcome(problem, start, startNetwork, s, buildSeconds, "the solver returned no network ("
            + s.status() + "); the start is reported");
      }
      stages.add(new StageRecord("exact", milp.network(), milp.solution().objective(),
          validation.score(milp.network()), s.seconds(), note));
    }
    log.accept(String.format(java.util.Locale.ROOT, "MILP stages: objective %s, %s", fmt(milp.solution()
        .objective()), GradientPipeline.fmt(validation, validation.score(milp.network()))));

    TrainedNetwork chosen = milp.network();
    double[] values = milp.solution().values();
    DecodeReport audit = milp.report();
    if (settings.refit()) {
      GradientPipeline.Step refit = gradient.refit(chosen, problem, all, begun.scale());
      double[] refitValues = pointOf(problem, refit.network());
      List<String> bad = refitValues == null ? List.of(budgetNote(problem, refit.network()))
          : new FeasibilityCheck(1e-6).violations(problem.model(), refitValues);
      if (bad.isEmpty()) {
        // The values describe the network in the model's canonical unit order: the same function, decoded.
        chosen = problem.decode(refitValues);
        values = refitValues;
        audit = problem.check(values, chosen, settings.decodeTolerance());
        stages.add(new StageRecord("refit", chosen, problem.model().objective().evaluate(values), Double.NaN,
            refit.seconds(), refit.note() + "; validation rows are part of its training data now"));
        log.accept("refit: " + refit.note());
      } else {
        log.accept("refit: not a point of the model (" + bad.get(0) + "); the validated network is kept");
      }
    }
    double objective = problem.objectiveOn(chosen, all);
    double bound = milp.solution().bestBound();
    if (!Double.isNaN(bound) && bound > objective + 1e-6 * Math.max(1, Math.abs(objective))) {
      throw new IllegalStateException("bound " + bound + " above the objective " + objective + " of a network of the"
          + " problem: a bug");
    }
    boolean proven = !Double.isNaN(bound) && Solution.relativeGap(objective, bound) <= options.relativeGap();
    String message = "MILP on " + problem.data().samples() + " of " + all.samples() + " training rows ("
        + validation.rows() + " validation rows held out" + (sampled ? ", a sample of the fitted rows under the size"
        + " limit" : "") + "); objective on all " + all.samples() + " rows; the bound is the MILP's (a lower bound on"
        + " all rows too: every loss term is non-negative)"
        + (milp.solution().message().isEmpty() ? "" : "; " + milp.solution().message());
    Solution solution = new Solution(proven ? SolveStatus.OPTIMAL : SolveStatus.FEASIBLE, objective, bound, values,
        (System.nanoTime() - begin) / 1e9, milp.solution().nodes(), message);
    DecodeReport report = new DecodeReport(audit.mismatches(), audit.details(), audit.forwardLoss(), objective,
        audit.predictions());
    return new Result(new TrainingOutcome(problem, solution, chosen, report, milp.buildSeconds()), stages,
        begun.path(), problem.config(), begun.choices());
  }

  /** The exact stage's outcome replaced by the start: its objective, the solve's bound, nodes and time. */
  private TrainingOutcome startOutcome(TrainingProblem problem, double[] start, TrainedNetwork startNetwork,
      Solution s, double buildSeconds, String message) {
    return new TrainingOutcome(problem, new Solution(SolveStatus.FEASIBLE, problem.model().objective().evaluate(start),
        s.bestBound(), start, s.seconds(), s.nodes(), message), startNetwork, problem.check(start, startNetwork,
        settings.decodeTolerance()), buildSeconds);
  }

  /**
   * The fitted rows, or a stratified sample of them whose MILP stays within the size limit: the model's nonzeros
   * grow linearly with the rows, measured on a model of a few rows with the finest grid the run may choose.
   */
  private TrainingData milpRows(TrainingData fit, List<LayerSpec> hidden, TrainingConfig config, SolverBackend lp,
      Consumer<String> log) {
    int probe = Math.min(fit.samples(), 20);
    if (probe < 2) {
      return fit;
    }
    TrainingData few = probe == fit.samples() ? fit : fit.holdOut(1.0 - (double) probe / fit.samples(),
        settings.seed()).fit();
    TrainingConfig finest = settings.chooseGrid() ? config.withHiddenDomain(new WeightDomain.IntegerGrid(
        GRID_LEVELS[GRID_LEVELS.length - 1], config.gridScale())) : config;
    long nonzeros = TrainingProblem.build(few, hidden, finest.withTightening(finest.tightening().withBounds(
        io.milpnet.formulation.verify.BoundMethod.INTERVAL, 0)), null).model().numNonzeros();
    double perRow = (double) nonzeros / few.samples();
    long estimate = Math.round(perRow * fit.samples());
    if (estimate <= settings.maxNonzeros()) {
      return fit;
    }
    int rows = (int) Math.max(2 * Math.max(1, fit.numClasses()), Math.floor(settings.maxNonzeros() / perRow));
    if (rows >= fit.samples()) {
      return fit;
    }
    TrainingData sample = fit.holdOut(1.0 - (double) rows / fit.samples(), settings.seed() + 1).fit();
    log.accept(String.format(java.util.Locale.ROOT, "  the MILP of all %d fitted rows would have about %,d"
        + " nonzeros: it encodes a stratified sample of %d rows", fit.samples(), estimate, sample.samples()));
    return sample;
  }

  /** The model values of a network, or null when the model cannot hold it (a feature or neuron budget). */
  private static double[] pointOf(TrainingProblem problem, TrainedNetwork network) {
    try {
      return problem.startValues(network);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String budgetNote(TrainingProblem problem, TrainedNetwork network) {
    try {
      problem.startValues(network);
      return "";
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /** A calibrated start: the network scaled by {@code factor}, its weight bound, the stationary L1 weight. */
  record Calibrated(TrainedNetwork network, double factor, double weightBound, double l1) {}

  /**
   * Scales the network (by positive homogeneity, predictions unchanged) so that the median margin of its correctly
   * classified fitted rows equals the problem's margin, and picks the L1 weight that makes that scale stationary for
   * {@code hinge + l1 sum|w|}: d/d(scale) of the hinge is minus the sum of the margins of the rows inside the margin,
   * d/d(scale) of the penalty is l1 times the first layer's L1 norm. Null when it does not apply (no continuous first
   * layer, too few correct rows, or no row inside the margin).
   */
  static Calibrated calibrate(TrainedNetwork network, TrainingProblem problem, TrainingData fit) {
    List<WeightDomain> domains = GradientPipeline.domainsOf(problem);
    int first = 0;
    while (first < domains.size() && domains.get(first) == null) {
      first++;
    }
    if (first == domains.size() || !(domains.get(first) instanceof WeightDomain.Continuous)) {
      return null;
    }
    double margin = problem.config().margin();
    double[] d = margins(network, fit);
    double[] positive = java.util.Arrays.stream(d).filter(v -> v > 0).sorted().toArray();
    if (positive.length < 2) {
      return null;
    }
    double median = positive[positive.length / 2];
    double factor = margin / median;
    TrainedNetwork scaled = GridProjection.scale(network, factor);
    if (scaled == network) {
      return null;
    }
    double inside = 0;
    for (double v : d) {
      if (factor * v < margin) {
        inside += factor * v;
      }
    }
    double norm = 0;
    for (double w : GridProjection.weightsOf(scaled.layers().get(first))) {
      norm += Math.abs(w);
    }
    if (!(inside > 0) || !(norm > 0)) {
      return null;
    }
    double bound = GridProjection.continuousBound(scaled, domains);
    return new Calibrated(scaled, factor, bound, inside / norm);
  }

  /** Each fitted row's margin: the true class's output minus the best other one (one score: signed by the class). */
  private static double[] margins(TrainedNetwork network, TrainingData fit) {
    io.milpnet.formulation.network.ForwardPass forward = new io.milpnet.formulation.network.ForwardPass(network);
    double[] d = new double[fit.samples()];
    for (int i = 0; i < d.length; i++) {
      double[] o = forward.outputs(fit.x()[i]);
      int y = fit.y()[i];
      if (o.length == 1) {
        d[i] = y == 1 ? o[0] : -o[0];
      } else {
        double best = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < o.length; c++) {
          if (c != y) {
            best = Math.max(best, o[c]);
          }
        }
        d[i] = o[y] - best;
      }
    }
    return d;
  }

  private static String pooledNote(GradientPipeline.Path path, int level, Validation validation) {
    return path.folds() <= 1 ? "" : "; " + path.folds() + "-fold " + GradientPipeline.fmt(validation,
        path.crossValidated()[level]) + (validation.regression() ? "" : String.format(java.util.Locale.ROOT,
        ", log-likelihood %.4f", path.crossValidatedCriterion()[level]));
  }

  private static boolean hasGridLayer(List<WeightDomain> domains) {
    return domains.stream().anyMatch(d -> d instanceof WeightDomain.Ternary || d instanceof WeightDomain.IntegerGrid);
  }

  private static String describeGrid(List<WeightDomain> domains) {
    List<String> parts = new ArrayList<>();
    for (WeightDomain d : domains) {
      if (d != null) {
        parts.add(d.describe());
      }
    }
    return String.join(", ", parts);
  }

  private static StageRecord record(GradientPipeline.Step step, double objective) {
    return new StageRecord(step.name(), step.network(), objective, step.score(), step.seconds(), step.note());
  }

  private static String line(GradientPipeline.Step step, Validation validation) {
    return String.format(java.util.Locale.ROOT, "%s network: %s, %d nonzero weights, %.1f s (%s)", step.name(),
        GradientPipeline.fmt(validation, step.score()).replace("accuracy", "validation accuracy")
            .replace("error", "validation error"), step.nonzeroWeights(), step.seconds(), step.note());
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.6g", v);
  }
}
