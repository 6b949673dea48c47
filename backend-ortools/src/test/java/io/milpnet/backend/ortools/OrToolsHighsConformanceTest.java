package io.milpnet.backend.ortools;

import io.milpnet.core.conformance.BackendConformanceKit;
import io.milpnet.core.solver.SolverBackend;
import org.junit.jupiter.api.Nested;

class OrToolsHighsConformanceTest extends BackendConformanceKit {
  @Override
  protected SolverBackend backend() {
    return new OrToolsHighsBackend();
  }

  /** The same suite with every model going through the bridges first. */
  @Nested
  class ThroughBridges extends BackendConformanceKit {
    @Override
    protected SolverBackend backend() {
      return new OrToolsHighsBackend();
    }

    @Override
    protected boolean viaBridges() {
      return true;
    }
  }
}
