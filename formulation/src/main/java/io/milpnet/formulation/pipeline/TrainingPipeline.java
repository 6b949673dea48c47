package io.milpnet.formulation.pipeline;

import static io.milpnet.formulation.pipeline.NumberText.of;

import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.formulation.data.Dataset;
import io.milpnet.formulation.data.PreparedData;
import io.milpnet.formulation.network.ForwardPass;
import io.milpnet.formulation.network.NetworkStructure;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.train.ActivationRanges;
import io.milpnet.formulation.train.GradientPipeline;
import io.milpnet.formulation.train.GradientTrainer;
import io.milpnet.formulation.train.HybridTrainer;
import io.milpnet.formulation.train.StartNetwork;
import io.milpnet.formulation.train.Trainer;
import io.milpnet.formulation.train.TrainingConfig;
import io.milpnet.formulation.train.TrainingData;
import io.milpnet.formulation.train.TrainingModelSize;
import io.milpnet.formulation.train.TrainingOutcome;
import io.milpnet.formulation.train.TrainingProblem;
import io.milpnet.formulation.train.ValidatedTrainer;
import io.milpnet.formulation.train.Validation;
import io.milpnet.formulation.verify.BoundMethod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A whole training run on prepared data: the validation decision, the gradient warm start, the optional restriction
 * to the gradient network's activation ranges, and the strategy (one exact solve, the hybrid stages, or the validated
 * stages of {@link ValidatedTrainer}). {@link #start} does everything up to the solve, {@link #finish} solves, so a
 * caller can guard the solve (an interrupt, a progress display) alone.
 */
public final class TrainingPipeline {
  /** With validation, the default L0 penalty per nonzero weight, as a fraction of the margin. */
  public static final double VALIDATED_L0 = 0.01;
  /** With validation, the default penalty per live hidden unit, in nonzero weights. */
  public static final double VALIDATED_UNIT_WEIGHTS = 10;
  /** Default validation fraction, and the fewest training rows that get validation by default. */
  public static final double VALIDATION_DEFAULT = 0.2;
  public static final int VALIDATION_MIN_ROWS = 100;

  private final PipelineSettings settings;
  private final SolverBackend backend;
  private final Supplier<SolverBackend> lpBackend;
  private final PipelineListener listener;
  private final StartNetwork.Given init;

  /**
   * @param backend the MILP backend
   * @param lpBackend the LP backend of bound tightening and of the LP bound, asked for only when one of them is on
   */
  public TrainingPipeline(PipelineSettings settings, SolverBackend backend, Supplier<SolverBackend> lpBackend,
      PipelineListener listener) {
    this.settings = settings;
    this.backend = backend;
    this.lpBackend = lpBackend;
    this.listener = listener;
    this.init = null;
  }

  private TrainingPipeline(TrainingPipeline p, StartNetwork.Given init) {
    this.settings = p.settings;
    this.backend = p.backend;
    this.lpBackend = p.lpBackend;
    this.listener = p.listener;
    this.init = init;
  }

  /**
   * This pipeline starting from a given network ({@code train --init}) instead of a gradient-trained one: it is the
   * float network of the validated stages, the warm start of an exact or hybrid solve without validation (moved into
   * the problem's domains and fine-tuned there), and the network of {@link Strategy#FLOAT} as it is.
   */
  public TrainingPipeline startingFrom(StartNetwork.Given given) {
    return new TrainingPipeline(this, given);
  }

  /** The given network as a network of this run's data, or null without one. */
  private TrainedNetwork initFor(PreparedData data, TrainingData rows, List<LayerSpec> hidden, TrainingConfig config) {
    if (init == null) {
      return null;
    }
    Map<String, Double> constants = new HashMap<>();
    Dataset raw = data.trainRows();
    for (String name : data.droppedFeatures()) {
      int c = raw.featureNames().indexOf(name);
      if (c >= 0 && raw.numSamples() > 0) {
        constants.put(name, raw.features()[0][c]);
      }
    }
    TrainedNetwork net = StartNetwork.adapt(init, rows, hidden, config.inputShape(), constants);
    listener.line(String.format(Locale.ROOT, "start network %s: %d of %d weights nonzero, train accuracy"
        + " %s, test accuracy %s", init.source(), NetworkStructure.of(net).nonzeroWeights(),
        NetworkStructure.of(net).totalWeights(), rows.regression() ? "-" : of(new ForwardPass(net).accuracy(rows.x(),
        rows.y())), rows.regression() ? "-" : of(data.testAccuracy(net))));
    return net;
  }

  /** A run up to its solve: the model built, the start chosen. */
  public static final class Start {
    private final PreparedData data;
    private final ValidationChoice validation;
    private final String strategy;
    private final List<String> defaultsChosen;
    private final double lpBound;
    private final SolveOptions options;
    // Without validation:
    private final TrainingProblem problem;
    private final double buildSeconds;
    private final Trainer.WarmStart warm;
    // With validation:
    private final ValidatedTrainer trainer;
    private final ValidatedTrainer.Start begun;

    private Start(PreparedData data, ValidationChoice validation, String strategy, List<String> defaultsChosen,
        double lpBound, SolveOptions options, TrainingProblem problem, double buildSeconds, Trainer.WarmStart warm,
        ValidatedTrainer trainer, ValidatedTrainer.Start begun) {
      this.data = data;
      this.validation = validation;
      this.strategy = strategy;
      this.defaultsChosen = List.copyOf(defaultsChosen);
      this.lpBound = lpBound;
      this.options = options;
      this.problem = problem;
      this.buildSeconds = buildSeconds;
      this.warm = warm;
      this.trainer = trainer;
      this.begun = begun;
    }

    /** The training problem that will be solved. */
    public TrainingProblem problem() {
      return begun != null ? begun.problem() : problem;
    }
  }

  /**
   * Chooses validation, builds the training problem and its start (the gradient warm start, or the validated
   * gradient stages), and reports each step to the listener.
   *
   * @param options the solve options (time limit, interrupt, ...); the start values are added here
   */
  public Start start(PreparedData data, List<LayerSpec> hidden, TrainingConfig config, SolveOptions options) {
    TrainingData train = data.train();
    ValidationChoice validation = chooseValidation(settings, train, constrained(config, data));
    String strategy = strategyName(settings.strategy(), validation);
    if (settings.trustRegion() > 0 && !strategy.equals("hybrid")) {
      throw new IllegalArgumentException("--trust-region is for --strategy hybrid (the " + strategy + " strategy has"
          + " the whole model" + (settings.strategy() == Strategy.AUTO ? "; auto chose it: validation is "
          + (validation.on() ? "on" : "off") : "") + ")");
    }
    // Refused before any gradient stage or build: the smallest MILP the run builds is all rows, or with validation the
    // size probe of at most 20 rows (the MILP stages then stay within --milp-nonzeros).
    long modelRows = validation.on() ? Math.min(train.samples(), 20) : train.samples();
    TrainingModelSize.of(modelRows, hidden, config.inputShape(), train.features(), train.outputs())
        .requireFits(Runtime.getRuntime().maxMemory());
    listener.line("validation: " + validation.reason());
    if (validation.on()) {
      return startValidated(data, hidden, config, options, validation, strategy);
    }
    Trainer trainer = new Trainer(settings.decodeTolerance());
    long buildStart = System.nanoTime();
    SolverBackend lp = lpBackend(config);
    TrainingProblem problem = TrainingProblem.build(train, hidden, config, lp);
    double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
    double lpBound = describeModel(problem, config, lp, buildSeconds);
    Trainer.WarmStart warm = null;
    TrainedNetwork given = initFor(data, train, hidden, config);
    if (given != null) {
      GradientTrainer.Options defaults = GradientTrainer.Options.defaults(settings.seed());
      warm = trainer.startFor(problem, new GradientTrainer().start(problem, given, new GradientTrainer.Options(
          settings.gradientEpochs(), defaults.learningRate(), defaults.batchSize(), 1, settings.seed())));
      GradientTrainer.Result g = warm.result();
      listener.line(String.format(Locale.ROOT, "start network in the problem's domains: objective %s, train accuracy"
          + " %s, %d weights nonzero%s", of(g.objective()), train.regression() ? "-"
          : of(new ForwardPass(g.network()).accuracy(train.x(), train.y())),
          NetworkStructure.of(g.network()).nonzeroWeights(), warm.usable() ? "" : "; " + warm.note()));
      if (warm.usable() && backend.capabilities().startValues()) {
        options = options.withStartValues(warm.values());
      }
    } else if (settings.gradientWarmStart()) {
      GradientTrainer.Options defaults = GradientTrainer.Options.defaults(settings.seed());
      GradientTrainer.Options gradient = new GradientTrainer.Options(settings.gradientEpochs(),
          defaults.learningRate(), defaults.batchSize(), defaults.restarts(), settings.seed());
      listener.line(String.format(Locale.ROOT, "gradient warm start: %d runs x %d epochs...", gradient.restarts(),
          settings.gradientEpochs()));
      warm = trainer.gradientStart(problem, gradient);
      GradientTrainer.Result g = warm.result();
      NetworkStructure gs = NetworkStructure.of(g.network());
      listener.line(String.format(Locale.ROOT, "gradient network: objective %s, train accuracy %s, test accuracy %s,"
              + " %d of %d weights nonzero, %.1f s", of(g.objective()),
          of(new ForwardPass(g.network()).accuracy(train.x(), train.y())), of(data.testAccuracy(g.network())),
          gs.nonzeroWeights(), gs.totalWeights(), g.seconds()));
      if (warm.usable() && settings.gradientBounds() != null) {
        long restrictStart = System.nanoTime();
        ActivationRanges ranges = ActivationRanges.around(problem, g.network(), settings.gradientBounds());
        problem = TrainingProblem.build(train, hidden, config, lp, ranges);
        buildSeconds += (System.nanoTime() - restrictStart) / 1e9;
        warm = trainer.startFor(problem, g);
        listener.line(String.format(Locale.ROOT, "restricted to the gradient network's activation ranges (widened by"
                + " %s): %d rows, %d ReLU instances stable, %d constraints; its bound is not a global bound",
            of(settings.gradientBounds()), problem.restrictionRows(), problem.stableRelus(),
            problem.model().numConstraints()));
      } else if (settings.gradientBounds() != null) {
        listener.line("  --gradient-bounds not applied: the gradient network is not a point of the model, so its"
            + " ranges would restrict the problem to nothing it can start from; the whole problem is solved");
      }
      if (!warm.usable()) {
        listener.line("  " + warm.note());
      } else if (!backend.capabilities().startValues()) {
        listener.line("  " + backend.name() + " takes no start values: the solve starts from scratch");
      } else {
        options = options.withStartValues(warm.values());
      }
    }
    return new Start(data, validation, strategy, List.of(), lpBound, options, problem, buildSeconds, warm, null,
        null);
  }

  /** The validated run's gradient stages and MILP, up to its solve. */
  private Start startValidated(PreparedData data, List<LayerSpec> hidden, TrainingConfig config, SolveOptions options,
      ValidationChoice validation, String strategy) {
    TrainingData all = data.train();
    List<String> defaultsChosen = new ArrayList<>();
    if (!settings.gave(PipelineSettings.Given.L0)) {
      config = config.withL0(VALIDATED_L0 * config.margin());
      defaultsChosen.add("--l0 " + of(config.l0()) + ": " + VALIDATED_L0 + " x the margin per nonzero weight (the"
          + " validated default; --l0 0 for none)");
    }
    if (!settings.gave(PipelineSettings.Given.NEURON_PENALTY)) {
      config = config.withNeuronPenalty(VALIDATED_UNIT_WEIGHTS * config.l0());
      defaultsChosen.add("--neuron-penalty " + of(config.neuronPenalty()) + ": a live hidden unit costs "
          + of(VALIDATED_UNIT_WEIGHTS) + " weights' L0 penalty (the validated default; it also lets a pruned unit's"
          + " sign output weight be 0)");
    }
    for (String c : defaultsChosen) {
      listener.line("default: " + c);
    }
    List<TrainingData.Split> folds = all.folds(validation.fraction(), settings.seed());
    TrainingData.Split split = folds.get(0);
    Validation v = Validation.of(split.validation(), settings.validationTolerance());
    ValidatedTrainer trainer = new ValidatedTrainer(new ValidatedTrainer.Settings(settings.decodeTolerance(),
        settings.trustRegion(), strategy.equals("hybrid"), settings.refit(),
        !settings.gave(PipelineSettings.Given.WEIGHT_BOUND), !settings.gave(PipelineSettings.Given.WEIGHT_DOMAIN),
        !settings.gave(PipelineSettings.Given.L1), settings.milpNonzeros(), settings.seed()), gradientOptions());
    SolverBackend lp = lpBackend(config);
    listener.line(String.format(Locale.ROOT, "gradient stages on %d rows: %s, sparsity path, grid projection...",
        split.fit().samples(), init != null ? "float network of --init" : "float network (" + settings.gradientSteps()
        + " steps, weight decay " + of(settings.weightDecay()) + ")"));
    Consumer<String> log = listener::line;
    TrainedNetwork given = initFor(data, split.fit(), hidden, config);
    ValidatedTrainer.Start begun = trainer.start(split.fit(), all, v, folds.subList(1, folds.size()), hidden, config,
        lp, given == null ? null : GradientPipeline.given(given, v, init.source()), log);
    for (String c : begun.choices()) {
      listener.line("chosen: " + c);
    }
    double lpBound = describeModel(begun.problem(), begun.problem().config(), lp, begun.buildSeconds());
    if (!backend.capabilities().startValues()) {
      listener.line("  " + backend.name() + " takes no start values: the solve starts from scratch (the stages still"
          + " keep the gradient network unless validation prefers the solver's)");
    }
    return new Start(data, validation, strategy, defaultsChosen, lpBound, options, null, Double.NaN, null, trainer,
        begun);
  }

  /** Solves the started run: the validated stages, the hybrid stages or one exact solve. */
  public PipelineResult finish(Start run) {
    PreparedData data = run.data;
    boolean regression = data.train().regression();
    List<StageReport> stages = null;
    TrainingOutcome outcome;
    ValidatedTrainer.Result validated = null;
    if (run.begun != null) {
      listener.line(String.format(Locale.ROOT, "solving with %s (%s), %s strategy, time limit %s s...",
          backend.name(), backend.version(), run.strategy, of(run.options.timeLimitSeconds())));
      validated = listener.solving(() -> run.trainer.finish(run.begun, backend, run.options, listener::line));
      outcome = validated.outcome();
      stages = new ArrayList<>();
      for (ValidatedTrainer.StageRecord st : validated.stages()) {
        stages.add(new StageReport(st.name(), st.objective(), st.seconds(), st.note(), st.validation(),
            regression ? Double.NaN : data.testAccuracy(st.network()),
            NetworkStructure.of(st.network()).nonzeroWeights()));
      }
    } else {
      listener.line(String.format(Locale.ROOT, "solving with %s (%s), time limit %s s...", backend.name(),
          backend.version(), of(run.options.timeLimitSeconds())));
      TrainingProblem problem = run.problem;
      if (run.strategy.equals("hybrid")) {
        double[] start = run.warm != null && run.warm.usable() ? run.warm.values()
            : problem.startValues(problem.zeroNetwork());
        HybridTrainer.Result hybrid = listener.solving(() -> new HybridTrainer(settings.decodeTolerance(),
            settings.trustRegion()).solve(problem, backend, run.options, start, run.buildSeconds, settings.seed()));
        outcome = hybrid.outcome();
        stages = new ArrayList<>();
        for (HybridTrainer.Stage st : hybrid.stages()) {
          stages.add(new StageReport(st.name(), st.objective(), st.seconds(), st.note(), Double.NaN,
              regression ? Double.NaN : data.testAccuracy(st.network()),
              NetworkStructure.of(st.network()).nonzeroWeights()));
        }
      } else {
        // The exact strategy's solve is asked for a network and a certified gap: the solver's own search finds
        // networks, then a best-bound search from its incumbent moves the bound (Trainer#solveDivingFirst; measured in
        // docs/benchmarks.md, "Certified gaps (issue 17)").
        outcome = listener.solving(() -> new Trainer(settings.decodeTolerance()).solveDivingFirst(problem, backend,
            run.options, run.buildSeconds));
      }
    }
    Certificate certificate = Certificate.solve(outcome, data.train(), lpBackend, run.options.relativeGap());
    outcome = certificate.outcome();
    listener.line(certificate.line());
    io.milpnet.formulation.train.GapDiagnosis.Result diagnosis = null;
    if (settings.gapDiagnosis() && run.problem != null && outcome.hasNetwork() && outcome.problem() == run.problem) {
      diagnosis = io.milpnet.formulation.train.GapDiagnosis.of(run.problem, outcome.network(),
          outcome.solution().objective(), lpBackend.get());
      diagnosis.lines().forEach(listener::line);
    }
    return new PipelineResult(outcome, run.strategy, run.validation, stages, validated, run.defaultsChosen, run.warm,
        run.lpBound, diagnosis, certificate);
  }

  /**
   * {@link Strategy#FLOAT}: the float network of the architecture trained by gradient descent on all training rows,
   * no MILP.
   */
  public GradientPipeline.Step trainFloat(PreparedData data, List<LayerSpec> hidden, TrainingConfig config) {
    TrainedNetwork given = initFor(data, data.train(), hidden, config);
    if (given != null) {
      return GradientPipeline.given(given, null, init.source());
    }
    listener.line(String.format(Locale.ROOT, "float network (no MILP): %d steps, weight decay %s, on %d rows...",
        settings.gradientSteps(), of(settings.weightDecay()), data.train().samples()));
    return new GradientPipeline(gradientOptions()).trainFloat(data.train(), hidden, config.inputShape(), null);
  }

  /** The gradient stages' options: the steps and weight decay of the settings, the rest the defaults. */
  public GradientPipeline.Options gradientOptions() {
    GradientPipeline.Options d = GradientPipeline.Options.defaults(settings.seed());
    return new GradientPipeline.Options(settings.gradientSteps(), d.learningRate(), d.batchSize(),
        settings.weightDecay(), d.restarts(), settings.seed());
  }

  /**
   * The validation given, or the default: on from {@link #VALIDATION_MIN_ROWS} training rows, and only with the
   * gradient warm start, without a restriction to its ranges and without domain constraints the gradient stages
   * cannot meet.
   *
   * @param constrained the problem has budgets or domain constraints ({@link #constrained})
   */
  public static ValidationChoice chooseValidation(PipelineSettings s, TrainingData train, boolean constrained) {
    Double given = s.validation();
    if (given != null) {
      return new ValidationChoice(given, given == 0 ? "off (--validation 0)"
          : holdOutText(s, train, given) + " (--validation " + of(given) + ")");
    } else if (!s.gradientWarmStart()) {
      return new ValidationChoice(0, "off: --warm-start none has no gradient stages to validate");
    } else if (s.gradientBounds() != null) {
      return new ValidationChoice(0, "off: --gradient-bounds restricts the problem around the in-domain gradient"
          + " network");
    } else if (constrained) {
      return new ValidationChoice(0, "off: the gradient stages cannot meet --max-features, --max-neurons, --monotone,"
          + " --anchors or --implication, so the exact MILP on all rows keeps them (--validation F to validate anyway,"
          + " from the in-domain gradient start)");
    } else if (train.samples() < VALIDATION_MIN_ROWS) {
      return new ValidationChoice(0, "off: " + train.samples() + " training rows is tiny data (fewer than "
          + VALIDATION_MIN_ROWS + "), solved exactly on all of them (--validation F to hold out rows anyway)");
    }
    return new ValidationChoice(VALIDATION_DEFAULT, holdOutText(s, train, VALIDATION_DEFAULT) + " (the default from "
        + VALIDATION_MIN_ROWS + " training rows on)");
  }

  /** Budgets and domain constraints, which the float network of the gradient stages knows nothing of. */
  public static boolean constrained(TrainingConfig config, PreparedData data) {
    return config.maxFeatures() != TrainingConfig.NO_BUDGET || config.maxNeurons() != TrainingConfig.NO_BUDGET
        || !config.monotone().isEmpty() || data.anchorSource() != null || !config.implications().isEmpty();
  }

  /** The strategy in force: auto is hybrid with validation, exact without. */
  public static String strategyName(Strategy strategy, ValidationChoice validation) {
    return strategy == Strategy.AUTO ? (validation.on() ? "hybrid" : "exact") : strategy.key();
  }

  private static String holdOutText(PipelineSettings s, TrainingData train, double fraction) {
    return of(fraction) + " of the training rows held out" + (train.regression() ? "" : " per class") + ", seed "
        + s.seed() + "; the sparsity level is chosen " + (TrainingData.foldCount(fraction) > 1 ? "by "
        + TrainingData.foldCount(fraction) + "-fold cross-validation, this hold-out the first fold" : "on it")
        + "; a MILP stage's change is kept only if validation " + (train.regression()
        ? "error does not grow" : "accuracy does not fall") + (s.validationTolerance() > 0 ? " by more than "
        + of(s.validationTolerance()) : "") + (s.refit() ? "; the kept network is re-fitted on all rows at the end"
        : "");
  }

  private SolverBackend lpBackend(TrainingConfig config) {
    return config.tightening().bounds() == BoundMethod.LP || settings.lpBound() ? lpBackend.get() : null;
  }

  /** The model's size and tightening, and the LP bound when asked for (returned; NaN when not). */
  private double describeModel(TrainingProblem problem, TrainingConfig config, SolverBackend lp,
      double buildSeconds) {
    listener.line(ModelText.sizeLine(problem, settings.reluName(), buildSeconds));
    listener.line("tightening: " + ModelText.tighteningLine(problem, config));
    double lpBound = Double.NaN;
    if (settings.lpBound()) {
      long lpStart = System.nanoTime();
      lpBound = io.milpnet.formulation.encode.LpBoundTightener.relaxationOptimum(problem.model(), lp);
      listener.line(String.format(Locale.ROOT, "LP relaxation (root) bound: %s (%.1f s)", of(lpBound),
          (System.nanoTime() - lpStart) / 1e9));
    }
    listener.modelBuilt(problem.model());
    return lpBound;
  }
}
