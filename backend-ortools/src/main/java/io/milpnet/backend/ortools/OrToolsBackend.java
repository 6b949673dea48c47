package io.milpnet.backend.ortools;

import com.google.ortools.linearsolver.MPModelProto;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverParameters;
import com.google.ortools.linearsolver.MPVariable;
import io.milpnet.core.model.Model;
import io.milpnet.core.solver.Availability;
import io.milpnet.core.solver.Capabilities;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolutionCheck;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.core.solver.UnsupportedModelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An OR-Tools solver reached through {@link MPSolver}: the model is translated to an {@link MPModelProto}, loaded
 * with {@code loadModelFromProto} (which keeps indicator constraints native for SCIP), and solved with the object API
 * so that node counts, hints and interrupts are available. A returned point that core's shared check rejects ({@link
 * SolutionCheck}: bounds, integrality, rows, indicators, relative tolerance 1e-6) is reported as an ERROR.
 */
public final class OrToolsBackend implements SolverBackend {
  private final OrToolsSolver kind;
  private final OrToolsModelTranslator translator = new OrToolsModelTranslator();
  private volatile String version;

  OrToolsBackend(OrToolsSolver kind) {
    this.kind = kind;
  }

  /** The default backend, OR-Tools SCIP. */
  public static OrToolsBackend scip() {
    return new OrToolsBackend(OrToolsSolver.SCIP);
  }

  /** OR-Tools GLOP (linear programs only). */
  public static OrToolsBackend glop() {
    return new OrToolsBackend(OrToolsSolver.GLOP);
  }

  /** OR-Tools CBC. */
  public static OrToolsBackend cbc() {
    return new OrToolsBackend(OrToolsSolver.CBC);
  }

  @Override
  public String name() {
    return kind.backendName;
  }

  @Override
  public String version() {
    String v = version;
    if (v == null) {
      if (OrToolsNatives.loadError() != null) {
        return "unavailable";
      }
      MPSolver solver = MPSolver.createSolver(kind.solverId);
      if (solver == null) {
        return "unavailable";
      }
      try {
        v = solver.solverVersion() + " (OR-Tools " + com.google.ortools.init.OrToolsVersion.getVersionString() + ")";
      } finally {
        solver.delete();
      }
      version = v;
    }
    return v;
  }

  @Override
  public Availability availability() {
    String error = OrToolsNatives.loadError();
    if (error != null) {
      return Availability.no(error);
    }
    MPSolver solver = MPSolver.createSolver(kind.solverId);
    if (solver == null) {
      return Availability.no("this OR-Tools build has no " + kind.solverId + " solver");
    }
    solver.delete();
    return Availability.yes();
  }

  @Override
  public Capabilities capabilities() {
    return kind.capabilities;
  }

  /**
   * SCIP's parameters by SCIP's names ({@code limits/nodes}, {@code separating/maxrounds}; SCIP's documentation lists
   * them), each set on a SCIP solver of its own so that the first one SCIP refuses is named, with SCIP's reason.
   */
  @Override
  public void checkParameters(Map<String, String> parameters) {
    if (parameters.isEmpty()) {
      return;
    }
    if (!kind.capabilities.solverParameters()) {
      SolverBackend.super.checkParameters(parameters);
    }
    String error = OrToolsNatives.loadError();
    if (error != null) {
      throw new IllegalArgumentException("cannot check the solver parameters: " + error);
    }
    for (Map.Entry<String, String> p : parameters.entrySet()) {
      String line = parameterLine(p.getKey(), p.getValue());
      MPSolver solver = MPSolver.createSolver(kind.solverId);
      NativeStderr.Captured set;
      try {
        set = NativeStderr.capture(() -> solver.setSolverSpecificParametersAsString(line));
      } finally {
        solver.delete();
      }
      if (!set.result()) {
        throw new IllegalArgumentException(refusal(p.getKey(), p.getValue(), set.text()));
      }
    }
  }

  /** {@code name = value} for SCIP's parameter text; a name or value that would break the text is refused. */
  private static String parameterLine(String name, String value) {
    String n = name == null ? "" : name.strip();
    String v = value == null ? "" : value.strip();
    if (n.isEmpty() || v.isEmpty() || (n + v).chars().anyMatch(ch -> ch == '\n' || ch == '\r' || ch == '=')) {
      throw new IllegalArgumentException("'" + name + "=" + value + "' is not NAME=VALUE (for example"
          + " limits/nodes=1000)");
    }
    return n + " = " + v + "\n";
  }

