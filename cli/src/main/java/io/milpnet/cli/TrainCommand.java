package io.milpnet.cli;

import io.milpnet.core.model.Model;
import io.milpnet.core.model.VarType;
import io.milpnet.core.solver.InterruptSignal;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.core.solver.SolverRegistry;
import io.milpnet.formulation.data.ClassLabels;
import io.milpnet.formulation.data.CsvDatasetReader;
import io.milpnet.formulation.data.Dataset;
import io.milpnet.formulation.data.MinMaxScaler;
import io.milpnet.formulation.data.StratifiedSplit;
import io.milpnet.formulation.data.TrainTestSplit;
import io.milpnet.formulation.network.ForwardPass;
import io.milpnet.formulation.network.NetworkStructure;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.network.TrainedNetworkJson;
import io.milpnet.formulation.spec.Activation;
import io.milpnet.formulation.spec.ArchitectureParser;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.spec.PoolSpec;
import io.milpnet.formulation.spec.Shape;
import io.milpnet.formulation.train.ActivationRanges;
import io.milpnet.formulation.train.Encoding;
import io.milpnet.formulation.train.GradientTrainer;
import io.milpnet.formulation.train.HybridTrainer;
import io.milpnet.formulation.train.Implication;
import io.milpnet.formulation.train.LossKind;
import io.milpnet.formulation.train.Monotone;
import io.milpnet.formulation.train.Trainer;
import io.milpnet.formulation.encode.LpBoundTightener;
import io.milpnet.formulation.encode.ReluPartitionFormulation;
import io.milpnet.formulation.train.Tightening;
import io.milpnet.formulation.train.TrainingConfig;
import io.milpnet.formulation.verify.BoundMethod;
import io.milpnet.formulation.train.TrainingData;
import io.milpnet.formulation.train.TrainingOutcome;
import io.milpnet.formulation.train.TrainingProblem;
import io.milpnet.formulation.train.WeightDomain;
import io.milpnet.formulation.verify.BoundMethod;
import io.milpnet.formulation.verify.Robustness;
import io.milpnet.formulation.verify.Verifier;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code milpnet train}: read data, build the exact training MILP, solve it, decode, audit, write the results. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Train a sparse ReLU network exactly by MILP and write summary.json and network.json.")
public final class TrainCommand implements Callable<Integer> {
  private final SolverRegistry registry;

  @Spec
  CommandSpec spec;

  @Option(names = "--config", paramLabel = "EXP.yaml",
      description = "Experiment file: any option below as a key (flags override it), solver settings under solver:.")
  Path config;

  @Option(names = "--data", paramLabel = "FILE.csv",
      description = "Training data: CSV with a header, numeric features and a label column (required here or in"
          + " the experiment file).")
  Path data;

  @Option(names = "--test", paramLabel = "FILE.csv", description = "Separate test data with the same columns.")
  Path test;

  @Option(names = "--test-split", paramLabel = "FRACTION",
      description = "Hold out this fraction of each class of --data for testing (seeded, stratified).")
  Double testSplit;

  @Option(names = "--train-per-class", paramLabel = "N",
      description = "Train on N samples of each class of --data (seeded draw) and test on the rest of them.")
  Integer trainPerClass;

  @Option(names = "--classes", split = ",", paramLabel = "LABEL",
      description = "Keep only these classes of --data (and --test), e.g. --classes 0,1; others are dropped.")
  List<Double> keepClasses;

  @Option(names = "--scaling", defaultValue = "auto", paramLabel = "auto|per-feature|global",
      description = "Min-max scaling to [0,1] fitted on the training data: per feature, or one range for all"
          + " features (images); auto = global with --input-shape, else per feature (default: ${DEFAULT-VALUE}).")
  String scaling;

  @Option(names = "--label", defaultValue = "label", paramLabel = "COLUMN",
      description = "Name of the label column (default: ${DEFAULT-VALUE}).")
  String labelColumn;

  @Option(names = "--arch", defaultValue = "dense:3", paramLabel = "LAYERS",
      description = "Hidden layers, e.g. dense:4,dense:3 or conv:2@3x3,maxpool:2,flatten,dense:2 (layers: dense:N,"
          + " conv:C@KxK[/S], maxpool:P, avgpool:P, flatten; activation suffix /relu|linear|step|hardtanh) (default:"
          + " ${DEFAULT-VALUE}); the output layer is added.")
  String arch;

  @Option(names = "--input-shape", paramLabel = "CxHxW",
      description = "The features as CxHxW images (channel-major, e.g. 1x8x8 for 64 pixel columns); needed by conv"
          + " and pooling layers.")
  String inputShape;

  @Option(names = "--task", defaultValue = "classification", paramLabel = "classification|regression",
      description = "Classify (integer labels) or regress the label column's values (one linear output; the targets"
          + " are min-max scaled like the inputs) (default: ${DEFAULT-VALUE}).")
  String task;

  @Option(names = "--loss", paramLabel = "hinge|zero-one|l1|linf",
      description = "Training loss: hinge (default) or zero-one for classification; l1 (default, sum of absolute"
          + " errors) or linf (largest absolute error) for regression.")
  String loss;

