package io.milpnet.backend.ojalgo;

import io.milpnet.core.conformance.BackendConformanceKit;
import io.milpnet.core.solver.SolverBackend;
import org.junit.jupiter.api.Nested;

class OjAlgoConformanceTest extends BackendConformanceKit {
  @Override
  protected SolverBackend backend() {
    return new OjAlgoBackend();
  }

  /** The same suite with every model going through the bridges first. */
  @Nested
  class ThroughBridges extends BackendConformanceKit {
    @Override
    protected SolverBackend backend() {
      return new OjAlgoBackend();
    }

    @Override
    protected boolean viaBridges() {
      return true;
    }
  }
}
