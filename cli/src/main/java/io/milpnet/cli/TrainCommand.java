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
import io.milpnet.formulation.spec.Shape;
import io.milpnet.formulation.train.ActivationRanges;
import io.milpnet.formulation.train.Encoding;
import io.milpnet.formulation.train.GradientPipeline;
import io.milpnet.formulation.train.GradientTrainer;
import io.milpnet.formulation.train.ValidatedTrainer;
import io.milpnet.formulation.train.Validation;
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
      description = "Min-max scaling to [0,1] fitted on the training data (other data clipped to [0,1]): per feature,"
          + " or one range for all features (images); auto = global with --input-shape or when the columns share one"
          + " range (a tenth of the varying columns, and two, span 90% of all values' range: pixels), else per"
          + " feature (default:"
          + " ${DEFAULT-VALUE}). Without --input-shape, columns constant in training are dropped (and named).")
  String scaling;

  /** The scaling the run used ("global" or "per-feature") and why; set by the data preparation. */
  String scalingUsed;
  String scalingReason;
  /** Feature columns dropped because they are constant on the training rows. */
  List<String> droppedFeatures = List.of();

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

  @Option(names = "--margin", paramLabel = "M",
      description = "Margin of the hinge / 0-1 loss (default: " + TrainingConfig.DEFAULT_MARGIN + "; with validation"
          + " the gradient network is scaled so that this margin is the median margin of its correct training rows).")
  Double margin;

  @Option(names = "--l1", paramLabel = "LAMBDA", description = "Penalty on sum |w| (default: 0; with validation,"
      + " the value at which the gradient network's scale is stationary for the MILP objective, said in summary.json).")
  Double l1;

  @Option(names = "--l0", paramLabel = "LAMBDA", description = "Penalty per nonzero weight (default: 0; with"
      + " validation " + VALIDATED_L0 + " x the margin: a sample's whole margin is worth " + (int) (1 / VALIDATED_L0)
      + " weights).")
  Double l0;

  /** With validation, the default L0 penalty per nonzero weight, as a fraction of the margin. */
  static final double VALIDATED_L0 = 0.01;
  /** With validation, the default penalty per live hidden unit, in nonzero weights. */
  static final double VALIDATED_UNIT_WEIGHTS = 10;

  @Option(names = "--neuron-penalty", paramLabel = "LAMBDA",
      description = "Penalty per live hidden unit; > 0 turns neuron pruning on (default: 0; with validation "
          + VALIDATED_UNIT_WEIGHTS + " x the L0 penalty: a unit costs as much as that many weights).")
  Double neuronPenalty;

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

  @Option(names = "--weight-bound", paramLabel = "OMEGA",
      description = "Bound Omega of first-layer weights, |w| <= Omega (default: " + TrainingConfig.DEFAULT_WEIGHT_BOUND
          + "; with validation, the largest first-layer weight of the gradient network, said in summary.json).")
  Double weightBound;

  double weightBound() {
    return weightBound == null ? TrainingConfig.DEFAULT_WEIGHT_BOUND : weightBound;
  }

  @Option(names = "--bias-bound", paramLabel = "B",
      description = "Bound of every bias (default: derived per layer from the bounds of its weighted inputs).")
  Double biasBound;

  @Option(names = "--grid-scale", defaultValue = "1",
      description = "Scale s of ternary weights s*{-1,0,1} of layers fed by hidden units (default: 1).")
  double gridScale;

  @Option(names = "--weight-domain", paramLabel = "ternary|integer:K",
      description = "Weights of layers fed by hidden units: ternary s*{-1,0,1} or integer s*{-K..K} (binary"
          + " expansion, exact products), s = --grid-scale; a single ReLU hidden layer with one output keeps sign"
          + " output weights, which lose nothing (default: ternary; with validation, the coarsest of ternary,"
          + " integer:2, integer:3, integer:7 onto which the gradient network projects without losing validation"
          + " accuracy).")
  String weightDomain;

  String weightDomain() {
    return weightDomain == null ? "ternary" : weightDomain;
  }

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

  @Option(names = "--strategy", defaultValue = "auto", paramLabel = "auto|exact|hybrid",
      description = "exact: one MILP solve from the start; hybrid: from the start, magnitude pruning checked on the"
          + " model, an exact polish of the weights for its activation pattern, local search over unit and sample"
          + " neighbourhoods, then the full MILP for the rest of the time (its bound is the one reported); auto:"
          + " hybrid with validation, exact without (tiny data); float: no MILP, the unconstrained network of the"
          + " architecture trained by gradient descent on all training rows (the baseline milpnet is measured"
          + " against) (default: ${DEFAULT-VALUE}).")
  String strategy;

  @Option(names = "--validation", paramLabel = "FRACTION",
      description = "Hold out this fraction of the training rows (per class, seeded): the gradient stages choose their"
          + " sparsity by floor(1/FRACTION)-fold cross-validation (at most 10 folds; this hold-out is the first"
          + " fold), every MILP stage keeps a change only if the hold-out's accuracy does not get worse, and the best"
          + " network by validation is then re-fitted on all training rows (default: " + VALIDATION_DEFAULT
          + " from " + VALIDATION_MIN_ROWS + " training rows on, else 0 = off: tiny data is solved exactly).")
  Double validation;

  /** Default validation fraction, and the fewest training rows that get validation by default. */
  static final double VALIDATION_DEFAULT = 0.2;
  static final int VALIDATION_MIN_ROWS = 100;

  @Option(names = "--validation-tolerance", defaultValue = "0", paramLabel = "T",
      description = "How much validation accuracy (a fraction of the validation rows; regression: mean absolute error"
          + " in the target's units) a stage may lose and still be kept (default: ${DEFAULT-VALUE}).")
  double validationTolerance;

  @Option(names = "--no-refit",
      description = "With validation: report the network fitted on the training rows without the validation rows,"
          + " instead of re-fitting it (structure fixed) on all of them at the end.")
  boolean noRefit;

  @Option(names = "--weight-decay", defaultValue = "" + GradientPipeline.Options.DEFAULT_WEIGHT_DECAY,
      paramLabel = "ALPHA",
      description = "L2 weight decay of the gradient stages' float network: alpha / (2n) sum w^2 on top of the mean"
          + " loss (default: ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(names = "--milp-nonzeros", defaultValue = "" + ValidatedTrainer.DEFAULT_MAX_NONZEROS, paramLabel = "N",
      description = "With validation: the largest MILP (nonzeros) of the MILP stages; beyond it they encode a"
          + " stratified sample of the fitted rows (a bound on a subset of the rows still bounds all of them) (default:"
          + " ${DEFAULT-VALUE}).")
  long milpNonzeros;

  @Option(names = "--gradient-steps", defaultValue = "" + GradientPipeline.Options.DEFAULT_STEPS, paramLabel = "N",
      description = "Parameter updates of the float network (each sparsity level and the grid fine-tuning take a"
          + " third) (default: ${DEFAULT-VALUE}).")
  int gradientSteps;

  /** The raw training and test rows (test null without a test set), for --write-split. */
  private Dataset[] splitRows;

  /** --write-split: the rows of this run, written with its results. */
  private void writeSplitFiles() {
    if (writeSplit == null) {
      return;
    }
    writeCsv(writeSplit.resolve("train.csv"), splitRows[0]);
    if (splitRows[1] != null) {
      writeCsv(writeSplit.resolve("test.csv"), splitRows[1]);
    }
  }

  /** Defaults the run chose because the user gave no value (for the output and summary.json). */
  List<String> defaultsChosen = new java.util.ArrayList<>();

  /** The validated run's result (null without validation). */
  ValidatedTrainer.Result validated;
  /** The validation fraction in force and why. */
  double validationFraction;
  String validationReason;

  @Option(names = "--trust-region", defaultValue = "0", paramLabel = "RHO",
      description = "Hybrid strategy: the polish and the local search keep every continuous weight and bias within RHO"
          + " of its value after pruning and every grid weight at it (0: no trust region; the exact stage always has"
          + " the whole model) (default: ${DEFAULT-VALUE}).")
  double trustRegion;

  /** The hybrid strategy's stages with their networks' test accuracy and nonzero weights, when it ran. */
  List<StageReport> stages;

  /**
   * A stage and its network measured once, for the output and the summary: objective NaN where the network is not in
   * the MILP's domains, validation and accuracy NaN where they do not apply.
   */
  record StageReport(String name, double objective, double seconds, String note, double validation,
      double testAccuracy, int nonzeroWeights) {}

  @Option(names = "--gradient-epochs", defaultValue = "300", paramLabel = "N",
      description = "Epochs of each gradient warm-start run (default: ${DEFAULT-VALUE}).")
  int gradientEpochs;

  @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: runs/<timestamp>).")
  Path out;

  @Option(names = "--write-split", paramLabel = "DIR",
      description = "Also write the raw training and test rows this run uses as DIR/train.csv and DIR/test.csv (the"
          + " columns of --data), to compare other tools on exactly the same split.")
  Path writeSplit;

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
        // Every layer kind verifies (pooling and gates included); step and hard tanh do not.
        Activation a = spec instanceof io.milpnet.formulation.spec.DenseSpec d ? d.activation()
            : spec instanceof io.milpnet.formulation.spec.ConvSpec c ? c.activation() : Activation.LINEAR;
        if (a != Activation.RELU && a != Activation.LINEAR) {
          throw new UserInputException("--verify-epsilon: verification supports relu and linear activations, and"
              + " --arch '" + arch + "' has " + spec.token());
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
    stdout.println("scaling: " + scalingUsed + " (" + scalingReason + "), other data clipped to [0,1]"
        + (droppedFeatures.isEmpty() ? "" : "; " + droppedFeatures.size() + " column(s) constant in training dropped: "
            + abbreviate(droppedFeatures)));
    if (strategy.equalsIgnoreCase("float")) {
      return trainFloat(prepared, hidden, config, runDir, stdout);
    }
    decideValidation(trainData);
    if (trustRegion > 0 && !strategyName().equals("hybrid")) {
      throw new UserInputException("--trust-region is for --strategy hybrid (the " + strategyName() + " strategy has"
          + " the whole model" + (strategy.equalsIgnoreCase("auto") ? "; auto chose it: validation is "
          + (validationFraction > 0 ? "on" : "off") : "") + ")");
    }
    stdout.println("validation: " + validationReason);
    interrupt = new InterruptSignal();
    if (validationFraction > 0) {
      return trainValidated(prepared, hidden, config, backend, runDir, export, stdout);
    }

    Trainer trainer = new Trainer(decodeTolerance);
    long buildStart = System.nanoTime();
    SolverBackend lp = config.tightening().bounds() == BoundMethod.LP || lpBoundRequested
        ? BackendChoice.resolveLp(lpBackend, registry) : null;
    TrainingProblem problem = TrainingProblem.build(trainData, hidden, config, lp);
    double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
    describeModel(problem, config, lp, export, buildSeconds, stdout);

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
        if (strategyName().equals("hybrid")) {
          double[] start = warm != null && warm.usable() ? warm.values() : problem.startValues(problem.zeroNetwork());
          HybridTrainer.Result hybrid = new HybridTrainer(decodeTolerance, trustRegion).solve(problem, backend,
              options, start, buildSeconds, solver.seed);
          outcome = hybrid.outcome();
          stages = new java.util.ArrayList<>();
          for (HybridTrainer.Stage st : hybrid.stages()) {
            stages.add(new StageReport(st.name(), st.objective(), st.seconds(), st.note(), Double.NaN,
                prepared.train().regression() ? Double.NaN : testAccuracy(st.network(), prepared),
                NetworkStructure.of(st.network()).nonzeroWeights()));
          }
        } else {
          outcome = trainer.solve(problem, backend, options, buildSeconds);
        }
      }
      printStages(prepared, stdout);
      return report(outcome, prepared, backend, runDir, stdout);
    }
  }

  /** The model's size and tightening, the LP bound and the export, when asked for. */
  private void describeModel(TrainingProblem problem, TrainingConfig config, SolverBackend lp, ModelExport export,
      double buildSeconds, PrintWriter stdout) {
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
    stdout.flush();
  }

  /**
   * Training with validation rows ({@link ValidatedTrainer}): the gradient stages, the MILP on the fitted rows with
   * every change checked on validation, the re-fit on all rows.
   */
  private int trainValidated(PreparedData prepared, List<LayerSpec> hidden, TrainingConfig config,
      SolverBackend backend, RunDirectory runDir, ModelExport export, PrintWriter stdout) {
    TrainingData all = prepared.train();
    if (l0 == null) {
      config = config.withL0(VALIDATED_L0 * config.margin());
      defaultsChosen.add("--l0 " + fmt(config.l0()) + ": " + VALIDATED_L0 + " x the margin per nonzero weight (the"
          + " validated default; --l0 0 for none)");
    }
    if (neuronPenalty == null) {
      config = config.withNeuronPenalty(VALIDATED_UNIT_WEIGHTS * config.l0());
      defaultsChosen.add("--neuron-penalty " + fmt(config.neuronPenalty()) + ": a live hidden unit costs "
          + fmt(VALIDATED_UNIT_WEIGHTS) + " weights' L0 penalty (the validated default; it also lets a pruned unit's"
          + " sign output weight be 0)");
    }
    for (String c : defaultsChosen) {
      stdout.println("default: " + c);
    }
    List<TrainingData.Split> folds = all.folds(validationFraction, solver.seed);
    TrainingData.Split split = folds.get(0);
    Validation v = Validation.of(split.validation(), validationTolerance);
    ValidatedTrainer trainer = new ValidatedTrainer(new ValidatedTrainer.Settings(decodeTolerance, trustRegion,
        strategyName().equals("hybrid"), !noRefit, weightBound == null, weightDomain == null, l1 == null,
        milpNonzeros, solver.seed), gradientOptions());
    SolverBackend lp = config.tightening().bounds() == BoundMethod.LP || lpBoundRequested
        ? BackendChoice.resolveLp(lpBackend, registry) : null;
    stdout.printf(Locale.ROOT, "gradient stages on %d rows: float network (%d steps, weight decay %s), sparsity path,"
        + " grid projection...%n", split.fit().samples(), gradientSteps, fmt(weightDecay));
    stdout.flush();
    java.util.function.Consumer<String> log = line -> {
      stdout.println(line);
      stdout.flush();
    };
    ValidatedTrainer.Start begun = trainer.start(split.fit(), all, v, folds.subList(1, folds.size()), hidden, config,
        lp, log);
    for (String c : begun.choices()) {
      stdout.println("chosen: " + c);
    }
    describeModel(begun.problem(), begun.problem().config(), lp, export, begun.buildSeconds(), stdout);
    SolveOptions options = solver.options(interrupt);
    if (!backend.capabilities().startValues()) {
      stdout.println("  " + backend.name() + " takes no start values: the solve starts from scratch (the stages still"
          + " keep the gradient network unless validation prefers the solver's)");
    }
    stdout.printf(Locale.ROOT, "solving with %s (%s), %s strategy, time limit %s s...%n", backend.name(),
        backend.version(), strategyName(), fmt(solver.timeLimit));
    stdout.flush();
    try (InterruptOnShutdown guard = new InterruptOnShutdown(interrupt)) {
      try (SolveProgress progress = new SolveProgress("solving", solver.timeLimit, !solver.verbose, System.err)) {
        validated = trainer.finish(begun, backend, options, log);
      }
      stages = new java.util.ArrayList<>();
      for (ValidatedTrainer.StageRecord st : validated.stages()) {
        stages.add(new StageReport(st.name(), st.objective(), st.seconds(), st.note(), st.validation(),
            all.regression() ? Double.NaN : testAccuracy(st.network(), prepared),
            NetworkStructure.of(st.network()).nonzeroWeights()));
      }
      printStages(prepared, stdout);
      return report(validated.outcome(), prepared, backend, runDir, stdout);
    }
  }

  /**
   * {@code --strategy float}: the float network of the architecture on all training rows, no MILP; summary.json has
   * status FLOAT and no objective or bound.
   */
  private int trainFloat(PreparedData prepared, List<LayerSpec> hidden, TrainingConfig config, RunDirectory runDir,
      PrintWriter stdout) {
    stdout.printf(Locale.ROOT, "float network (no MILP): %d steps, weight decay %s, on %d rows...%n", gradientSteps,
        fmt(weightDecay), prepared.train().samples());
    stdout.flush();
    GradientPipeline.Step f = new GradientPipeline(gradientOptions()).trainFloat(prepared.train(), hidden,
        config.inputShape(), null);
    TrainedNetwork net = f.network();
    NetworkStructure st = NetworkStructure.of(net);
    com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper()
        .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
    com.fasterxml.jackson.databind.node.ObjectNode root = mapper.createObjectNode();
    root.put("status", "FLOAT");
    root.putNull("objective");
    root.putNull("bestBound");
    root.putNull("gap");
    root.putNull("backend");
    root.put("solveSeconds", f.seconds());
    boolean regression = prepared.train().regression();
    ForwardPass forward = new ForwardPass(net);
    double trainAccuracy = forward.accuracy(prepared.train().x(), prepared.train().y());
    double testAccuracy = testAccuracy(net, prepared);
    double testError = regression ? mean(forward.absoluteErrors(prepared.testX(), prepared.testTargets()))
        : Double.NaN;
    Json.number(root, "trainAccuracy", trainAccuracy);
    Json.number(root, "testAccuracy", testAccuracy);
    if (regression) {
      Json.number(root, "trainMeanAbsoluteError", mean(forward.absoluteErrors(prepared.train().x(),
          prepared.train().targets())));
      Json.number(root, "testMeanAbsoluteError", testError);
    }
    root.put("nonzeroWeights", st.nonzeroWeights());
    root.put("totalWeights", st.totalWeights());
    root.put("activeNeurons", st.activeNeurons());
    root.put("totalNeurons", st.totalNeurons());
    root.put("activeFilters", st.activeFilters());
    root.put("activeLayers", st.activeLayers());
    root.put("selectedFeatures", st.selectedFeatureNames().size());
    root.put("strategy", "float");
    root.put("message", "no MILP: " + f.note());
    com.fasterxml.jackson.databind.node.ObjectNode run = root.putObject("run");
    run.put("data", data.toString());
    run.put("trainSamples", prepared.train().samples());
    run.put("testSamples", prepared.testX().length);
    run.put("arch", arch);
    run.put("scaling", scalingUsed);
    run.put("weightDecay", weightDecay);
    run.put("gradientSteps", gradientSteps);
    run.put("seed", solver.seed);
    try {
      runDir.put("summary.json", mapper.writeValueAsString(root) + "\n");
    } catch (java.io.IOException e) {
      throw new IllegalStateException("could not serialise the summary", e);
    }
    runDir.put("network.json", new TrainedNetworkJson().write(net));
    writeSplitFiles();
    runDir.commit();
    stdout.printf(Locale.ROOT, "float network: %d of %d weights nonzero, %s  %.1f s%n", st.nonzeroWeights(),
        st.totalWeights(), regression ? "test mean absolute error " + fmt(testError)
            : "accuracy: train " + fmt(trainAccuracy) + "  test " + fmt(testAccuracy), f.seconds());
    stdout.println("wrote " + runDir.path().resolve("summary.json") + " and network.json");
    stdout.flush();
    return ExitCode.OK;
  }

  /** The gradient stages' options: the steps and weight decay given, the rest the pipeline's defaults. */
  private GradientPipeline.Options gradientOptions() {
    GradientPipeline.Options d = GradientPipeline.Options.defaults(solver.seed);
    return new GradientPipeline.Options(gradientSteps, d.learningRate(), d.batchSize(), weightDecay, d.restarts(),
        solver.seed);
  }

  private static double mean(double[] v) {
    return v.length == 0 ? Double.NaN : java.util.Arrays.stream(v).average().orElse(Double.NaN);
  }

  private void printStages(PreparedData prepared, PrintWriter stdout) {
    if (stages == null) {
      return;
    }
    for (StageReport r : stages) {
      stdout.printf(Locale.ROOT, "  %-12s objective %s  %.1f s  %d nonzero weights%s%s  %s%n", r.name(),
          fmt(r.objective()), r.seconds(), r.nonzeroWeights(),
          Double.isNaN(r.validation()) ? "" : ", validation " + fmt(r.validation()),
          prepared.train().regression() ? "" : ", test accuracy " + fmt(r.testAccuracy()), r.note());
    }
  }

  /** --validation as given, or the default: on from {@link #VALIDATION_MIN_ROWS} rows, and only with the gradient. */
  private void decideValidation(TrainingData train) {
    if (validation != null) {
      validationFraction = validation;
      validationReason = validation == 0 ? "off (--validation 0)"
          : holdOutText(train, validation) + " (--validation " + fmt(validation) + ")";
    } else if (!warmStart.equalsIgnoreCase("gradient")) {
      validationFraction = 0;
      validationReason = "off: --warm-start none has no gradient stages to validate";
    } else if (gradientBounds != null) {
      validationFraction = 0;
      validationReason = "off: --gradient-bounds restricts the problem around the in-domain gradient network";
    } else if (constrained()) {
      validationFraction = 0;
      validationReason = "off: the gradient stages cannot meet --max-features, --max-neurons, --monotone, --anchors or"
          + " --implication, so the exact MILP on all rows keeps them (--validation F to validate anyway, from the"
          + " in-domain gradient start)";
    } else if (train.samples() < VALIDATION_MIN_ROWS) {
      validationFraction = 0;
      validationReason = "off: " + train.samples() + " training rows is tiny data (fewer than " + VALIDATION_MIN_ROWS
          + "), solved exactly on all of them (--validation F to hold out rows anyway)";
    } else {
      validationFraction = VALIDATION_DEFAULT;
      validationReason = holdOutText(train, VALIDATION_DEFAULT) + " (the default from " + VALIDATION_MIN_ROWS
          + " training rows on)";
    }
  }

  private String holdOutText(TrainingData train, double fraction) {
    return fmt(fraction) + " of the training rows held out" + (train.regression() ? "" : " per class") + ", seed "
        + solver.seed + "; the sparsity level is chosen " + (TrainingData.foldCount(fraction) > 1 ? "by "
        + TrainingData.foldCount(fraction) + "-fold cross-validation, this hold-out the first fold" : "on it")
        + "; a MILP stage's change is kept only if validation " + (train.regression()
        ? "error does not grow" : "accuracy does not fall") + (validationTolerance > 0 ? " by more than "
        + fmt(validationTolerance) : "") + (noRefit ? "" : "; the kept network is re-fitted on all rows at the end");
  }

  /** Domain constraints the float network of the gradient stages knows nothing of. */
  private boolean constrained() {
    return maxFeatures != null || maxNeurons != null || (monotone != null && !monotone.isEmpty()) || anchors != null
        || (implications != null && !implications.isEmpty());
  }

  /** The strategy in force: auto is hybrid with validation, exact without. */
  String strategyName() {
    String s = strategy.toLowerCase(Locale.ROOT);
    return s.equals("auto") ? (validationFraction > 0 ? "hybrid" : "exact") : s;
  }

  private static String abbreviate(List<String> names) {
    return names.size() <= 8 ? String.join(", ", names)
        : String.join(", ", names.subList(0, 6)) + ", ... (" + (names.size() - 6) + " more)";
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
    writeSplitFiles();
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
    return new TrainingConfig(lossKind, margin == null ? TrainingConfig.DEFAULT_MARGIN : margin, l1 == null ? 0 : l1,
        l0 == null ? 0 : l0, neuronPenalty == null ? 0 : neuronPenalty, weightBound(),
        biasBound == null ? Double.NaN : biasBound, gridScale, encoding, !noSymmetryBreaking,
        firstLayerDomain.equalsIgnoreCase("continuous") ? null
            : domain(firstLayerDomain, true, "--first-layer-domain"), false,
        featurePenalty, maxFeatures == null ? TrainingConfig.NO_BUDGET : maxFeatures,
        maxNeurons == null ? TrainingConfig.NO_BUDGET : maxNeurons, layerPenalty, monotoneConstraints(), filterPenalty,
        inputShape == null ? null : Shape.parse(inputShape, "--input-shape"),
        domain(weightDomain(), false, "--weight-domain"), implications(), tightening);
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
    if (!List.of("auto", "exact", "hybrid", "float").contains(strategy.toLowerCase(Locale.ROOT))) {
      throw new UserInputException("--strategy '" + strategy + "' is not a strategy: use auto, exact, hybrid or"
          + " float");
    }
    if (validation != null && !(validation >= 0 && validation < 1)) {
      throw new UserInputException("--validation must be a fraction in [0, 1) (0: off), got " + fmt(validation));
    }
    if (validation != null && validation > 0 && !warmStart.equalsIgnoreCase("gradient")) {
      throw new UserInputException("--validation chooses among the gradient stages and the MILP's: it needs"
          + " --warm-start gradient (or give --validation 0)");
    }
    if (validation != null && validation > 0 && gradientBounds != null) {
      throw new UserInputException("--gradient-bounds restricts the problem around the in-domain gradient network,"
          + " which validation does not use: give --validation 0 with it");
    }
    if (!(validationTolerance >= 0) || Double.isInfinite(validationTolerance)) {
      throw new UserInputException("--validation-tolerance must be a finite number >= 0, got "
          + fmt(validationTolerance));
    }
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new UserInputException("--weight-decay must be a finite number >= 0, got " + fmt(weightDecay));
    }
    if (milpNonzeros < 1) {
      throw new UserInputException("--milp-nonzeros must be at least 1, got " + milpNonzeros);
    }
    if (gradientSteps < 1) {
      throw new UserInputException("--gradient-steps must be at least 1, got " + gradientSteps);
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
    if (trustRegion > 0 && strategy.equalsIgnoreCase("exact")) {
      throw new UserInputException("--trust-region is for --strategy hybrid (the exact strategy has the whole model)");
    }
    if (writeSplit != null && java.nio.file.Files.exists(writeSplit) && !java.nio.file.Files.isDirectory(writeSplit)) {
      throw new UserInputException("--write-split '" + writeSplit + "' is a file: give a directory");
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
    Dataset anchorRaw = anchors == null ? null : StratifiedSplit.alignColumns(reader.read(anchors, labelColumn),
        trainRaw);
    splitRows = new Dataset[] {trainRaw, testRaw};
    // A column constant on every training row tells the network nothing (a weight on it only moves the bias, and on
    // other data it would act untrained): flat data drop it; images keep their shape.
    int[] constant = inputShape == null ? MinMaxScaler.constantColumns(trainRaw) : new int[0];
    if (constant.length > 0 && constant.length < trainRaw.numFeatures()) {
      List<String> names = new java.util.ArrayList<>();
      for (int c : constant) {
        names.add(trainRaw.featureNames().get(c));
      }
      droppedFeatures = List.copyOf(names);
      trainRaw = trainRaw.withoutColumns(constant);
      testRaw = testRaw == null ? null : testRaw.withoutColumns(constant);
      anchorRaw = anchorRaw == null ? null : anchorRaw.withoutColumns(constant);
    }
    boolean global = globalScaling(trainRaw);
    MinMaxScaler scaler = (global ? MinMaxScaler.fitGlobal(trainRaw) : MinMaxScaler.fit(trainRaw)).withClip(true);
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
    if (anchorRaw != null) {
      train = train.withAnchors(scaler.transform(anchorRaw).features(), classes.encode(anchorRaw));
    }
    double[][] testX = testRaw == null ? new double[0][] : scaler.transform(testRaw).features();
    int[] testY = testRaw == null ? new int[0] : classes.encode(testRaw);
    return new PreparedData(train, testX, testY, new double[0], testSource);
  }

  private static void writeCsv(Path file, Dataset d) {
    try {
      java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
    } catch (java.io.IOException e) {
      throw new UserInputException("--write-split: cannot create " + file.getParent() + ": " + e.getMessage());
    }
    io.milpnet.core.io.AtomicTextFile.write(file, w -> {
      w.write(String.join(",", d.featureNames()) + "," + d.labelName() + "\n");
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < d.numSamples(); i++) {
        line.setLength(0);
        for (double v : d.features()[i]) {
          line.append(number(v)).append(',');
        }
        line.append(number(d.labels()[i])).append('\n');
        w.write(line.toString());
      }
    });
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
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
      return WeightDomain.parse(text, fedByData, weightBound(), gridScale, option);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
  }

  /** Global or per-feature scaling for these training rows (records the choice and why). */
  private boolean globalScaling(Dataset train) {
    String s = scaling.toLowerCase(Locale.ROOT);
    boolean global;
    if (s.equals("auto")) {
      boolean shared = MinMaxScaler.sharedScale(train);
      global = inputShape != null || shared;
      scalingReason = inputShape != null ? "auto: the features are images (--input-shape)"
          : shared ? "auto: the columns share one range, as pixels do" : "auto: the columns have ranges of their own";
    } else {
      global = s.equals("global");
      scalingReason = "--scaling " + s;
    }
    scalingUsed = global ? "global" : "per-feature";
    return global;
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
