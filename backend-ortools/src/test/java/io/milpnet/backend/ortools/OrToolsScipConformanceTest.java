package io.milpnet.backend.ortools;

import io.milpnet.core.conformance.BackendConformanceKit;
import io.milpnet.core.model.Model;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolverBackend;
import org.junit.jupiter.api.Nested;

class OrToolsScipConformanceTest extends BackendConformanceKit {
  @Override
  protected SolverBackend backend() {
    return OrToolsBackend.scip();
  }

  /** The same suite with every model going through the bridges first. */
  @Nested
  class ThroughBridges extends BackendConformanceKit {
    @Override
    protected SolverBackend backend() {
      return OrToolsBackend.scip();
    }

    @Override
    protected boolean viaBridges() {
      return true;
    }
  }

  /**
   * The same suite with best-bound search (best-first node selection, no plunging: the exact training solve's search):
   * a node order changes the path, never the answer, so every known optimum must come out the same.
   */
  @Nested
  class BestBoundSearch extends BackendConformanceKit {
    @Override
    protected SolverBackend backend() {
      return OrToolsBackend.scip();
    }

    @Override
    protected Solution solve(Model m, SolveOptions options) {
      return super.solve(m, options.withBestBoundSearch(true));
    }
  }
}
