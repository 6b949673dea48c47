package io.milpnet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.VarType;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.formulation.data.PreparedData;
import io.milpnet.formulation.network.ForwardPass;
import io.milpnet.formulation.network.NetworkStructure;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.pipeline.PipelineResult;
import io.milpnet.formulation.pipeline.StageReport;
import io.milpnet.formulation.train.GradientPipeline;
import io.milpnet.formulation.train.LayerExactness;
import io.milpnet.formulation.train.Trainer;
import io.milpnet.formulation.train.TrainingConfig;
import io.milpnet.formulation.train.TrainingOutcome;
import java.io.IOException;
import java.time.OffsetDateTime;

/**
 * {@code summary.json} of a training run: the fields of the CLI contract first (DESIGN.md), then what a reader needs
 * to reproduce or judge the run. Numbers that do not exist (no test set, no bound) are {@code null}, never NaN.
 */
final class TrainSummary {
  private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final ObjectNode root = mapper.createObjectNode();
  private final double trainAccuracy;
  private final double testAccuracy;
  /** Regression: {mean, max} absolute error in the target's units (NaN without a network or test set). */
  private final double[] trainErrors;
  private final double[] testErrors;

  TrainSummary(TrainCommand cmd, PipelineResult result, SolverBackend backend, PreparedData data) {
    TrainingOutcome outcome = result.outcome();
    Solution s = outcome.solution();
    Model model = outcome.problem().model();
    TrainingConfig cfg = outcome.problem().config();
    boolean hasNet = outcome.hasNetwork();
    NetworkStructure st = hasNet ? NetworkStructure.of(outcome.network()) : null;
    trainAccuracy = hasNet
        ? new ForwardPass(outcome.network()).accuracy(data.train().x(), data.train().y())
        : Double.NaN;
    testAccuracy = hasNet ? data.testAccuracy(outcome.network()) : Double.NaN;
    boolean regression = data.train().regression();
    trainErrors = regression && hasNet ? meanAndMax(new ForwardPass(outcome.network()).absoluteErrors(
        data.train().x(), data.train().targets())) : new double[] {Double.NaN, Double.NaN};
    testErrors = regression && hasNet ? meanAndMax(new ForwardPass(outcome.network()).absoluteErrors(data.testX(),
        data.testTargets())) : new double[] {Double.NaN, Double.NaN};

    root.put("status", s.status().name());
    Json.number(root, "objective", s.objective());
    Json.number(root, "bestBound", s.bestBound());
    Json.number(root, "gap", s.gap());
    CertificateJson.write(root, result.certificate());
    root.put("backend", backend.name());
    root.put("solveSeconds", s.seconds());
    Json.number(root, "trainAccuracy", trainAccuracy);
    Json.number(root, "testAccuracy", testAccuracy);
    if (regression) {
      Json.number(root, "trainMeanAbsoluteError", trainErrors[0]);
      Json.number(root, "trainMaxAbsoluteError", trainErrors[1]);
      Json.number(root, "testMeanAbsoluteError", testErrors[0]);
      Json.number(root, "testMaxAbsoluteError", testErrors[1]);
    }
    integer("nonzeroWeights", hasNet ? st.nonzeroWeights() : null);
    integer("totalWeights", hasNet ? st.totalWeights() : null);
    integer("activeNeurons", hasNet ? st.activeNeurons() : null);
    integer("totalNeurons", hasNet ? st.totalNeurons() : null);
    integer("activeFilters", hasNet ? st.activeFilters() : null);
    integer("totalFilters", hasNet ? st.totalFilters() : null);
    integer("activeLayers", hasNet ? st.activeLayers() : null);
    integer("totalLayers", hasNet ? st.totalLayers() : null);
    integer("selectedFeatures", hasNet ? st.selectedFeatureNames().size() : null);
    integer("decodeMismatches", hasNet ? outcome.report().mismatches() : null);
    root.put("strategy", result.strategy());
    if (result.stages() != null) {
      ArrayNode stages = root.putArray("stages");
      for (StageReport r : result.stages()) {
        ObjectNode n = stages.addObject();
        n.put("name", r.name());
        Json.number(n, "objective", r.objective());
        n.put("seconds", r.seconds());
        n.put("note", r.note());
        Json.number(n, regression ? "validationError" : "validationAccuracy", regression ? -r.validation()
            : r.validation());
        Json.number(n, "testAccuracy", r.testAccuracy());
        n.put("nonzeroWeights", r.nonzeroWeights());
      }
    }
    ObjectNode validation = root.putObject("validation");
    validation.put("fraction", result.validation().fraction());
    validation.put("note", result.validation().reason());
    validation.put("tolerance", cmd.strategy.validationTolerance);
    validation.put("refit", result.validated() != null && !cmd.strategy.noRefit);
    if (result.validated() != null) {
      var path = result.validated().path();
      validation.put("crossValidationFolds", path.folds());
      ArrayNode levels = validation.putArray("sparsityPath");
      for (int i = 0; i < path.levels().size(); i++) {
        var level = path.levels().get(i);
        ObjectNode n = levels.addObject();
        n.put("name", level.name());
        n.put("nonzeroWeights", level.nonzeroWeights());
        Json.number(n, regression ? "validationError" : "validationAccuracy", regression ? -level.score()
            : level.score());
        if (path.folds() > 1) {
          Json.number(n, regression ? "crossValidatedError" : "crossValidatedAccuracy", regression
              ? -path.crossValidated()[i] : path.crossValidated()[i]);
          if (!regression) {
            Json.number(n, "crossValidatedLogLikelihood", path.crossValidatedCriterion()[i]);
          }
        }
        Json.number(n, "testAccuracy", regression ? Double.NaN : data.testAccuracy(level.network()));
        n.put("kept", i == path.chosen());
      }
      ArrayNode chosen = root.putArray("chosenDefaults");
      result.defaultsChosen().forEach(chosen::add);
      result.validated().choices().forEach(chosen::add);
      TrainedNetwork f = result.validated().stages().get(0).network();
      ObjectNode fl = root.putObject("floatNetwork");
      fl.put("note", cmd.strategy.init == null ? "the unconstrained network of the same architecture (gradient stage"
          + " 1), before sparsity and the MILP's domains" : "the network of --init, before sparsity and the MILP's"
          + " domains");
      Json.number(fl, "trainAccuracy", new ForwardPass(f).accuracy(data.train().x(), data.train().y()));
      Json.number(fl, "testAccuracy", data.testAccuracy(f));
      fl.put("nonzeroWeights", NetworkStructure.of(f).nonzeroWeights());
    }
    Trainer.WarmStart warm = result.warm();
    if (warm != null) {
      ObjectNode w = root.putObject("warmStart");
      TrainedNetwork g = warm.result().network();
      NetworkStructure gs = NetworkStructure.of(g);
      w.put("kind", cmd.strategy.init == null ? "gradient" : "init");
      w.put("usedAsStart", warm.usable() && backend.capabilities().startValues());
      if (warm.note() != null) {
        w.put("note", warm.note());
      }
      Json.number(w, "objective", warm.result().objective());
      Json.number(w, "trainAccuracy", new ForwardPass(g).accuracy(data.train().x(), data.train().y()));
      Json.number(w, "testAccuracy", data.testAccuracy(g));
      w.put("nonzeroWeights", gs.nonzeroWeights());
      w.put("activeNeurons", gs.activeNeurons());
      w.put("activeFilters", gs.activeFilters());
      w.put("seconds", warm.result().seconds());
    } else {
      root.putNull("warmStart");
    }
    root.put("binaries", model.countVars(VarType.BINARY));
    root.put("constraints", model.numConstraints() + model.numIndicators());

    root.put("message", s.message());
    root.put("backendVersion", backend.version());
    Json.count(root, "nodes", s.nodes());
    root.put("buildSeconds", outcome.buildSeconds());
    ObjectNode size = root.putObject("model");
    size.put("variables", model.numVars());
    size.put("binaries", model.countVars(VarType.BINARY));
    size.put("integers", model.countVars(VarType.INTEGER));
    size.put("continuous", model.countVars(VarType.CONTINUOUS));
    size.put("linearConstraints", model.numConstraints());
    size.put("indicatorConstraints", model.numIndicators());
    size.put("nonzeros", model.numNonzeros());
    size.put("stableReluInstances", outcome.problem().stableRelus());
    root.put("stableUnits", outcome.problem().stableRelus());
    Json.number(root, "lpBound", result.lpBound());
    Json.number(root, "peakResidentMB", peakResidentMegabytes());
    Json.number(root, "rootGap", s.hasSolution() && !Double.isNaN(result.lpBound())
        ? Math.abs(s.objective() - result.lpBound()) / Math.max(1.0, Math.abs(s.objective())) : Double.NaN);
    if (result.gapDiagnosis() != null) {
      io.milpnet.formulation.train.GapDiagnosis.Result d = result.gapDiagnosis();
      ObjectNode g = root.putObject("gapDiagnosis");
      Json.number(g, "lpBound", d.lpBound());
      Json.number(g, "allBinariesFixed", d.allFixed());
      Json.number(g, "incumbent", d.incumbent());
      ArrayNode pieces = g.putArray("pieces");
      for (io.milpnet.formulation.train.GapDiagnosis.Piece p : d.pieces()) {
        ObjectNode n = pieces.addObject();
        n.put("binaries", p.name());
        n.put("count", p.binaries());
        Json.number(n, "lpWithThemFixed", p.fixed());
        Json.number(n, "lpWithOnlyThemRelaxed", p.alone());
      }
    }
    ArrayNode stability = root.putArray("stableUnitsByLayer");
    java.util.List<int[]> byLayer = outcome.problem().stabilityByLayer();
    for (int l = 0; l < byLayer.size(); l++) {
      ObjectNode n = stability.addObject();
      n.put("layer", l + 1);
      n.put("stable", byLayer.get(l)[0]);
      n.put("unstable", byLayer.get(l)[1]);
    }
    ObjectNode tight = root.putObject("tightening");
    tight.put("bounds", cfg.tightening().bounds().key());
    tight.put("lpTightenedBounds", outcome.problem().lpTightenedBounds());
    tight.put("boundLpSolves", outcome.problem().boundLpSolves());
    tight.put("lipschitzNeighbours", cfg.tightening().lipschitzNeighbours());
    tight.put("lipschitzPairs", outcome.problem().lipschitzPairs());
    tight.put("lipschitzRows", outcome.problem().lipschitzRows());
    tight.put("lipschitzStructureRows", outcome.problem().lipschitzStructureRows());
    tight.put("structureCuts", cfg.tightening().structureCuts());
    tight.put("lipschitzNote", outcome.problem().lipschitzNote());
    tight.put("reluPartitions", cfg.tightening().reluPartitions());
    tight.put("maxpool", cfg.tightening().tightMaxPool() ? "tight" : "bigm");
    if (outcome.problem().restriction() != null) {
      ObjectNode r = tight.putObject("gradientBounds");
      r.put("widening", outcome.problem().restriction().widening());
      r.put("rows", outcome.problem().restrictionRows());
      r.put("globalBound", false);
      r.put("note", "hidden pre-activations restricted to the gradient network's ranges: not valid bounds of the"
          + " training problem, so the solver's status and bound hold for the restricted model only");
    } else {
      tight.putNull("gradientBounds");
    }
    if (hasNet) {
      ArrayNode names = root.putArray("selectedFeatureNames");
      st.selectedFeatureNames().forEach(names::add);
      Json.number(root, "forwardObjective", outcome.report().forwardObjective());
      ArrayNode details = root.putArray("decodeDetails");
      outcome.report().details().forEach(details::add);
    }
    ArrayNode exact = root.putArray("exactness");
    for (LayerExactness e : outcome.problem().exactness()) {
      ObjectNode n = exact.addObject();
      n.put("layer", e.layer());
      n.put("weights", e.weights());
      n.put("bias", e.bias());
      n.put("exact", e.exact());
      n.put("note", e.note());
    }
    ObjectNode run = root.putObject("run");
    run.put("data", cmd.data.toString());
    if (data.testSource() != null) {
      run.put("test", data.testSource());
    } else {
      run.putNull("test");
    }
    run.put("trainSamples", data.train().samples());
    run.put("testSamples", data.testX().length);
    run.put("features", data.train().features());
    run.put("task", data.train().regression() ? "regression" : "classification");
    if (data.train().regression()) {
      run.putNull("classes");
    } else {
      run.put("classes", data.train().numClasses());
    }
    run.put("arch", cmd.problem.arch);
    if (cfg.inputShape() != null) {
      run.put("inputShape", cfg.inputShape().toString());
    } else {
      run.putNull("inputShape");
    }
    run.put("scaling", data.scaling().name());
    run.put("scalingReason", data.scaling().reason());
    ArrayNode dropped = run.putArray("droppedFeatures");
    data.droppedFeatures().forEach(dropped::add);
    run.put("loss", cfg.loss().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    run.put("margin", cfg.margin());
    run.put("l1", cfg.l1());
    run.put("l0", cfg.l0());
    run.put("neuronPenalty", cfg.neuronPenalty());
    run.put("featurePenalty", cfg.featurePenalty());
    run.put("layerPenalty", cfg.layerPenalty());
    run.put("filterPenalty", cfg.filterPenalty());
    run.put("weightDomain", cfg.hiddenDomain() == null ? cmd.problem.weightDomain() : cfg.hiddenDomain().describe());
    run.put("firstLayerDomain", cmd.problem.firstLayerDomain);
    run.put("warmStartRequested", cmd.strategy.warmStart);
    if (cmd.strategy.init != null) {
      run.put("init", cmd.strategy.init.toString());
    }
    run.put("strategyRequested", cmd.strategy.strategy.toLowerCase(java.util.Locale.ROOT));
    run.put("weightDecay", cmd.strategy.weightDecay);
    run.put("gradientSteps", cmd.strategy.gradientSteps);
    run.put("trustRegion", cmd.strategy.trustRegion);
    if (data.anchorSource() != null) {
      run.put("anchors", data.anchorSource());
      run.put("anchorCount", data.train().anchors());
    } else {
      run.putNull("anchors");
    }
    ArrayNode implications = run.putArray("implications");
    cfg.implications().forEach(im -> implications.add(im.toString()));
    ObjectNode monotone = run.putObject("monotone");
    new java.util.TreeMap<>(cfg.monotone()).forEach((feature, direction) -> monotone.put(feature, direction.key()));
    if (cfg.maxFeatures() == TrainingConfig.NO_BUDGET) {
      run.putNull("maxFeatures");
    } else {
      run.put("maxFeatures", cfg.maxFeatures());
    }
    if (cfg.maxNeurons() == TrainingConfig.NO_BUDGET) {
      run.putNull("maxNeurons");
    } else {
      run.put("maxNeurons", cfg.maxNeurons());
    }
    run.put("weightBound", cfg.weightBound());
    if (Double.isNaN(cfg.biasBound())) {
      run.put("biasBound", "auto (per layer, see exactness)");
    } else {
      run.put("biasBound", cfg.biasBound());
    }
    run.put("gridScale", cfg.gridScale());
    run.put("relu", cmd.problem.relu);
    run.put("symmetryBreaking", cfg.symmetryBreaking());
    run.put("timeLimit", cmd.solver.timeLimit);
    double memory = cmd.solver.memoryLimitMb(backend);
    if (Double.isFinite(memory)) {
      run.put("solverMemoryMb", memory);
    } else {
      run.put("solverMemoryMb", backend.capabilities().memoryLimit() ? "none" : "none (" + backend.name()
          + " has no memory limit)");
    }
    ObjectNode parameters = run.putObject("solverParameters");
    cmd.solver.solverParameters().forEach(parameters::put);
    run.put("gapLimit", cmd.solver.gap);
    run.put("seed", cmd.solver.seed);
    run.put("threads", cmd.solver.threads());
    run.put("decodeTolerance", cmd.strategy.decodeTolerance);
    run.put("milpnetVersion", VersionProvider.version());
    run.put("finishedAt", OffsetDateTime.now().toString());
  }

  private TrainSummary(double trainAccuracy, double testAccuracy, double[] trainErrors, double[] testErrors) {
    this.trainAccuracy = trainAccuracy;
    this.testAccuracy = testAccuracy;
    this.trainErrors = trainErrors;
    this.testErrors = testErrors;
  }

  /** {@code --strategy float}: status FLOAT, no objective, bound or backend, the float network's accuracy. */
  static TrainSummary floatRun(TrainCommand cmd, GradientPipeline.Step f, PreparedData data) {
    TrainedNetwork net = f.network();
    NetworkStructure st = NetworkStructure.of(net);
    boolean regression = data.train().regression();
    ForwardPass forward = new ForwardPass(net);
    double testError = regression ? mean(forward.absoluteErrors(data.testX(), data.testTargets())) : Double.NaN;
    double trainError = regression ? mean(forward.absoluteErrors(data.train().x(), data.train().targets()))
        : Double.NaN;
    TrainSummary summary = new TrainSummary(forward.accuracy(data.train().x(), data.train().y()),
        data.testAccuracy(net), new double[] {trainError, Double.NaN}, new double[] {testError, Double.NaN});
    ObjectNode root = summary.root;
    root.put("status", "FLOAT");
    root.putNull("objective");
    root.putNull("bestBound");
    root.putNull("gap");
    root.putNull("backend");
    root.put("solveSeconds", f.seconds());
    Json.number(root, "trainAccuracy", summary.trainAccuracy);
    Json.number(root, "testAccuracy", summary.testAccuracy);
    if (regression) {
      Json.number(root, "trainMeanAbsoluteError", trainError);
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
    ObjectNode run = root.putObject("run");
    run.put("data", cmd.data.toString());
    run.put("trainSamples", data.train().samples());
    run.put("testSamples", data.testX().length);
    run.put("arch", cmd.problem.arch);
    run.put("scaling", data.scaling().name());
    run.put("weightDecay", cmd.strategy.weightDecay);
    run.put("gradientSteps", cmd.strategy.gradientSteps);
    run.put("seed", cmd.solver.seed);
    if (cmd.strategy.init != null) {
      run.put("init", cmd.strategy.init.toString());
    }
    return summary;
  }

  private static double mean(double[] v) {
    return v.length == 0 ? Double.NaN : java.util.Arrays.stream(v).average().orElse(Double.NaN);
  }

  /** The robustness of the trained network on the test set ({@code --verify-epsilon}), one entry per epsilon. */
  /** The incumbents and bounds of the run's solves over time ({@link TraceJson}). */
  void trace(io.milpnet.core.solver.SolveTrace trace) {
    root.set("trace", TraceJson.of(trace));
  }

  void robustness(java.util.List<io.milpnet.formulation.verify.Robustness.Report> reports) {
    root.set("robustness", VerifySummary.reportsJson(reports));
  }

  private static double[] meanAndMax(double[] errors) {
    if (errors.length == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double sum = 0;
    double max = 0;
    for (double e : errors) {
      sum += e;
      max = Math.max(max, e);
    }
    return new double[] {sum / errors.length, max};
  }

  double[] trainErrors() {
    return trainErrors;
  }

  double[] testErrors() {
    return testErrors;
  }

  double trainAccuracy() {
    return trainAccuracy;
  }

  double testAccuracy() {
    return testAccuracy;
  }

  String toJson() {
    try {
      return mapper.writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException("could not serialise the summary", e);
    }
  }

  private void integer(String field, Integer v) {
    if (v == null) {
      root.putNull(field);
    } else {
      root.put(field, v);
    }
  }

  /**
   * Starts the peak resident memory afresh for this run (Linux 4.0 on: writing 5 to /proc/self/clear_refs resets
   * VmHWM), so that a run in a process that ran others before (a sequential bench suite runs its jobs in one JVM)
   * reports its own peak, up to the heap the JVM kept from them. Best effort: elsewhere the peak is the process's.
   */
  static void resetPeakResident() {
    try {
      java.nio.file.Files.writeString(java.nio.file.Path.of("/proc/self/clear_refs"), "5");
    } catch (java.io.IOException | RuntimeException e) {
      // Not Linux, or not allowed: the peak stays the process's own since it began.
    }
  }

  /**
   * The process's peak resident memory since {@link #resetPeakResident} (VmHWM of /proc/self/status, Linux), in MB;
   * NaN where unknown. A job of {@code --jobs} or Slurm is its own process.
   */
  static double peakResidentMegabytes() {
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Math.rint(Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024.0);
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }
}