  /** SCIP's reason for refusing a parameter, in one line, from what it printed. */
  private static String refusal(String name, String value, String printed) {
    String why = "";
    if (printed.contains("Invalid parameter name")) {
      return "SCIP has no parameter '" + name + "' (SCIP's documentation lists them, e.g. limits/nodes,"
          + " separating/maxrounds)";
    }
    for (String line : printed.lines().toList()) {
      int at = line.indexOf("ERROR: Invalid value");
      if (at >= 0) {
        why = ": " + line.substring(at + "ERROR: ".length()).strip();
        break;
      }
    }
    return "SCIP refuses the value '" + value + "' of parameter '" + name + "'" + why;
  }

  /** Models from this size (nonzeros) on hand the JVM's garbage back before the native solve ({@link #releaseHeap}). */
  static final long RELEASE_HEAP_NONZEROS = 200_000;

  /**
   * A full collection before a large native solve. The solver is about to take gigabytes the JVM cannot see, while the
   * translation's garbage (the Java proto, model copies of the stage before) stays resident: G1 collects only when
   * its young space fills, and a JVM idle during the solve never fills it. At MNIST scale (1M nonzeros) that was 1.5
   * GB of garbage beside SCIP; the collection takes well under a second, and with the launcher's heap free ratios the
   * heap also shrinks to its live part.
   */
  private static void releaseHeap() {
    System.gc();
  }

  @Override
  public Solution solve(Model model, SolveOptions options) {
    long start = System.nanoTime();
    String error = OrToolsNatives.loadError();
    if (error != null) {
      return Solution.withoutValues(SolveStatus.ERROR, 0, error);
    }
    if (model.hasIntegerVars() && !kind.capabilities.integers()) {
      throw new UnsupportedModelException(name() + " solves linear programs only, and model " + model.name()
          + " has integer variables");
    }
    if (model.numIndicators() > 0 && !kind.capabilities.indicators()) {
      throw new UnsupportedModelException(name() + " has no indicator constraints: solve through the bridges");
    }
    MPSolver solver = MPSolver.createSolver(kind.solverId);
    if (solver == null) {
      return Solution.withoutValues(SolveStatus.ERROR, 0, "OR-Tools could not create a " + kind.solverId + " solver");
    }
    Runnable interrupt = solver::interruptSolve;
    ScipVbcTrace vbc = null;
    try {
      String loadError = solver.loadModelFromProto(toProto(model));
      if (!loadError.isEmpty()) {
        return Solution.withoutValues(SolveStatus.ERROR, seconds(start), "OR-Tools rejected the model: " + loadError);
      }
      configure(solver, options);
      vbc = traced(solver, options);
      if (options.interrupt() != null) {
        options.interrupt().onInterrupt(interrupt);
      }
      if (model.numNonzeros() >= RELEASE_HEAP_NONZEROS) {
        releaseHeap();
      }
      MPSolver.ResultStatus result = solver.solve(parameters(options));
      Solution solution = readSolution(solver, result, model, options, seconds(start));
      if (vbc != null) {
        vbc.report(model.sense(), options.trace());
      }
      if (solution.status() == SolveStatus.INFEASIBLE && hasInfiniteBound(model)) {
        // SCIP's "infeasible or unbounded" comes back from OR-Tools as INFEASIBLE; settle it with a feasibility solve.
        solution = settleInfeasibleOrUnbounded(model, options, solution, start);
      }
      return solution;
    } catch (RuntimeException e) {
      return Solution.withoutValues(SolveStatus.ERROR, seconds(start), name() + " failed: " + e);
    } finally {
      if (options.interrupt() != null) {
        options.interrupt().remove(interrupt);
      }
      if (vbc != null) {
        vbc.delete();
      }
      solver.delete();
      if (model.numNonzeros() >= TRIM_NONZEROS) {
        NativeHeap.trim();
      }
    }
  }

  /** Models from this size (nonzeros) on give the C heap's free memory back after their solve ({@link NativeHeap}). */
  static final long TRIM_NONZEROS = 20_000;

