package io.milpnet.cli;

import io.milpnet.core.solver.InterruptSignal;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.core.solver.SolverRegistry;
import io.milpnet.formulation.verify.DisjunctResult;
import io.milpnet.formulation.verify.Robustness;
import io.milpnet.formulation.verify.VerificationResult;
import io.milpnet.formulation.verify.Verifier;
import io.milpnet.formulation.verify.VnnProperty;
import io.milpnet.formulation.verify.VnnlibFormatException;
import io.milpnet.formulation.verify.VnnlibReader;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code milpnet verify}: a VNN-LIB property of a network ({@code .nnet}, ONNX or milpnet's {@code network.json}), or
 * the local robustness of every sample of a CSV file, proven by input splitting and MILP with the network's weights
 * fixed.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Verify a network against a VNN-LIB property (holds / violated / unknown), or certify the"
        + " L-infinity robustness of the samples of a CSV file.",
        "Exit code 0 when every question was decided (holds or violated), 3 when something stayed unknown."})
public final class VerifyCommand implements Callable<Integer> {
  private final SolverRegistry registry;

  @Spec
  CommandSpec spec;

  @Option(names = "--network", required = true, paramLabel = "NET",
      description = "A .nnet or .onnx file, or a network.json written by `milpnet train` (or its run directory).")
  Path network;

  @Option(names = "--property", paramLabel = "PROP.vnnlib",
      description = "The unsafe set, in VNN-LIB (X_i inputs as the network takes them, Y_j raw outputs).")
  Path property;

  @Option(names = "--data", paramLabel = "FILE.csv",
      description = "Robustness mode: the samples whose epsilon-balls are certified (raw features for a"
          + " network.json, network inputs for a .nnet or .onnx).")
  Path data;

  @Option(names = "--epsilon", split = ",", paramLabel = "E",
      description = "Robustness mode: L-infinity radius (or several, comma-separated), in the network's input"
          + " space: [0,1]-scaled features for a network.json.")
  double[] epsilons;

  @Option(names = "--label", defaultValue = "label", paramLabel = "COLUMN",
      description = "Robustness mode: the label column of --data (default: ${DEFAULT-VALUE}).")
  String labelColumn;

  @Option(names = "--bounds", defaultValue = "symbolic", paramLabel = "interval|symbolic|lp",
      description = "Pre-activation bounds on each input box: interval arithmetic, symbolic back-substitution, or"
          + " symbolic then one LP per unstable unit (--lp-backend) (default: ${DEFAULT-VALUE}).")
  String bounds;

  @Option(names = "--relu", defaultValue = "bigm", paramLabel = "bigm|indicator|psplit:N",
      description = "ReLU encoding of the MILPs: big-M rows, indicator constraints, or the partition-based P-split"
          + " formulation with N groups of inputs per unit (tighter LP relaxation, more variables; N = 1 is as tight as"
          + " big-M) (default: ${DEFAULT-VALUE}).")
  String relu;

  @Option(names = "--tolerance", defaultValue = "" + Verifier.DEFAULT_TOLERANCE,
      description = "A proof needs the unsafe set missed by more than this; counterexamples are re-checked exactly"
          + " (default: ${DEFAULT-VALUE}).")
  double tolerance;

  @Mixin
  SolverFlags solver;

  @Option(names = "--lp-backend", defaultValue = BackendChoice.LP_DEFAULT, paramLabel = "NAME",
      description = "Backend of the bound-tightening LPs (--bounds lp) and of the LP bound of --whole-box; OR-Tools"
          + " backends solve a layer's LPs in parallel (default: ${DEFAULT-VALUE}).")
  String lpBackend;

  @Option(names = "--whole-box",
      description = "Measure instead of verify: each disjunct's whole input box as one MILP maximising the margin"
          + " (no splitting), reporting its size, stable ReLUs, LP-relaxation bound, best margin, bound and nodes"
          + " (the tightness benchmark's columns); the verdict stays sound.")
  boolean wholeBox;