  @Option(names = "--margin", defaultValue = "" + TrainingConfig.DEFAULT_MARGIN,
      description = "Margin of the hinge / 0-1 loss (default: ${DEFAULT-VALUE}).")
  double margin;

  @Option(names = "--l1", defaultValue = "0", description = "Penalty on sum |w| (default: 0).")
  double l1;

  @Option(names = "--l0", defaultValue = "0", description = "Penalty per nonzero weight (default: 0).")
  double l0;

  @Option(names = "--neuron-penalty", defaultValue = "0",
      description = "Penalty per live hidden unit; > 0 turns neuron pruning on (default: 0).")
  double neuronPenalty;

  @Option(names = "--feature-penalty", defaultValue = "0",
      description = "Penalty per input feature the network reads; > 0 turns feature selection on (default: 0).")
  double featurePenalty;

  @Option(names = "--max-features", paramLabel = "K",
      description = "Read at most K input features (feature selection by binaries; default: all).")
  Integer maxFeatures;

  @Option(names = "--max-neurons", paramLabel = "K",
      description = "At most K live hidden units over all hidden layers (neuron pruning; default: no limit).")
  Integer maxNeurons;

  @Option(names = "--layer-penalty", defaultValue = "0",
      description = "Penalty per kept hidden layer among those that may become the identity (a ReLU layer fed by a"
          + " ReLU layer of the same width); > 0 turns layer pruning on (default: 0).")
  double layerPenalty;

  @Option(names = "--filter-penalty", defaultValue = "0",
      description = "Penalty per active convolution filter; > 0 turns filter pruning on: an off filter's kernel and"
          + " bias vanish (default: 0).")
  double filterPenalty;

  @Option(names = "--monotone", split = ",", paramLabel = "FEATURE=increasing|decreasing",
      description = "Domain constraint: the score of the larger label never falls (increasing) or rises (decreasing)"
          + " as FEATURE grows, for every input; one ReLU hidden layer and two classes (experiment file: monotone:"
          + " {FEATURE: increasing}).")
  java.util.Map<String, String> monotone;

  @Option(names = "--implication", split = ",", paramLabel = "L:U->L:U",
      description = "Domain constraint between hidden ReLU units (layer:unit, counting from 1): on every training"
          + " sample, when the first is active (pre-activation > 0) the second is too (>= 0); e.g. 1:1->1:2"
          + " (experiment file: implication: [\"1:1 -> 1:2\"]).")
  List<String> implications;

  @Option(names = "--anchors", paramLabel = "FILE.csv",
      description = "Domain constraint: rows (same columns as --data) the network must predict as their label.")
  Path anchors;

  @Option(names = "--weight-bound", defaultValue = "" + TrainingConfig.DEFAULT_WEIGHT_BOUND,
      description = "Bound Omega of first-layer weights, |w| <= Omega (default: ${DEFAULT-VALUE}).")
  double weightBound;

  @Option(names = "--bias-bound", paramLabel = "B",
      description = "Bound of every bias (default: derived per layer from the bounds of its weighted inputs).")
  Double biasBound;

  @Option(names = "--grid-scale", defaultValue = "1",
      description = "Scale s of ternary weights s*{-1,0,1} of layers fed by hidden units (default: 1).")
  double gridScale;

  @Option(names = "--weight-domain", defaultValue = "ternary", paramLabel = "ternary|integer:K",
      description = "Weights of layers fed by hidden units: ternary s*{-1,0,1} or integer s*{-K..K} (binary"
          + " expansion, exact products), s = --grid-scale; a single ReLU hidden layer with one output keeps sign"
          + " output weights, which lose nothing (default: ${DEFAULT-VALUE}).")
  String weightDomain;

  @Option(names = "--first-layer-domain", defaultValue = "continuous", paramLabel = "continuous|ternary|integer:K",
      description = "Weights of layers fed by data: continuous in [-Omega, Omega], or a grid spanning it"
          + " (default: ${DEFAULT-VALUE}).")
  String firstLayerDomain;

  @Option(names = "--relu", defaultValue = "bigm", paramLabel = "bigm|indicator|psplit:N",
      description = "ReLU encoding: big-M rows from bounds, indicator constraints, or the partition-based"
          + " formulation with N groups of terms per unit on top of big-M (Tsay et al. 2021) (default:"
          + " ${DEFAULT-VALUE}).")
  String relu;

  @Option(names = "--maxpool", defaultValue = "bigm", paramLabel = "bigm|tight",
      description = "Max-pooling encoding: one big-M constant per candidate, or per-candidate constants with"
          + " y <= sum U_k d_k (Anderson et al. 2020) (default: ${DEFAULT-VALUE}).")
  String maxpool;

  @Option(names = "--lipschitz-cuts", defaultValue = "" + Tightening.DEFAULT_NEIGHBOURS, paramLabel = "K",
      description = "Cross-sample Lipschitz cuts between each sample and its K nearest samples of other classes,"
          + " for the pairs where they can raise the loss bound; 0: none (default: ${DEFAULT-VALUE}).")
  int lipschitzCuts;