  /**
   * The model as {@link #solve} hands it to OR-Tools: an {@link MPModelProto} without names (for every OR-Tools
   * solver the same). Public so that benchmarks measure what the backend runs.
   */
  public MPModelProto toProto(Model model) {
    return translator.translate(model, false);
  }

  /**
   * What {@link #solve} does before solving, without solving: the proto ({@link #toProto}), a new {@link MPSolver} of
   * this backend's kind, {@code loadModelFromProto}; then the solver is deleted, releasing its native memory. Public
   * so that benchmarks measure what the backend runs.
   *
   * @throws IllegalStateException when OR-Tools is unavailable ({@link #availability()} says why), cannot create the
   *     solver or rejects the model
   */
  public void loadWithoutSolving(Model model) {
    String error = OrToolsNatives.loadError();
    if (error != null) {
      throw new IllegalStateException(error);
    }
    MPSolver solver = MPSolver.createSolver(kind.solverId);
    if (solver == null) {
      throw new IllegalStateException("OR-Tools could not create a " + kind.solverId + " solver");
    }
    try {
      String loadError = solver.loadModelFromProto(toProto(model));
      if (!loadError.isEmpty()) {
        throw new IllegalStateException("OR-Tools " + kind.solverId + " rejected model " + model.name() + ": "
            + loadError);
      }
    } finally {
      solver.delete();
    }
  }

  private void configure(MPSolver solver, SolveOptions options) {
    if (options.hasTimeLimit()) {
      solver.setTimeLimit((long) Math.ceil(options.timeLimitSeconds() * 1000.0));
    }
    if (options.log()) {
      solver.enableOutput();
    } else {
      solver.suppressOutput();
    }
    if (kind == OrToolsSolver.SCIP) {
      // SCIP's seed shift changes every random decision of the solve (branching ties, heuristics). SCIP's own Ctrl-C
      // handler would swallow SIGINT (the JVM never saw it, so a benchmark suite went on to its next job): SIGINT goes
      // to the JVM, whose shutdown hooks stop the solve through interruptSolve and write the results.
      setScipParameters(solver, scipParameters(options), options);
    }
    double[] start = options.startValues();
    if (start != null && kind.capabilities.startValues()) {
      MPVariable[] vars = solver.variables();
      List<MPVariable> hintVars = new ArrayList<>();
      List<Double> hintValues = new ArrayList<>();
      for (int v = 0; v < Math.min(start.length, vars.length); v++) {
        if (!Double.isNaN(start[v])) {
          hintVars.add(vars[v]);
          hintValues.add(start[v]);
        }
      }
      if (!hintVars.isEmpty()) {
        solver.setHint(hintVars.toArray(new MPVariable[0]),
            hintValues.stream().mapToDouble(Double::doubleValue).toArray());
      }
    }
  }

  /** Sets SCIP's parameter text; one SCIP refuses ends the solve as an error naming the solver parameters. */
  private static void setScipParameters(MPSolver solver, String text, SolveOptions options) {
    if (!solver.setSolverSpecificParametersAsString(text)) {
      throw new IllegalArgumentException("SCIP refused the solver parameters " + options.solverParameters()
          + " (checkParameters names the one)");
    }
  }

  private static String scipParameters(SolveOptions options) {
    String params = "randomization/randomseedshift = " + Math.abs(options.seed()) + "\nmisc/catchctrlc = FALSE\n";
    if (options.bestBoundSearch()) {
      // Best-first node selection above SCIP's default (best estimate) and no plunging: every node SCIP expands is an
      // open node of the lowest bound. On the README's sparse Iris training MILP (docs/benchmarks.md, issue 17) the
      // bound after 3000 nodes rose from 0.567-0.577 (default, three seeds) to 0.630, at about twice the LP
      // iterations per node (a node no longer starts from its parent's LP basis).
      params += "nodeselection/bfs/stdpriority = 1000000\nnodeselection/bfs/maxplungedepth = 0\n";
    }
    if (options.hasMemoryLimit()) {
      // SCIP counts its own memory and an estimate of its LP solver's; it stops like at a time limit, with its
      // incumbent and bound (OR-Tools reports FEASIBLE or NOT_SOLVED).
      params += String.format(java.util.Locale.ROOT, "limits/memory = %.1f%n", options.memoryLimitMb());
    }
    // The user's own parameters come last, so that they override milpnet's.
    for (Map.Entry<String, String> p : options.solverParameters().entrySet()) {
      params += parameterLine(p.getKey(), p.getValue());
    }
    return params;
  }

