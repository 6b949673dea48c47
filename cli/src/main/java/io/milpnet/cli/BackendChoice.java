package io.milpnet.cli;

import io.milpnet.core.solver.Availability;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.core.solver.SolverRegistry;

/**
 * Which backend a command uses: {@code --backend} (or the experiment file's {@code solver.backend}, which supplies
 * the flag's default), else {@code $MILPNET_BACKEND}, else OR-Tools SCIP. An unknown name is bad input; an
 * unavailable backend has its own exit code and the reason (e.g. which package to install).
 */
final class BackendChoice {
  static final String ENV = "MILPNET_BACKEND";
  static final String DEFAULT = "ortools-scip";

  private BackendChoice() {}

  static SolverBackend resolve(String flag, SolverRegistry registry) {
    return resolve(flag, "--backend", registry);
  }

  /** The backend of the bound-tightening LPs ({@code --lp-backend}); any backend solves LPs. */
  static SolverBackend resolveLp(String name, SolverRegistry registry) {
    return resolve(name == null || name.isBlank() ? LP_DEFAULT : name, "--lp-backend", registry);
  }

  /**
   * Bound-tightening LPs solved at once: one per core (more with --threads) on a backend whose capabilities allow
   * concurrent solves (OR-Tools: independent solver objects); one at a time on the others, and for a name the
   * registry does not know (that name is reported where the LP backend is resolved).
   */
  static int lpThreads(String lpBackend, int threads, SolverRegistry registry) {
    String name = lpBackend == null || lpBackend.isBlank() ? LP_DEFAULT : lpBackend;
    SolverBackend backend = registry.all().get(name);
    return backend != null && backend.capabilities().concurrentSolves()
        ? Math.max(threads, Runtime.getRuntime().availableProcessors()) : 1;
  }

  /** The default LP backend of bound tightening and LP bounds. */
  static final String LP_DEFAULT = "ortools-glop";

  private static SolverBackend resolve(String flag, String option, SolverRegistry registry) {
    String name = flag;
    String origin = option;
    if (name == null || name.isBlank()) {
      String env = System.getenv(ENV);
      if (env != null && !env.isBlank()) {
        name = env.trim();
        origin = "$" + ENV;
      } else {
        name = DEFAULT;
      }
    }
    SolverBackend backend;
    try {
      backend = registry.resolve(name);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(origin + ": " + e.getMessage());
    }
    Availability a = backend.availability();
    if (!a.available()) {
      throw new UserInputException("backend " + name + " unavailable: " + a.reason(), ExitCode.BACKEND_UNAVAILABLE);
    }
    return backend;
  }
}
