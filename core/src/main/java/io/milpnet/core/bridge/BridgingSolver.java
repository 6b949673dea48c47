package io.milpnet.core.bridge;

import io.milpnet.core.model.Model;
import io.milpnet.core.solver.Capabilities;
import io.milpnet.core.solver.ForwardingSolverBackend;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.core.solver.UnsupportedModelException;

/**
 * Puts the bridges in front of a backend: a model is rewritten for what the backend lacks before it is solved, and
 * the solution is mapped back to the caller's variables. What no bridge can supply (integers on an LP-only solver)
 * is refused with an {@link UnsupportedModelException}.
 */
public final class BridgingSolver extends ForwardingSolverBackend {
  private final IndicatorToBigMBridge indicatorBridge = new IndicatorToBigMBridge();
  private final RangeRowBridge rangeBridge = new RangeRowBridge();

  public BridgingSolver(SolverBackend inner) {
    super(inner);
  }

  /** The capabilities after bridging: indicators (with finite bounds) and range rows are always accepted. */
  @Override
  public Capabilities capabilities() {
    Capabilities c = inner().capabilities();
    return new Capabilities(c.integers(), true, true, c.timeLimit(), c.startValues(), c.bestBound(), c.interrupt(),
        c.nodeCount(), c.concurrentSolves());
  }

  /** The model as the backend will see it. */
  public Model prepare(Model model) {
    Capabilities c = inner().capabilities();
    if (!c.integers() && model.hasIntegerVars()) {
      throw new UnsupportedModelException("backend " + inner().name() + " solves linear programs only, and model "
          + model.name() + " has integer variables: choose a MILP backend");
    }
    Model prepared = model;
    if (!c.indicators() && model.numIndicators() > 0) {
      prepared = indicatorBridge.apply(prepared);
    }
    if (!c.rangeRows() && RangeRowBridge.hasRangeRows(prepared)) {
      prepared = rangeBridge.apply(prepared);
    }
    return prepared;
  }

  @Override
  public Solution solve(Model model, SolveOptions options) {
    // Every bridge keeps the variables one to one, so the solution needs no mapping back.
    return inner().solve(prepare(model), options);
  }
}
