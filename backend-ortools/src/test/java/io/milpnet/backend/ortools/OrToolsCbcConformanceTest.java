package io.milpnet.backend.ortools;

import io.milpnet.core.conformance.BackendConformanceKit;
import io.milpnet.core.solver.SolverBackend;
import org.junit.jupiter.api.Nested;

class OrToolsCbcConformanceTest extends BackendConformanceKit {
  @Override
  protected SolverBackend backend() {
    return OrToolsBackend.cbc();
  }

  /** The same suite with every model going through the bridges first. */
  @Nested
  class ThroughBridges extends BackendConformanceKit {
    @Override
    protected SolverBackend backend() {
      return OrToolsBackend.cbc();
    }

    @Override
    protected boolean viaBridges() {
      return true;
    }
  }
}
