package io.milpnet.backend.lpsolve;

import io.milpnet.core.conformance.BackendConformanceKit;
import io.milpnet.core.solver.SolverBackend;
import org.junit.jupiter.api.Nested;

class LpSolveConformanceTest extends BackendConformanceKit {
  @Override
  protected SolverBackend backend() {
    return new LpSolveBackend();
  }

  /** The same suite with every model going through the bridges first. */
  @Nested
  class ThroughBridges extends BackendConformanceKit {
    @Override
    protected SolverBackend backend() {
      return new LpSolveBackend();
    }

    @Override
    protected boolean viaBridges() {
      return true;
    }
  }
}