  /** SCIP with a trace listener writes its bounds to a VBC file ({@link ScipVbcTrace}); other solvers report none. */
  private ScipVbcTrace traced(MPSolver solver, SolveOptions options) {
    if (options.trace() == null || kind != OrToolsSolver.SCIP) {
      return null;
    }
    try {
      ScipVbcTrace vbc = ScipVbcTrace.create();
      setScipParameters(solver, scipParameters(options) + vbc.parameters(), options);
      return vbc;
    } catch (java.io.IOException e) {
      return null; // no temporary file: the trace keeps only the final point
    }
  }

  private static MPSolverParameters parameters(SolveOptions options) {
    MPSolverParameters params = new MPSolverParameters();
    params.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, options.relativeGap());
    return params;
  }

  private Solution readSolution(MPSolver solver, MPSolver.ResultStatus result, Model model, SolveOptions options,
      double seconds) {
    SolveStatus status = switch (result) {
      case OPTIMAL -> SolveStatus.OPTIMAL;
      case FEASIBLE -> SolveStatus.FEASIBLE;
      case INFEASIBLE -> SolveStatus.INFEASIBLE;
      case UNBOUNDED -> SolveStatus.UNBOUNDED;
      case NOT_SOLVED -> SolveStatus.NO_SOLUTION;
      case ABNORMAL, MODEL_INVALID -> SolveStatus.ERROR;
    };
    long nodes = kind.capabilities.nodeCount() && model.hasIntegerVars() ? solver.nodes() : -1;
    // Without a solution MPSolver does not update its bound (OR-Tools 9.14 SCIP reports 0 after a timed-out solve
    // whose LP bound was 6.6, measured on ACAS Xu): only a solve that found a point reports a bound.
    double bound = !status.hasSolution() ? Double.NaN : reportedBound(solver.objective().bestBound());
    if (!status.hasSolution()) {
      String message = switch (status) {
        case NO_SOLUTION -> "stopped before finding a feasible solution ("
            + java.util.Objects.requireNonNullElse(earlyStop(options, seconds), "time limit or interrupt") + ")";
        // Measured: SCIP with limits/memory = 1 on stein27 (it needs about 3 MB to start) ends ABNORMAL.
        case ERROR -> "solver returned " + result + (options.hasMemoryLimit() && kind == OrToolsSolver.SCIP
            ? String.format(java.util.Locale.ROOT, " (with a memory limit of %.0f MB: SCIP ends so when the limit is"
                + " below what it needs to start; raise the limit)", options.memoryLimitMb()) : "");
        default -> "";
      };
      return new Solution(status, Double.NaN, bound, null, seconds, nodes, message);
    }
    MPVariable[] vars = solver.variables();
    double[] values = new double[vars.length];
    for (int v = 0; v < vars.length; v++) {
      values[v] = vars[v].solutionValue();
    }
    double objective = solver.objective().value();
    if (!model.hasIntegerVars() && status == SolveStatus.OPTIMAL) {
      bound = objective; // an optimal LP is its own bound
    }
    if (status == SolveStatus.OPTIMAL && model.hasIntegerVars() && !options.solverParameters().isEmpty()
        && aboveGap(objective, bound, options.relativeGap())) {
      // A limit among the user's parameters (limits/gap, limits/absgap) ends SCIP as "optimal" with a gap wider than
      // --gap asked for: not proven, so not OPTIMAL.
      status = SolveStatus.FEASIBLE;
    }
    String early = status == SolveStatus.FEASIBLE ? earlyStop(options, seconds) : null;
    String message = status == SolveStatus.FEASIBLE ? "stopped with an incumbent before proving optimality"
        + (early != null ? " (" + early + ")" : "") : "";
    // The shared check decides whether the returned point is a solution: one that fails is an ERROR.
    return SolutionCheck.checked(name(), model, new Solution(status, objective, bound, values, seconds, nodes, message));
  }

  /**
   * Whether a solve that stopped early stopped at its memory limit. MPSolver does not pass SCIP's status on; with a
   * memory limit set, a stop well before the time limit and without an interrupt has no other cause, unless the user's
   * solver parameters set limits of their own (milpnet sets no node or solution limit, and a gap limit ends OPTIMAL).
   */
  private boolean memoryStopped(SolveOptions options, double seconds) {
    return kind.capabilities.memoryLimit() && options.hasMemoryLimit() && stoppedEarly(options, seconds)
        && !userLimits(options);
  }

  private static boolean stoppedEarly(SolveOptions options, double seconds) {
    boolean interrupted = options.interrupt() != null && options.interrupt().isInterrupted();
    return !interrupted && (!options.hasTimeLimit() || seconds < 0.95 * options.timeLimitSeconds());
  }

  /**
   * Whether the gap between objective and bound is wider than {@code relativeGap} as SCIP measures it ({@code |p - d|
   * / min(|p|, |d|)}), beyond rounding: the absolute difference must also exceed 1e-6 of {@code max(1, |p|)}.
   */
  static boolean aboveGap(double objective, double bound, double relativeGap) {
    if (Double.isNaN(bound)) {
      return true;
    }
    double diff = Math.abs(objective - bound);
    if (diff <= 1e-6 * Math.max(1.0, Math.abs(objective))) {
      return false;
    }
    double scale = Math.min(Math.abs(objective), Math.abs(bound));
    return scale == 0 || Math.signum(objective) != Math.signum(bound) || diff / scale > relativeGap * (1 + 1e-6);
  }

  /** Whether the user's solver parameters set one of SCIP's limits ({@code limits/...}). */
  private static boolean userLimits(SolveOptions options) {
    return options.solverParameters().keySet().stream().anyMatch(k -> k.strip().startsWith("limits/"));
  }

  /** Why a solve stopped before proving, when that is known from its options and time; else null. */
  private String earlyStop(SolveOptions options, double seconds) {
    if (memoryStopped(options, seconds)) {
      return String.format(java.util.Locale.ROOT, "at its memory limit of %.0f MB, before its time limit",
          options.memoryLimitMb());
    }
    if (userLimits(options) && stoppedEarly(options, seconds)) {
      return "at a limit among its solver parameters" + (options.hasMemoryLimit() ? " or its memory limit" : "")
          + ", before its time limit";
    }
    return null;
  }

  private Solution settleInfeasibleOrUnbounded(Model model, SolveOptions options, Solution reported, long start) {
    Model feasibility = model.copy(model.name() + "-feasibility");
    feasibility.setObjective(model.sense(), io.milpnet.core.model.LinearExpr.zero());
    MPSolver solver = MPSolver.createSolver(kind.solverId);
    try {
      solver.loadModelFromProto(translator.translate(feasibility, false));
      configure(solver, options.withStartValues(null).withLog(false));
      MPSolver.ResultStatus r = solver.solve(parameters(options));
      if (r == MPSolver.ResultStatus.OPTIMAL || r == MPSolver.ResultStatus.FEASIBLE) {
        return Solution.withoutValues(SolveStatus.UNBOUNDED, seconds(start),
            "feasible, and the solver found no finite optimum");
      }
      if (r == MPSolver.ResultStatus.INFEASIBLE) {
        return new Solution(SolveStatus.INFEASIBLE, Double.NaN, Double.NaN, null, seconds(start), reported.nodes(),
            reported.message());
      }
      return Solution.withoutValues(SolveStatus.ERROR, seconds(start),
          "the solver reported infeasible-or-unbounded and the feasibility check ended " + r);
    } finally {
      solver.delete();
    }
  }

  private static boolean hasInfiniteBound(Model model) {
    for (int v = 0; v < model.numVars(); v++) {
      if (Double.isInfinite(model.lowerBound(v)) || Double.isInfinite(model.upperBound(v))) {
        return true;
      }
    }
    return false;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /**
   * A bound as milpnet reports it: NaN when the solver has none. SCIP's infinity (1e20; measured: -1e20 from an MNIST
   * training solve stopped before its root LP finished) means no bound, not a bound of -1e20.
   */
  static double reportedBound(double bound) {
    return Double.isNaN(bound) || Math.abs(bound) >= 1e20 ? Double.NaN : bound;
  }
}
