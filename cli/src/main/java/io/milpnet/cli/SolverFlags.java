package io.milpnet.cli;

import io.milpnet.core.solver.InterruptSignal;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.core.solver.SolverRegistry;
import java.util.Map;
import picocli.CommandLine.Option;

/** The solver options every solving command shares (a picocli mixin), checked and turned into {@link SolveOptions}. */
final class SolverFlags {
  @Option(names = "--backend", paramLabel = "NAME",
      description = "Solver backend (default: $" + BackendChoice.ENV + ", else " + BackendChoice.DEFAULT
          + "); see `milpnet solvers`.")
  String backend;

  @Option(names = "--time-limit", defaultValue = "60", paramLabel = "SECONDS",
      description = "Solver time limit; the best solution found is returned with its gap (default: 60).")
  double timeLimit;

  @Option(names = "--gap", defaultValue = "1e-4",
      description = "Relative optimality gap at which the solver stops (default: ${DEFAULT-VALUE}).")
  double gap;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the solver (and of --test-split) (default: 0).")
  int seed;

  @Option(names = "--threads", paramLabel = "N",
      description = "Threads for backends that search in parallel (ojAlgo; SCIP stays single-threaded), and for"
          + " verify the input boxes searched at once, each with its own single-threaded solve (default: 1; verify:"
          + " one per core).")
  private Integer threads;

  /** {@code --threads}, or 1 when not given. */
  int threads() {
    return threads == null ? 1 : threads;
  }

  @Option(names = "--solver-memory", paramLabel = "MB|none",
      description = "Stop a solve whose solver memory reaches MB megabytes, with its incumbent and gap as at a time"
          + " limit; none: no limit (backends with a memory limit: ortools-scip; default: none, train: "
          + (long) TRAIN_MEMORY_MB + " where the backend has a memory limit).")
  private String solverMemory;

  /**
   * {@code train}'s default memory limit per solve (MB, SCIP's count). Measured in docs/benchmarks.md ("Memory at
   * MNIST scale"): SCIP adds about 1.3 times its count in resident memory, beside a JVM of about 0.6 GB, so MNIST 10
   * per class {@code dense:64} with the hybrid strategy stays under 4 GB. A best-bound search keeps its open nodes and
   * grows (the certify suite's small solves peaked at 0.6-1.8 GB resident in 600 s): from 80% of the limit SCIP saves
   * memory by searching depth-first, and at the limit it stops with its incumbent and bound.
   */
  static final double TRAIN_MEMORY_MB = 2000;

  /** The command's default for {@code --solver-memory}: none unless the command sets one ({@link #memoryDefault}). */
  private double memoryDefault = Double.POSITIVE_INFINITY;

  @Option(names = "--solver-param", split = ",", paramLabel = "NAME=VALUE",
      description = "A parameter of the solver itself, by the solver's own name, applied after milpnet's settings"
          + " (which it overrides); repeat the flag or separate by commas (ortools-scip: SCIP's parameters, e.g."
          + " limits/nodes=1000 or separating/maxroundsroot=20; experiment file: solver.params: {NAME: VALUE}).")
  private Map<String, String> solverParameters;

  /** {@code --solver-param}, in the order given; empty when not given. */
  Map<String, String> solverParameters() {
    return solverParameters == null ? Map.of() : solverParameters;
  }

  @Option(names = "--verbose", description = "Print the solver's log and stack traces of internal errors.")
  boolean verbose;

  /** Checks the values before any work is done. */
  void validate() {
    if (!(timeLimit > 0) || Double.isInfinite(timeLimit)) {
      throw new UserInputException("--time-limit must be a positive number of seconds, got "
          + TrainCommand.given(timeLimit));
    }
    if (!(gap >= 0 && gap < 1)) {
      throw new UserInputException("--gap must be in [0, 1), got " + TrainCommand.given(gap));
    }
    givenMemory();
    if (threads != null && threads < 1) {
      throw new UserInputException("--threads must be at least 1, got " + threads);
    }
  }

  /** {@code --solver-memory} as given: null when not given, infinite for none. */
  private Double givenMemory() {
    if (solverMemory == null) {
      return null;
    }
    if (solverMemory.strip().equalsIgnoreCase("none")) {
      return Double.POSITIVE_INFINITY;
    }
    double mb;
    try {
      mb = Double.parseDouble(solverMemory.strip());
    } catch (NumberFormatException e) {
      mb = Double.NaN;
    }
    if (!(mb > 0 && Double.isFinite(mb))) {
      throw new UserInputException("--solver-memory must be a positive number of megabytes or none, got '"
          + solverMemory + "'");
    }
    return mb;
  }

  /** Sets the command's default memory limit per solve, used where the backend has a memory limit. */
  void memoryDefault(double megabytes) {
    memoryDefault = megabytes;
  }

  /**
   * The memory limit per solve with {@code backend}: the one given, else the command's default where the backend has
   * a memory limit, else none (infinite).
   */
  double memoryLimitMb(SolverBackend backend) {
    Double given = givenMemory();
    if (given != null) {
      return given;
    }
    return backend.capabilities().memoryLimit() ? memoryDefault : Double.POSITIVE_INFINITY;
  }

  /**
   * The backend chosen; one without a memory limit is refused a {@code --solver-memory} in megabytes, and solver
   * parameters it does not take are refused by name.
   */
  SolverBackend backend(SolverRegistry registry) {
    SolverBackend chosen = BackendChoice.resolve(backend, registry);
    try {
      chosen.checkParameters(solverParameters());
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--solver-param: " + e.getMessage());
    }
    Double given = givenMemory();
    if (given != null && Double.isFinite(given) && !chosen.capabilities().memoryLimit()) {
      throw new UserInputException("--solver-memory: backend " + chosen.name() + " has no memory limit; drop"
          + " --solver-memory or choose a backend that has one (milpnet solvers lists them)");
    }
    return chosen;
  }

  SolveOptions options(InterruptSignal interrupt, SolverBackend backend) {
    return options(interrupt, 1, backend);
  }

  /**
   * The options for solves with {@code backend}, with {@code defaultThreads} threads when {@code --threads} is not
   * given.
   */
  SolveOptions options(InterruptSignal interrupt, int defaultThreads, SolverBackend backend) {
    return SolveOptions.defaults()
        .withTimeLimit(timeLimit)
        .withRelativeGap(gap)
        .withSeed(seed)
        .withThreads(threads == null ? defaultThreads : threads)
        .withLog(verbose)
        .withInterrupt(interrupt)
        .withMemoryLimit(memoryLimitMb(backend))
        .withSolverParameters(solverParameters());
  }
}