  @Option(names = "--lp-backend", defaultValue = BackendChoice.LP_DEFAULT, paramLabel = "NAME",
      description = "Backend of the bound-tightening LPs (--bounds lp) and of --lp-bound; OR-Tools backends solve a"
          + " layer's LPs in parallel (default: ${DEFAULT-VALUE}).")
  String lpBackend;

  @Option(names = "--lp-bound",
      description = "Also solve the LP relaxation of the training MILP (--lp-backend) and report its optimum, the"
          + " root bound (lpBound and rootGap in summary.json).")
  boolean lpBoundRequested;

  /** The LP relaxation's optimum with {@code --lp-bound}, else NaN. */
  double lpBound = Double.NaN;

  @Option(names = "--bounds", defaultValue = "interval", paramLabel = "interval|lp",
      description = "Pre-activation bounds (big-M constants): interval arithmetic, or LP-based tightening (OBBT)"
          + " with an LP backend, up to a quarter of the time limit (default: ${DEFAULT-VALUE}).")
  String bounds;

  @Option(names = "--gradient-bounds", paramLabel = "W",
      description = "Restrict every hidden pre-activation to the gradient warm start's range of that unit over the"
          + " training rows, widened by W times its width on each side (rows and big-M constants): a smaller, tighter"
          + " MILP around the gradient network, whose bound is not a bound of the whole problem (the run then reports"
          + " FEASIBLE and no bound). Needs --warm-start gradient (default: off).")
  Double gradientBounds;

  @Option(names = "--no-symmetry-breaking", description = "Do not order interchangeable hidden units.")
  boolean noSymmetryBreaking;

  @Mixin
  SolverFlags solver;

  @Option(names = "--decode-tolerance", defaultValue = "1e-4",
      description = "Tolerance of the forward-pass audit of the solution (default: ${DEFAULT-VALUE}).")
  double decodeTolerance;

  @Option(names = "--warm-start", defaultValue = "gradient", paramLabel = "none|gradient",
      description = "Start the solver from a network trained by gradient descent in the MILP's own weight domains and"
          + " budgets (gradient; Adam, seeded by --seed), or from the zero network (none); the MILP is the same and"
          + " can only improve on its start (default: ${DEFAULT-VALUE}).")
  String warmStart;

  /** The gradient warm start of this run, when asked for (for the summary). */
  Trainer.WarmStart warm;

  @Option(names = "--strategy", defaultValue = "exact", paramLabel = "exact|hybrid",
      description = "exact: one MILP solve from the start; hybrid: from the start, magnitude pruning checked on the"
          + " model, an exact polish of the weights for its activation pattern, local search over unit and sample"
          + " neighbourhoods, then the full MILP for the rest of the time (its bound is the one reported)"
          + " (default: ${DEFAULT-VALUE}).")
  String strategy;

  @Option(names = "--trust-region", defaultValue = "0", paramLabel = "RHO",
      description = "Hybrid strategy: the polish and the local search keep every continuous weight and bias within RHO"
          + " of its value after pruning and every grid weight at it (0: no trust region; the exact stage always has"
          + " the whole model) (default: ${DEFAULT-VALUE}).")
  double trustRegion;

  /** The hybrid strategy's stages with their networks' test accuracy and nonzero weights, when it ran. */
  List<StageReport> stages;

  /** A hybrid stage and its network measured once, for the output and the summary (accuracy NaN for regression). */
  record StageReport(HybridTrainer.Stage stage, double testAccuracy, int nonzeroWeights) {}

  @Option(names = "--gradient-epochs", defaultValue = "300", paramLabel = "N",
      description = "Epochs of each gradient warm-start run (default: ${DEFAULT-VALUE}).")
  int gradientEpochs;

