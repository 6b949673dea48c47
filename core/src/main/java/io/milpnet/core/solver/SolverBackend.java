package io.milpnet.core.solver;

import io.milpnet.core.model.Model;

/**
 * A MILP solver behind the project's SPI. Implementations are stateless between calls and safe to call from several
 * threads. A solver failure (exception, native error) becomes a {@link Solution} with status {@link
 * SolveStatus#ERROR} and a message, never an exception escaping {@link #solve}, except for models the backend
 * cannot take at all ({@link UnsupportedModelException}).
 */
public interface SolverBackend {
  /** The name users select it by, e.g. {@code ortools-scip}. */
  String name();

  /** The underlying solver and its version, e.g. {@code SCIP 9.2.2 (OR-Tools 9.14)}. */
  String version();

  Availability availability();

  Capabilities capabilities();

  /**
   * Checks the solver's own parameters ({@link SolveOptions#solverParameters()}) before any solve.
   *
   * @throws IllegalArgumentException naming the first parameter the solver does not take, or any parameter at all
   *     when the backend has no {@link Capabilities#solverParameters()}
   */
  default void checkParameters(java.util.Map<String, String> parameters) {
    if (!parameters.isEmpty()) {
      throw new IllegalArgumentException("backend " + name() + " takes no solver parameters (`milpnet solvers` lists"
          + " the backends that do)");
    }
  }

  /**
   * Solves the model as given. Callers that want missing capabilities rewritten go through {@link
   * io.milpnet.core.bridge.BridgingSolver}.
   */
  Solution solve(Model model, SolveOptions options);
}
