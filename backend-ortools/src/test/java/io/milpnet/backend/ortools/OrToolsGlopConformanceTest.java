package io.milpnet.backend.ortools;

import io.milpnet.core.conformance.BackendConformanceKit;
import io.milpnet.core.solver.SolverBackend;
import org.junit.jupiter.api.Nested;

class OrToolsGlopConformanceTest extends BackendConformanceKit {
  @Override
  protected SolverBackend backend() {
    return OrToolsBackend.glop();
  }

  /** The same suite with every model going through the bridges first. */
  @Nested
  class ThroughBridges extends BackendConformanceKit {
    @Override
    protected SolverBackend backend() {
      return OrToolsBackend.glop();
    }

    @Override
    protected boolean viaBridges() {
      return true;
    }
  }
}