  @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: runs/<timestamp>).")
  Path out;

  @Option(names = "--export-model", paramLabel = "FILE.mps|FILE.lp",
      description = "Also write the training MILP as MPS (indicators as big-M rows) or CPLEX LP, for other solvers.")
  Path exportModel;

  @Option(names = "--verify-epsilon", split = ",", paramLabel = "E",
      description = "After training, certify the L-infinity robustness of every test sample at this radius (or"
          + " several, comma-separated) in the [0,1]-scaled feature space; needs --test or --test-split.")
  double[] verifyEpsilons;

  @Option(names = "--verify-time-limit", defaultValue = "10", paramLabel = "SECONDS",
      description = "Time limit of each sample's robustness verification (default: ${DEFAULT-VALUE}).")
  double verifyTimeLimit;

  /** Ctrl-C stops the training solve and the robustness verification after it. */
  private InterruptSignal interrupt;

  @Inject
  TrainCommand(SolverRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    // Everything the user gave is checked before any file is read or written.
    if (data == null) {
      throw new UserInputException("--data is required: give the training CSV (or 'data:' in the experiment file)");
    }
    TrainingConfig config = config();
    List<LayerSpec> hidden = new ArchitectureParser().parse(arch);
    if (verifyEpsilons != null) {
      for (LayerSpec spec : hidden) {
        Activation a = spec instanceof io.milpnet.formulation.spec.DenseSpec d ? d.activation()
            : spec instanceof io.milpnet.formulation.spec.ConvSpec c ? c.activation() : Activation.LINEAR;
        boolean maxPool = (spec instanceof PoolSpec p && p.kind() == PoolSpec.Kind.MAX)
            || spec instanceof io.milpnet.formulation.spec.GateSpec;
        if (maxPool || (a != Activation.RELU && a != Activation.LINEAR)) {
          throw new UserInputException("--verify-epsilon: verification supports relu and linear dense and"
              + " convolutional layers and average pooling, and --arch '" + arch + "' has " + spec.token());
        }
      }
    }
    solver.validate();
    validateNumbers();
    SolverBackend backend = solver.backend(registry);
    RunDirectory runDir = RunDirectory.resolve(out, "runs");
    ModelExport export = exportModel == null ? null : ModelExport.forFile(exportModel);

    PreparedData prepared = prepareData();
    TrainingData trainData = prepared.train;
    stdout.printf(Locale.ROOT, "milpnet train: %s, %d training / %d test samples, %d features, %s%n",
        data, trainData.samples(), prepared.testX.length, trainData.features(), trainData.regression()
            ? "regression" : trainData.numClasses() + " classes");

    Trainer trainer = new Trainer(decodeTolerance);
    long buildStart = System.nanoTime();
    SolverBackend lp = config.tightening().bounds() == BoundMethod.LP || lpBoundRequested
        ? BackendChoice.resolveLp(lpBackend, registry) : null;
    TrainingProblem problem = TrainingProblem.build(trainData, hidden, config, lp);
    double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
    Model model = problem.model();
    stdout.printf(Locale.ROOT, "model: %d variables (%d binary), %d constraints, %d indicators, %d nonzeros;"
            + " %s ReLUs, %d ReLU instances proven stable; built in %.2f s%n",
        model.numVars(), model.countVars(VarType.BINARY), model.numConstraints(), model.numIndicators(),
        model.numNonzeros(), relu, problem.stableRelus(), buildSeconds);
    stdout.println("tightening: " + tighteningLine(problem, config));
    if (lpBoundRequested) {
      long lpStart = System.nanoTime();
      lpBound = LpBoundTightener.relaxationOptimum(model, lp);
      stdout.printf(Locale.ROOT, "LP relaxation (root) bound: %s (%.1f s)%n", fmt(lpBound),
          (System.nanoTime() - lpStart) / 1e9);
    }
    if (export != null) {
      stdout.println("exported the training MILP to " + exportModel + " (" + export.write(model) + ")");
    }

    interrupt = new InterruptSignal();
    SolveOptions options = solver.options(interrupt);
    if (warmStart.equalsIgnoreCase("gradient")) {
      GradientTrainer.Options defaults = GradientTrainer.Options.defaults(solver.seed);
      GradientTrainer.Options gradient = new GradientTrainer.Options(gradientEpochs, defaults.learningRate(),
          defaults.batchSize(), defaults.restarts(), solver.seed);
      stdout.printf(Locale.ROOT, "gradient warm start: %d runs x %d epochs...%n", gradient.restarts(), gradientEpochs);
      stdout.flush();
      warm = trainer.gradientStart(problem, gradient);
      GradientTrainer.Result g = warm.result();
      NetworkStructure gs = NetworkStructure.of(g.network());
      stdout.printf(Locale.ROOT, "gradient network: objective %s, train accuracy %s, test accuracy %s, %d of %d"
              + " weights nonzero, %.1f s%n", fmt(g.objective()),
          fmt(new ForwardPass(g.network()).accuracy(trainData.x(), trainData.y())),
          fmt(testAccuracy(g.network(), prepared)), gs.nonzeroWeights(), gs.totalWeights(), g.seconds());
      if (warm.usable() && gradientBounds != null) {
        long restrictStart = System.nanoTime();
        ActivationRanges ranges = ActivationRanges.around(problem, g.network(), gradientBounds);
        problem = TrainingProblem.build(trainData, hidden, config, lp, ranges);
        buildSeconds += (System.nanoTime() - restrictStart) / 1e9;
        warm = trainer.startFor(problem, g);
        stdout.printf(Locale.ROOT, "restricted to the gradient network's activation ranges (widened by %s): %d rows,"
                + " %d ReLU instances stable, %d constraints; its bound is not a global bound%n", fmt(gradientBounds),
            problem.restrictionRows(), problem.stableRelus(), problem.model().numConstraints());
      } else if (gradientBounds != null) {
        stdout.println("  --gradient-bounds not applied: the gradient network is not a point of the model, so its"
            + " ranges would restrict the problem to nothing it can start from; the whole problem is solved");
      }
      if (!warm.usable()) {
        stdout.println("  " + warm.note());
      } else if (!backend.capabilities().startValues()) {
        stdout.println("  " + backend.name() + " takes no start values: the solve starts from scratch");
      } else {
        options = options.withStartValues(warm.values());
      }
    }
    stdout.printf(Locale.ROOT, "solving with %s (%s), time limit %s s...%n", backend.name(), backend.version(),
        fmt(solver.timeLimit));
    stdout.flush();
    try (InterruptOnShutdown guard = new InterruptOnShutdown(interrupt)) {
      TrainingOutcome outcome;
      try (SolveProgress progress = new SolveProgress("solving", solver.timeLimit, !solver.verbose, System.err)) {
        if (strategy.equalsIgnoreCase("hybrid")) {
          double[] start = warm != null && warm.usable() ? warm.values() : problem.startValues(problem.zeroNetwork());
          HybridTrainer.Result hybrid = new HybridTrainer(decodeTolerance, trustRegion).solve(problem, backend,
              options, start, buildSeconds, solver.seed);
          outcome = hybrid.outcome();
          stages = new java.util.ArrayList<>();
          for (HybridTrainer.Stage st : hybrid.stages()) {
            stages.add(new StageReport(st, prepared.train().regression() ? Double.NaN
                : testAccuracy(st.network(), prepared), NetworkStructure.of(st.network()).nonzeroWeights()));
          }
        } else {
          outcome = trainer.solve(problem, backend, options, buildSeconds);
        }
      }
      if (stages != null) {
        for (StageReport r : stages) {
          HybridTrainer.Stage st = r.stage();
          stdout.printf(Locale.ROOT, "  %-12s objective %s  %.1f s  %d nonzero weights%s  %s%n", st.name(),
              fmt(st.objective()), st.seconds(), r.nonzeroWeights(),
              prepared.train().regression() ? "" : ", test accuracy " + fmt(r.testAccuracy()), st.note());
        }
      }
      return report(outcome, prepared, backend, runDir, stdout);
    }
  }

  private int report(TrainingOutcome outcome, PreparedData prepared, SolverBackend solver, RunDirectory runDir,
      PrintWriter stdout) {
    Solution s = outcome.solution();
    TrainSummary summary = new TrainSummary(this, outcome, solver, prepared);
    runDir.put("summary.json", summary.toJson());
    if (!outcome.hasNetwork()) {
      runDir.commit();
      stdout.printf(Locale.ROOT, "status %s after %.1f s: %s%n", s.status(), s.seconds(), s.message());
      stdout.println("wrote " + runDir.path().resolve("summary.json") + " (no network: "
          + (s.status() == io.milpnet.core.solver.SolveStatus.NO_SOLUTION ? "raise --time-limit" : "see the status")
          + ")");
      stdout.flush();
      return ExitCode.NO_SOLUTION;
    }
    NetworkStructure st = NetworkStructure.of(outcome.network());
    stdout.printf(Locale.ROOT, "status %s  objective %s  best bound %s  gap %s  %.1f s  %s nodes%n", s.status(),
        fmt(s.objective()), fmt(s.bestBound()), percent(s.gap()), s.seconds(), s.nodes() < 0 ? "?" : s.nodes());
    stdout.printf(Locale.ROOT, "network: %d of %d hidden units live,%s %d of %d weights nonzero, %d of %d features%n",
        st.activeNeurons(), st.totalNeurons(),
        st.totalFilters() == 0 ? "" : " " + st.activeFilters() + " of " + st.totalFilters() + " filters active,",
        st.nonzeroWeights(), st.totalWeights(), st.selectedFeatureNames().size(), outcome.network().numInputs());
    if (prepared.train().regression()) {
      stdout.printf(Locale.ROOT, "absolute error: train mean %s max %s  test mean %s max %s   decode mismatches: %d%n",
          fmt(summary.trainErrors()[0]), fmt(summary.trainErrors()[1]), fmt(summary.testErrors()[0]),
          fmt(summary.testErrors()[1]), outcome.report().mismatches());
    } else {
      stdout.printf(Locale.ROOT, "accuracy: train %s  test %s   decode mismatches: %d%n",
          fmt(summary.trainAccuracy()), fmt(summary.testAccuracy()), outcome.report().mismatches());
    }
    for (String d : outcome.report().details()) {
      stdout.println("  mismatch " + d);
    }
    List<Robustness.Report> robustness = verifyRobustness(outcome, prepared, solver, stdout);
    if (robustness != null) {
      summary.robustness(robustness);
      runDir.put("summary.json", summary.toJson());
    }
    runDir.put("network.json", new TrainedNetworkJson().write(outcome.network()));
    runDir.commit();
    stdout.println("wrote " + runDir.path().resolve("summary.json") + " and network.json");
    stdout.flush();
    return ExitCode.OK;
  }

  /** {@code --verify-epsilon}: the test set's robustness, certified with the training backend; null when not asked. */
  private List<Robustness.Report> verifyRobustness(TrainingOutcome outcome, PreparedData prepared,
      SolverBackend backend, PrintWriter stdout) {
    if (verifyEpsilons == null) {
      return null;
    }
    Verifier verifier = VerifyCommand.verifier(backend, registry, BoundMethod.SYMBOLIC.key(), relu,
        Verifier.DEFAULT_TOLERANCE, lpBackend).withProgress(VerifyCommand.PROGRESS);
    Robustness robust = VerifyCommand.LoadedNetwork.of(outcome.network()).robustness(verifier);
    stdout.printf(Locale.ROOT, "verifying robustness of the %d test samples (%s s per sample)...%n",
        prepared.testX().length, fmt(verifyTimeLimit));
    stdout.flush();
    SolveOptions options = this.solver.options(interrupt).withTimeLimit(verifyTimeLimit);
    List<Robustness.Report> reports = new java.util.ArrayList<>();
    for (double e : verifyEpsilons) {
      Robustness.Report r = robust.certify(prepared.testX(), prepared.testY(), e, options);
      reports.add(r);
      stdout.println("robustness " + r.line());
      stdout.flush();
    }
    return reports;
  }

  private TrainingConfig config() {
    String lossName = loss != null ? loss : regression() ? "l1" : "hinge";
    LossKind lossKind = switch (lossName.toLowerCase(Locale.ROOT)) {
      case "hinge" -> LossKind.HINGE;
      case "zero-one", "0-1", "zero_one" -> LossKind.ZERO_ONE;
      case "l1" -> LossKind.L1;
      case "linf", "l-inf", "max" -> LossKind.LINF;
      default -> throw new UserInputException("--loss '" + loss + "' is not a loss: use hinge or zero-one"
          + " (classification), l1 or linf (regression)");
    };
    if (lossKind.regression() != regression()) {
      throw new UserInputException(regression()
          ? "--loss " + lossName + " is a classification loss: with --task regression use l1 or linf"
          : "--loss " + lossName + " is a regression loss: add --task regression, or use hinge or zero-one");
    }
    String reluKey = relu.toLowerCase(Locale.ROOT);
    int partitions = 0;
    if (reluKey.startsWith("psplit")) {
      // Parsed (and refused when malformed) as verify parses it; the partitions sit on top of big-M rows.
      partitions = ((ReluPartitionFormulation) VerifyCommand.reluFormulation(relu)).partitions();
      reluKey = "bigm";
    }
    Encoding encoding = switch (reluKey) {
      case "bigm", "big-m" -> Encoding.BIG_M;
      case "indicator", "indicators" -> Encoding.INDICATOR;
      default -> throw new UserInputException("--relu '" + relu + "' is not an encoding: use bigm, indicator or"
          + " psplit:N");
    };
    boolean tightPool = switch (maxpool.toLowerCase(Locale.ROOT)) {
      case "bigm", "big-m" -> false;
      case "tight" -> true;
      default -> throw new UserInputException("--maxpool '" + maxpool + "' is not an encoding: use bigm or tight");
    };
    if (lipschitzCuts < 0) {
      throw new UserInputException("--lipschitz-cuts must be >= 0 (0: none), got " + lipschitzCuts);
    }
    BoundMethod boundMethod;
    try {
      boundMethod = BoundMethod.parse(bounds);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--bounds '" + bounds + "' is not a bound method for training: use interval or lp");
    }
    if (boundMethod == BoundMethod.SYMBOLIC) {
      throw new UserInputException("--bounds symbolic is for fixed networks (verify): training takes interval or lp");
    }
    // Invalid time limits are reported by the solver flags; the budget only needs to be a number here.
    double lpBudget = solver.timeLimit > 0 ? solver.timeLimit / 4 : 0;
    // Bound-tightening LPs are independent: one per core at least, more with --threads.
    Tightening tightening = new Tightening(lipschitzCuts, partitions, tightPool, boundMethod, lpBudget,
        BackendChoice.lpThreads(lpBackend, solver.threads));
    return new TrainingConfig(lossKind, margin, l1, l0, neuronPenalty, weightBound,
        biasBound == null ? Double.NaN : biasBound, gridScale, encoding, !noSymmetryBreaking,
        firstLayerDomain.equalsIgnoreCase("continuous") ? null
            : domain(firstLayerDomain, true, "--first-layer-domain"), false,
        featurePenalty, maxFeatures == null ? TrainingConfig.NO_BUDGET : maxFeatures,
        maxNeurons == null ? TrainingConfig.NO_BUDGET : maxNeurons, layerPenalty, monotoneConstraints(), filterPenalty,
        inputShape == null ? null : Shape.parse(inputShape, "--input-shape"),
        domain(weightDomain, false, "--weight-domain"), implications(), tightening);
  }

  /** What tightened the model: bounds, Lipschitz cuts, formulations. */
  static String tighteningLine(TrainingProblem problem, TrainingConfig config) {
    Tightening t = config.tightening();
    StringBuilder b = new StringBuilder(t.bounds().key() + " bounds");
    StringBuilder stable = new StringBuilder();
    List<int[]> byLayer = problem.stabilityByLayer();
    for (int l = 0; l < byLayer.size(); l++) {
      int[] s = byLayer.get(l);
      if (s[0] + s[1] > 0) {
        stable.append(stable.length() == 0 ? "" : ", ").append("layer ").append(l + 1).append(' ').append(s[0])
            .append('/').append(s[0] + s[1]);
      }
    }
    if (t.bounds() == BoundMethod.LP) {
      b.append(" (").append(problem.lpTightenedBounds()).append(" tightened by ").append(problem.boundLpSolves())
          .append(" LPs)");
    }
    if (stable.length() > 0) {
      b.append(", stable ReLUs ").append(stable);
    }
    b.append(", Lipschitz cuts: ");
    if (problem.lipschitzRows() > 0) {
      b.append(problem.lipschitzRows()).append(" rows on ").append(problem.lipschitzPairs()).append(" pairs");
    } else {
      b.append("none (").append(problem.lipschitzNote()).append(")");
    }
    if (t.reluPartitions() > 0) {
      b.append(", ReLUs psplit:").append(t.reluPartitions());
    }
    if (t.tightMaxPool()) {
      b.append(", tight max pooling");
    }
    return b.toString();
  }

  private java.util.Map<String, Monotone> monotoneConstraints() {
    java.util.Map<String, Monotone> m = new java.util.LinkedHashMap<>();
    if (monotone != null) {
      monotone.forEach((feature, direction) -> {
        try {
          m.put(feature, Monotone.parse(feature, direction));
        } catch (IllegalArgumentException e) {
          throw new UserInputException("--monotone: " + e.getMessage());
        }
      });
    }
    return m;
  }

  private void validateNumbers() {
    if (!(decodeTolerance > 0 && decodeTolerance < 1)) {
      throw new UserInputException("--decode-tolerance must be in (0, 1), got " + fmt(decodeTolerance));
    }
    if (test != null && testSplit != null) {
      throw new UserInputException("give either --test or --test-split, not both");
    }
    if (verifyEpsilons != null) {
      if (test == null && testSplit == null && trainPerClass == null) {
        throw new UserInputException("--verify-epsilon certifies the test set: give --test FILE.csv,"
            + " --test-split FRACTION or --train-per-class N");
      }
      VerifyCommand.requireEpsilons("--verify-epsilon", verifyEpsilons);
      if (!(verifyTimeLimit > 0) || Double.isInfinite(verifyTimeLimit)) {
        throw new UserInputException("--verify-time-limit must be a positive number of seconds, got "
            + fmt(verifyTimeLimit));
      }
    }
    if (!List.of("classification", "regression").contains(task.toLowerCase(Locale.ROOT))) {
      throw new UserInputException("--task '" + task + "' is not a task: use classification or regression");
    }
    if (regression()) {
      for (var entry : java.util.Map.of("--classes", keepClasses != null, "--train-per-class", trainPerClass != null,
          "--anchors", anchors != null, "--verify-epsilon", verifyEpsilons != null).entrySet()) {
        if (entry.getValue()) {
          throw new UserInputException(entry.getKey() + " is about classes: it does not apply to --task regression");
        }
      }
    }
    if (!List.of("exact", "hybrid").contains(strategy.toLowerCase(Locale.ROOT))) {
      throw new UserInputException("--strategy '" + strategy + "' is not a strategy: use exact or hybrid");
    }
    if (!List.of("none", "gradient").contains(warmStart.toLowerCase(Locale.ROOT))) {
      throw new UserInputException("--warm-start '" + warmStart + "' is not a warm start: use none or gradient");
    }
    if (gradientBounds != null && (!(gradientBounds >= 0) || gradientBounds.isInfinite())) {
      throw new UserInputException("--gradient-bounds must be a finite number >= 0 (the widening of each range by its"
          + " width), got " + gradientBounds);
    }
    if (gradientBounds != null && !warmStart.equalsIgnoreCase("gradient")) {
      throw new UserInputException("--gradient-bounds needs the gradient network: use --warm-start gradient");
    }
    if (!(trustRegion >= 0) || Double.isInfinite(trustRegion)) {
      throw new UserInputException("--trust-region must be a finite number >= 0 (0: none), got " + trustRegion);
    }
    if (trustRegion > 0 && !strategy.equalsIgnoreCase("hybrid")) {
      throw new UserInputException("--trust-region is for --strategy hybrid (the exact strategy has the whole model)");
    }
    if (gradientEpochs < 1) {
      throw new UserInputException("--gradient-epochs must be at least 1, got " + gradientEpochs);
    }
    if (trainPerClass != null && (test != null || testSplit != null)) {
      throw new UserInputException("--train-per-class makes its own test set: give it without --test and"
          + " --test-split");
    }
    if (trainPerClass != null && trainPerClass < 1) {
      throw new UserInputException("--train-per-class must be at least 1, got " + trainPerClass);
    }
    if (!List.of("auto", "per-feature", "global").contains(scaling.toLowerCase(Locale.ROOT))) {
      throw new UserInputException("--scaling '" + scaling + "' is not a scaling: use auto, per-feature or global");
    }
    if (testSplit != null && !(testSplit > 0 && testSplit < 1)) {
      throw new UserInputException("--test-split must be a fraction strictly between 0 and 1, got "
          + fmt(testSplit));
    }
  }

  /** The scaled training data and test set, with labels as class indices. */
  /** Test labels as class indices, or for regression the scaled test targets ({@code testY} then empty). */
  record PreparedData(TrainingData train, double[][] testX, int[] testY, double[] testTargets, String testSource) {}

  boolean regression() {
    return task.equalsIgnoreCase("regression");
  }

  private PreparedData prepareData() {
    CsvDatasetReader reader = new CsvDatasetReader();
    Dataset all = reader.read(data, labelColumn);
    if (keepClasses != null) {
      all = keep(all);
    }
    Dataset trainRaw = all;
    Dataset testRaw = null;
    String testSource = null;
    if (test != null) {
      testRaw = StratifiedSplit.alignColumns(reader.read(test, labelColumn), all);
      if (keepClasses != null) {
        testRaw = keep(testRaw);
      }
      testSource = test.toString();
    } else if (trainPerClass != null) {
      TrainTestSplit split = perClass(all);
      trainRaw = split.train();
      testRaw = split.test();
      testSource = "the rest of " + data + " after " + trainPerClass + " per class for training (seed "
          + solver.seed + ")";
    } else if (testSplit != null) {
      TrainTestSplit split = regression() ? StratifiedSplit.random(all, testSplit, solver.seed)
          : StratifiedSplit.split(all, testSplit, solver.seed);
      trainRaw = split.train();
      testRaw = split.test();
      testSource = "split " + fmt(testSplit) + " of " + data + " (seed " + solver.seed + ")";
    }
    MinMaxScaler scaler = globalScaling() ? MinMaxScaler.fitGlobal(trainRaw) : MinMaxScaler.fit(trainRaw);
    if (regression()) {
      double lo = java.util.Arrays.stream(trainRaw.labels()).min().orElse(0.0);
      double hi = java.util.Arrays.stream(trainRaw.labels()).max().orElse(0.0);
      double range = hi - lo == 0.0 ? 1.0 : hi - lo;
      java.util.function.Function<Dataset, double[]> scaled =
          d -> java.util.Arrays.stream(d.labels()).map(v -> (v - lo) / range).toArray();
      TrainingData train = TrainingData.regression(scaler.transform(trainRaw).features(), scaled.apply(trainRaw),
          trainRaw.featureNames(), scaler, new double[] {lo, hi});
      double[][] testX = testRaw == null ? new double[0][] : scaler.transform(testRaw).features();
      return new PreparedData(train, testX, new int[0], testRaw == null ? new double[0] : scaled.apply(testRaw),
          testSource);
    }
    ClassLabels classes = ClassLabels.of(trainRaw);
    TrainingData train = new TrainingData(scaler.transform(trainRaw).features(), classes.encode(trainRaw),
        classes.numClasses(), trainRaw.featureNames(), scaler, classes.values());
    if (anchors != null) {
      Dataset anchorRaw = StratifiedSplit.alignColumns(reader.read(anchors, labelColumn), trainRaw);
      train = train.withAnchors(scaler.transform(anchorRaw).features(), classes.encode(anchorRaw));
    }
    double[][] testX = testRaw == null ? new double[0][] : scaler.transform(testRaw).features();
    int[] testY = testRaw == null ? new int[0] : classes.encode(testRaw);
    return new PreparedData(train, testX, testY, new double[0], testSource);
  }

  private List<Implication> implications() {
    List<Implication> list = new java.util.ArrayList<>();
    for (String text : implications == null ? List.<String>of() : implications) {
      try {
        list.add(Implication.parse(text, "--implication"));
      } catch (IllegalArgumentException e) {
        throw new UserInputException(e.getMessage());
      }
    }
    return list;
  }

  private WeightDomain domain(String text, boolean fedByData, String option) {
    try {
      return WeightDomain.parse(text, fedByData, weightBound, gridScale, option);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
  }

  boolean globalScaling() {
    return scaling.equalsIgnoreCase("global") || (scaling.equalsIgnoreCase("auto") && inputShape != null);
  }

  private Dataset keep(Dataset d) {
    try {
      return StratifiedSplit.keepClasses(d, keepClasses.stream().map(v -> v + 0.0).toList());
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--classes: " + e.getMessage());
    }
  }

  private TrainTestSplit perClass(Dataset d) {
    try {
      return StratifiedSplit.perClass(d, trainPerClass, solver.seed);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--train-per-class " + trainPerClass + ": " + e.getMessage());
    }
  }

  static double testAccuracy(TrainingOutcome outcome, PreparedData prepared) {
    return outcome.hasNetwork() ? testAccuracy(outcome.network(), prepared) : Double.NaN;
  }

  static double testAccuracy(TrainedNetwork network, PreparedData prepared) {
    if (prepared.testX().length == 0) {
      return Double.NaN;
    }
    return new ForwardPass(network).accuracy(prepared.testX(), prepared.testY());
  }

  static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e12) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.6g", v);
  }

  static String percent(double gap) {
    if (Double.isNaN(gap)) {
      return "-";
    }
    if (Double.isInfinite(gap)) {
      return "inf";
    }
    return String.format(Locale.ROOT, "%.2f%%", 100 * gap);
  }
}
