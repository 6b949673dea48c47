package io.milpnet.backend.ortools;

import io.milpnet.core.solver.Capabilities;
import io.milpnet.core.solver.Capabilities.Feature;

/** The OR-Tools solvers milpnet exposes, with what each really does through {@code MPSolver} (see DESIGN.md). */
enum OrToolsSolver {
  /**
   * SCIP: native indicator constraints (loaded from {@code MPGeneralConstraintProto}), time limit, gap, hints, best
   * bound, interrupt, node count, memory limit ({@code limits/memory}), SCIP's own parameters. Kept single-threaded:
   * {@code setNumThreads(>1)} switches SCIP to a concurrent mode that stops after one node.
   */
  SCIP("ortools-scip", "SCIP", Capabilities.of(Feature.INTEGERS, Feature.INDICATORS, Feature.RANGE_ROWS,
      Feature.TIME_LIMIT, Feature.START_VALUES, Feature.BEST_BOUND, Feature.INTERRUPT, Feature.NODE_COUNT,
      Feature.CONCURRENT_SOLVES, Feature.MEMORY_LIMIT, Feature.SOLVER_PARAMETERS)),

  /**
   * CBC: no indicator constraints (bridged to big-M), no interrupt, and OR-Tools' CBC wrapper ignores solution
   * hints; time limit, gap, best bound and node count work.
   */
  CBC("ortools-cbc", "CBC", Capabilities.of(Feature.INTEGERS, Feature.RANGE_ROWS, Feature.TIME_LIMIT,
      Feature.BEST_BOUND, Feature.NODE_COUNT, Feature.CONCURRENT_SOLVES)),

  /**
   * GLOP, Google's simplex for linear programs only: a model with integer variables is refused with a named error.
   * The LP solver behind LP bound tightening (verification with {@code --bounds lp}), where many small LPs must be
   * fast.
   */
  GLOP("ortools-glop", "GLOP", Capabilities.of(Feature.RANGE_ROWS, Feature.TIME_LIMIT, Feature.BEST_BOUND,
      Feature.CONCURRENT_SOLVES));

  final String backendName;
  final String solverId;
  final Capabilities capabilities;

  OrToolsSolver(String backendName, String solverId, Capabilities capabilities) {
    this.backendName = backendName;
    this.solverId = solverId;
    this.capabilities = capabilities;
  }
}