  @Option(names = "--no-attack",
      description = "Skip the gradient attack that looks for a counterexample of every disjunct before the box"
          + " search: the answers are the same (every counterexample is re-checked), only how fast a violation is"
          + " found changes.")
  boolean noAttack;

  @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: runs/<timestamp>).")
  Path out;

  /** The incumbent and bound of the MILP solves over time (summary.json {@code trace}). */
  final io.milpnet.core.solver.SolveTrace trace = new io.milpnet.core.solver.SolveTrace();

  /** The MILP backend, resolved once by {@link #call()}. */
  SolverBackend backend;

  @Inject
  VerifyCommand(SolverRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Integer call() {
    boolean robustness = data != null || epsilons != null;
    if (robustness == (property != null)) {
      throw new UserInputException(property != null
          ? "give either --property or --data with --epsilon, not both"
          : "give --property PROP.vnnlib, or --data FILE.csv with --epsilon E for robustness");
    }
    if (robustness && (data == null || epsilons == null)) {
      throw new UserInputException(data == null
          ? "--epsilon needs --data FILE.csv: the samples whose balls are certified"
          : "--data needs --epsilon E: the radius of the balls to certify");
    }
    solver.validate();
    if (!(tolerance > 0 && tolerance < 1)) {
      throw new UserInputException("--tolerance must be in (0, 1), got " + TrainCommand.given(tolerance));
    }
    VerifierSetup.requireEpsilons("--epsilon", epsilons);
    backend = new io.milpnet.core.solver.TracingBackend(solver.backend(registry), trace);
    Verifier verifier = VerifierSetup.verifier(backend, registry, bounds, relu, tolerance, lpBackend);
    RunDirectory runDir = RunDirectory.resolve(out, "runs");
    LoadedNetwork net = LoadedNetwork.load(network);
    PrintWriter stdout = spec.commandLine().getOut();
    verifier.withProgress(VerifierSetup.PROGRESS).withAttack(!noAttack);
    InterruptSignal interrupt = new InterruptSignal();
    // The boxes of a disjunct are searched by one worker per core unless --threads says otherwise: the answer never
    // depends on it (every box proven, or a counterexample re-checked), only how many boxes are searched.
    SolveOptions options = solver.options(interrupt, Runtime.getRuntime().availableProcessors(), backend);
    try (InterruptOnShutdown guard = new InterruptOnShutdown(interrupt)) {
      if (robustness) {
        return robustness(net, verifier, options, runDir, stdout);
      }
      return property(net, verifier, options, runDir, stdout);
    }
  }

  private int property(LoadedNetwork net, Verifier verifier, SolveOptions options, RunDirectory runDir,
      PrintWriter stdout) {
    VnnProperty prop;
    try {
      prop = new VnnlibReader().read(property);
    } catch (VnnlibFormatException e) {
      throw new UserInputException(e.getMessage());
    }
    if (prop.inputs() != net.fixed.inputs() || prop.outputs() != net.fixed.outputs()) {
      throw new UserInputException("--property '" + property + "' declares " + prop.inputs() + " inputs and "
          + prop.outputs() + " outputs, but --network '" + network + "' has " + net.fixed.inputs() + " and "
          + net.fixed.outputs());
    }
    stdout.printf(Locale.ROOT, "milpnet verify: %s against %s (%d disjunct%s), %s, %s bounds, time limit %s s, %d"
        + " thread%s%n", network, property, prop.disjuncts().size(), prop.disjuncts().size() == 1 ? "" : "s",
        backend.name(), verifier.bounds().key(), TrainCommand.fmt(solver.timeLimit), options.threads(),
        options.threads() == 1 ? "" : "s");
    stdout.flush();
    if (wholeBox) {
      return wholeBox(net, prop, verifier, options, runDir, stdout);
    }
    VerificationResult result = verifier.verify(net.fixed, prop, options);
    VerifySummary summary = VerifySummary.property(this, verifier, result);
    runDir.put("summary.json", summary.toJson());
    runDir.commit();
    stdout.printf(Locale.ROOT, "result: %s (%s) in %.1f s%n", VerifySummary.word(result.verdict()),
        result.reason(), result.seconds());
    for (DisjunctResult d : result.disjuncts()) {
      stdout.printf(Locale.ROOT, "  disjunct %d: %s, %d boxes, %d MILP solves, %.1f s: %s%n", d.index(),
          VerifySummary.word(d.verdict()), d.boxes(), d.milpSolves(), d.seconds(), d.reason());
    }
    DisjunctResult cex = result.counterexample();
    if (cex != null) {
      stdout.println("counterexample X = " + Arrays.toString(cex.input()));
      stdout.println("               Y = " + Arrays.toString(cex.output()) + " (double forward pass)");
    }
    stdout.println("wrote " + runDir.path().resolve("summary.json") + runDir.replacedNote());
    stdout.flush();
    return result.verdict() == io.milpnet.formulation.verify.Verdict.UNKNOWN ? ExitCode.NO_SOLUTION : ExitCode.OK;
  }

  private int wholeBox(LoadedNetwork net, VnnProperty prop, Verifier verifier, SolveOptions options,
      RunDirectory runDir, PrintWriter stdout) {
    SolverBackend lp = BackendChoice.resolveLp(lpBackend, registry);
    List<Verifier.BoxMeasurement> boxes = new ArrayList<>();
    for (int d = 0; d < prop.disjuncts().size(); d++) {
      Verifier.BoxMeasurement b;
      try {
        b = verifier.measureWholeBox(net.fixed, prop, d, options, lp);
      } catch (IllegalArgumentException e) {
        throw new UserInputException("--property '" + property + "': " + e.getMessage());
      }
      boxes.add(b);
      stdout.printf(Locale.ROOT, "  disjunct %d: %s; %d binaries, %d stable, LP bound %s, margin %s, bound %s,"
              + " %d nodes, %s, %.1f s%n", d, VerifySummary.word(b.verdict()), b.binaries(), b.stable(),
          TrainCommand.fmt(b.lpBound()), b.milp().hasSolution() ? TrainCommand.fmt(b.milp().objective()) : "-",
          TrainCommand.fmt(b.milp().bestBound()), b.milp().nodes(), b.milp().status(), b.seconds());
      stdout.flush();
    }
    runDir.put("summary.json", VerifySummary.wholeBox(this, verifier, boxes).toJson());
    runDir.commit();
    stdout.println("wrote " + runDir.path().resolve("summary.json") + runDir.replacedNote());
    stdout.flush();
    return ExitCode.OK;
  }

  private int robustness(LoadedNetwork net, Verifier verifier, SolveOptions options, RunDirectory runDir,
      PrintWriter stdout) {
    LoadedNetwork.Samples samples = net.samples(data, labelColumn);
    Robustness robust = net.robustness(verifier);
    stdout.printf(Locale.ROOT, "milpnet verify: robustness of %s on %d samples of %s, %s, time limit %s s per"
            + " sample%n", network, samples.x().length, data, backend.name(), TrainCommand.fmt(solver.timeLimit));
    stdout.flush();
    List<Robustness.Report> reports = new ArrayList<>();
    for (double e : epsilons) {
      Robustness.Report r = robust.certify(samples.x(), samples.y(), e, options);
      reports.add(r);
      stdout.println(r.line());
      stdout.flush();
    }
    runDir.put("summary.json", VerifySummary.robustness(this, verifier, reports).toJson());
    runDir.commit();
    stdout.println("wrote " + runDir.path().resolve("summary.json") + runDir.replacedNote());
    stdout.flush();
    boolean decided = reports.stream().allMatch(r -> r.unknown() == 0);
    return decided ? ExitCode.OK : ExitCode.NO_SOLUTION;
  }
}
