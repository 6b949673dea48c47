package io.milpnet.cli;

import io.milpnet.core.solver.InterruptSignal;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.core.solver.SolverRegistry;
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
    if (threads != null && threads < 1) {
      throw new UserInputException("--threads must be at least 1, got " + threads);
    }
  }

  SolverBackend backend(SolverRegistry registry) {
    return BackendChoice.resolve(backend, registry);
  }

  SolveOptions options(InterruptSignal interrupt) {
    return options(interrupt, 1);
  }

  /** The options, with {@code defaultThreads} threads when {@code --threads} is not given. */
  SolveOptions options(InterruptSignal interrupt, int defaultThreads) {
    return SolveOptions.defaults()
        .withTimeLimit(timeLimit)
        .withRelativeGap(gap)
        .withSeed(seed)
        .withThreads(threads == null ? defaultThreads : threads)
        .withLog(verbose)
        .withInterrupt(interrupt);
  }
}
