package io.milpnet.cli;

import io.milpnet.core.solver.InterruptSignal;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.core.solver.SolverRegistry;
import io.milpnet.core.solver.SolveTrace;
import io.milpnet.core.solver.TracingBackend;
import io.milpnet.formulation.data.DataPreparation;
import io.milpnet.formulation.data.PreparedData;
import io.milpnet.formulation.network.NetworkStructure;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.network.TrainedNetworkJson;
import io.milpnet.formulation.pipeline.NumberText;
import io.milpnet.formulation.pipeline.PipelineListener;
import io.milpnet.formulation.pipeline.PipelineResult;
import io.milpnet.formulation.pipeline.PipelineSettings;
import io.milpnet.formulation.pipeline.StageReport;
import io.milpnet.formulation.pipeline.Strategy;
import io.milpnet.formulation.pipeline.TrainingPipeline;
import io.milpnet.formulation.spec.ArchitectureParser;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.train.GradientPipeline;
import io.milpnet.formulation.train.TrainingConfig;
import io.milpnet.formulation.train.TrainingOutcome;
import io.milpnet.formulation.verify.BoundMethod;
import io.milpnet.formulation.verify.Robustness;
import io.milpnet.formulation.verify.Verifier;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code milpnet train}: the options, mapped onto {@link DataPreparation} and a {@link TrainingPipeline}, whose
 * progress and result this command prints and writes (summary.json, network.json).
 */
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
          + " range (a tenth of the varying columns, and two, span 90%% of all values' range: pixels), else per"
          + " feature (default:"
          + " ${DEFAULT-VALUE}). Without --input-shape, columns constant in training are dropped (and named).")
  String scaling;

  @Option(names = "--label", defaultValue = "label", paramLabel = "COLUMN",
      description = "Name of the label column (default: ${DEFAULT-VALUE}).")
  String labelColumn;

  @Mixin
  ProblemOptions problem;

  @Mixin
  SolverFlags solver;

  @Mixin
  StrategyOptions strategy;

  @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: runs/<timestamp>).")
  Path out;

  @Option(names = "--write-split", paramLabel = "DIR",
      description = "Also write the raw training and test rows this run uses as DIR/train.csv and DIR/test.csv (the"
          + " columns of --data), to compare other tools on exactly the same split.")
  Path writeSplit;

  @Option(names = "--export-model", paramLabel = "FILE.mps|FILE.lp",
      description = "Also write the training MILP as MPS (indicators as big-M rows) or CPLEX LP, for other solvers.")
  Path exportModel;

  @Option(names = "--export-onnx", paramLabel = "FILE.onnx",
      description = "Also write the trained network as an ONNX model, input scaling included (as `milpnet export`).")
  Path exportOnnx;

  @Mixin
  RobustnessOptions robustness;

  @Option(names = "--sweep", paramLabel = "KEY=V1,V2,...",
      description = "Train once per combination of these values (repeatable: the cartesian product), each run in its"
          + " own directory under --out, with one results table; values separated by ';' when one holds a comma.")
  List<String> sweep;

  @Option(names = "--report", description = "Also write report.html (the network drawn, the bound and incumbent"
      + " against time, the settings; for --sweep the Pareto fronts) beside summary.json and print its path.")
  boolean reportWanted;

  /** The incumbent and bound of every MILP solve of this run, over time (summary.json {@code trace}). */
  private final SolveTrace trace = new SolveTrace();

  /** Ctrl-C stops the training solve and the robustness verification after it. */
  private InterruptSignal interrupt;

  @Inject
  TrainCommand(SolverRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Integer call() {
    if (sweep != null) {
      return TrainSweep.run(spec, sweep, out, reportWanted);
    }
    TrainSummary.resetPeakResident();
    PrintWriter stdout = spec.commandLine().getOut();
    // Everything the user gave is checked before any file is read or written.
    if (data == null) {
      throw new UserInputException("--data is required: give the training CSV (or 'data:' in the experiment file)");
    }
    TrainingConfig config = problem.config(solver, registry);
    List<LayerSpec> hidden = new ArchitectureParser().parse(problem.arch);
    if (robustness.wanted()) {
      VerifierSetup.requireVerifiable(hidden, problem.arch);
    }
    solver.validate();
    solver.memoryDefault(SolverFlags.TRAIN_MEMORY_MB);
    validateNumbers();
    SolverBackend backend = new TracingBackend(solver.backend(registry), trace);
    RunDirectory runDir = RunDirectory.resolve(out, "runs");
    ModelExport export = exportModel == null ? null : ModelExport.forFile(exportModel);
    OnnxTarget onnx = exportOnnx == null ? null : OnnxTarget.forFile(exportOnnx, "--export-onnx");

    PreparedData prepared = prepareData();
    stdout.printf(Locale.ROOT, "milpnet train: %s, %d training / %d test samples, %d features, %s%n",
        data, prepared.train().samples(), prepared.testX().length, prepared.train().features(),
        prepared.train().regression() ? "regression" : prepared.train().numClasses() + " classes");
    List<String> dropped = prepared.droppedFeatures();
    stdout.println("scaling: " + prepared.scaling().name() + " (" + prepared.scaling().reason() + "), other data"
        + " clipped to [0,1]" + (dropped.isEmpty() ? "" : "; " + dropped.size() + " column(s) constant in training"
        + " dropped: " + abbreviate(dropped)));
    PipelineSettings settings = strategy.settings(problem, solver.seed);
    TrainingPipeline pipeline = new TrainingPipeline(settings, backend,
        () -> BackendChoice.resolveLp(problem.lpBackend, registry), listener(stdout, export));
    pipeline = strategy.init == null ? pipeline : pipeline.startingFrom(InitFile.read(strategy.init, prepared));
    if (settings.strategy() == Strategy.FLOAT) {
      return trainFloat(pipeline, prepared, hidden, config, runDir, onnx, stdout);
    }
    interrupt = new InterruptSignal();
    TrainingPipeline.Start started = pipeline.start(prepared, hidden, config, solver.options(interrupt, backend));
    try (InterruptOnShutdown guard = new InterruptOnShutdown(interrupt)) {
      PipelineResult result = pipeline.finish(started);
      printStages(result, prepared, stdout);
      return report(result, prepared, backend, runDir, onnx, stdout);
    }
  }

  /** The pipeline's lines on stdout, the model exported when asked for, the solve under a progress display. */
  private PipelineListener listener(PrintWriter stdout, ModelExport export) {
    return new PipelineListener() {
      @Override
      public void line(String text) {
        stdout.println(text);
        stdout.flush();
      }

      @Override
      public void modelBuilt(io.milpnet.core.model.Model model) {
        if (export != null) {
          line("exported the training MILP to " + exportModel + " (" + export.write(model) + ")");
        }
      }

      @Override
      public <T> T solving(Supplier<T> solve) {
        try (SolveProgress progress = new SolveProgress("solving", solver.timeLimit, !solver.verbose, System.err)) {
          return solve.get();
        }
      }
    };
  }

  /**
   * {@code --strategy float}: the float network of the architecture on all training rows, no MILP; summary.json has
   * status FLOAT and no objective or bound.
   */
  private int trainFloat(TrainingPipeline pipeline, PreparedData prepared, List<LayerSpec> hidden,
      TrainingConfig config, RunDirectory runDir, OnnxTarget onnx, PrintWriter stdout) {
    GradientPipeline.Step f = pipeline.trainFloat(prepared, hidden, config);
    NetworkStructure st = NetworkStructure.of(f.network());
    TrainSummary summary = TrainSummary.floatRun(this, f, prepared);
    runDir.put("summary.json", summary.toJson());
    runDir.put("network.json", new TrainedNetworkJson().write(f.network()));
    writeSplitFiles(prepared);
    runDir.commit();
    exportOnnx(onnx, f.network(), stdout);
    writeReport(runDir, stdout);
    stdout.printf(Locale.ROOT, "float network: %d of %d weights nonzero, %s  %.1f s%n", st.nonzeroWeights(),
        st.totalWeights(), prepared.train().regression() ? "test mean absolute error " + fmt(summary.testErrors()[0])
            : "accuracy: train " + fmt(summary.trainAccuracy()) + "  test " + fmt(summary.testAccuracy()),
        f.seconds());
    stdout.println("wrote " + runDir.path().resolve("summary.json") + " and network.json" + runDir.replacedNote());
    stdout.flush();
    return ExitCode.OK;
  }

  private void printStages(PipelineResult result, PreparedData prepared, PrintWriter stdout) {
    if (result.stages() == null) {
      return;
    }
    for (StageReport r : result.stages()) {
      stdout.printf(Locale.ROOT, "  %-12s objective %s  %.1f s  %d nonzero weights%s%s  %s%n", r.name(),
          fmt(r.objective()), r.seconds(), r.nonzeroWeights(),
          Double.isNaN(r.validation()) ? "" : ", validation " + fmt(r.validation()),
          prepared.train().regression() ? "" : ", test accuracy " + fmt(r.testAccuracy()), r.note());
    }
  }

  private static String abbreviate(List<String> names) {
    return names.size() <= 8 ? String.join(", ", names)
        : String.join(", ", names.subList(0, 6)) + ", ... (" + (names.size() - 6) + " more)";
  }

  private int report(PipelineResult result, PreparedData prepared, SolverBackend solver, RunDirectory runDir,
      OnnxTarget onnx, PrintWriter stdout) {
    TrainingOutcome outcome = result.outcome();
    Solution s = outcome.solution();
    TrainSummary summary = new TrainSummary(this, result, solver, prepared);
    summary.trace(trace);
    runDir.put("summary.json", summary.toJson());
    if (!outcome.hasNetwork()) {
      runDir.commit();
      stdout.printf(Locale.ROOT, "status %s after %.1f s: %s%n", s.status(), s.seconds(), s.message());
      stdout.println("wrote " + runDir.path().resolve("summary.json") + " (no network: "
          + (s.status() == SolveStatus.NO_SOLUTION ? "raise --time-limit" : "see the status") + ")"
          + runDir.replacedNote());
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
    writeSplitFiles(prepared);
    runDir.commit();
    exportOnnx(onnx, outcome.network(), stdout);
    stdout.println("wrote " + runDir.path().resolve("summary.json") + " and network.json" + runDir.replacedNote());
    writeReport(runDir, stdout);
    stdout.flush();
    return ExitCode.OK;
  }

  /** {@code --export-onnx}: the network as ONNX, after the run directory holds it. */
  private static void exportOnnx(OnnxTarget onnx, TrainedNetwork network, PrintWriter stdout) {
    if (onnx != null) {
      onnx.write(network);
      stdout.println("wrote " + onnx.file() + " (ONNX, input scaling included)");
    }
  }

  /** {@code --report}: the run's report, after the run directory holds the run. */
  private void writeReport(RunDirectory runDir, PrintWriter stdout) {
    if (reportWanted) {
      ReportWriter.printed(runDir.path(), stdout);
    }
  }

  /** {@code --verify-epsilon}: the test set's robustness, certified with the training backend; null when not asked. */
  private List<Robustness.Report> verifyRobustness(TrainingOutcome outcome, PreparedData prepared,
      SolverBackend backend, PrintWriter stdout) {
    if (!robustness.wanted()) {
      return null;
    }
    Verifier verifier = VerifierSetup.verifier(backend, registry, BoundMethod.SYMBOLIC.key(), problem.relu,
        Verifier.DEFAULT_TOLERANCE, problem.lpBackend).withProgress(VerifierSetup.PROGRESS);
    return robustness.certify(outcome.network(), prepared, verifier, solver.options(interrupt, backend), stdout);
  }

  /** The checks of the options that are not the problem's (checked by {@link ProblemOptions#config}). */
  private void validateNumbers() {
    if (test != null && testSplit != null) {
      throw new UserInputException("give either --test or --test-split, not both");
    }
    robustness.validate(test != null || testSplit != null || trainPerClass != null);
    if (!List.of("classification", "regression").contains(problem.task.toLowerCase(Locale.ROOT))) {
      throw new UserInputException("--task '" + problem.task + "' is not a task: use classification or regression");
    }
    if (problem.regression()) {
      for (var entry : Map.of("--classes", keepClasses != null, "--train-per-class", trainPerClass != null,
          "--anchors", problem.anchors != null, "--verify-epsilon", robustness.wanted()).entrySet()) {
        if (entry.getValue()) {
          throw new UserInputException(entry.getKey() + " is about classes: it does not apply to --task regression");
        }
      }
    }
    strategy.validate(problem.gradientBounds);
    if (writeSplit != null) {
      OutputPaths.checkDirectory("--write-split", writeSplit);
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
          + given(testSplit));
    }
  }

  /** The data options mapped onto {@link DataPreparation}, its selection errors onto the options at fault. */
  private PreparedData prepareData() {
    try {
      return new DataPreparation().prepare(new DataPreparation.Settings(data, labelColumn, test, testSplit,
          trainPerClass, keepClasses, DataPreparation.Scaling.parse(scaling), problem.inputShape != null,
          problem.regression(), problem.anchors, solver.seed));
    } catch (DataPreparation.SelectionException e) {
      throw new UserInputException((e.setting().equals("classes") ? "--classes: "
          : e.setting().equals("testSplit") ? "" : "--train-per-class " + trainPerClass + ": ") + e.getMessage());
    }
  }

  /** --write-split: the raw rows of this run, written with its results. */
  private void writeSplitFiles(PreparedData prepared) {
    if (writeSplit != null) {
      SplitFiles.write(writeSplit, prepared.trainRows(), prepared.testRows());
    }
  }

  static String fmt(double v) {
    return NumberText.of(v);
  }

  /** A value the user gave, for an error message: NaN as NaN (fmt shows it as "-", which reads as a minus sign). */
  static String given(double v) {
    return Double.isNaN(v) ? "NaN" : fmt(v);
  }

  static String percent(double gap) {
    return NumberText.percent(gap);
  }
}
