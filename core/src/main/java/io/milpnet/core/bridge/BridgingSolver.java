package io.milpnet.core.bridge;

import io.milpnet.core.model.Model;
import io.milpnet.core.solver.Capabilities;
import io.milpnet.core.solver.ForwardingSolverBackend;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolutionCheck;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.core.solver.UnsupportedModelException;
import java.util.List;

/**
 * Puts the bridges in front of a backend: a model is rewritten for what the backend lacks before it is solved, and
 * the solution is mapped back to the caller's variables. What no bridge can supply (integers on an LP-only solver)
 * is refused with an {@link UnsupportedModelException}.
 */
public final class BridgingSolver extends ForwardingSolverBackend {
  /** The bridges, in the order a model passes them (indicators become rows before rows are split). */
  public static final List<Bridge> STANDARD = List.of(new IndicatorToBigMBridge(), new RangeRowBridge());

  private final List<Bridge> bridges;

  public BridgingSolver(SolverBackend inner) {
    this(inner, STANDARD);
  }

  public BridgingSolver(SolverBackend inner, List<Bridge> bridges) {
    super(inner);
    this.bridges = List.copyOf(bridges);
  }

  /** The capabilities after bridging: what each bridge supplies (indicators with finite bounds, range rows). */
  @Override
  public Capabilities capabilities() {
    Capabilities c = inner().capabilities();
    for (Bridge bridge : bridges) {
      c = bridge.supplies(c);
    }
    return c;
  }

  /** The model as the backend will see it. */
  public Model prepare(Model model) {
    Capabilities c = inner().capabilities();
    if (!c.integers() && model.hasIntegerVars()) {
      throw new UnsupportedModelException("backend " + inner().name() + " solves linear programs only, and model "
          + model.name() + " has integer variables: choose a MILP backend");
    }
    Model prepared = model;
    for (Bridge bridge : bridges) {
      if (bridge.needed(c, prepared)) {
        prepared = bridge.apply(prepared);
      }
    }
    return prepared;
  }

  /**
   * Solves the prepared model. Every bridge keeps the variables one to one, so the solution needs no mapping back;
   * when a bridge rewrote the model, the point is checked once more against the caller's model with the shared check
   * ({@link SolutionCheck}): the backend checked it against the rewritten rows, and a big-M row with a binary just
   * inside its integrality tolerance can hold where the indicator it replaces does not.
   */
  @Override
  public Solution solve(Model model, SolveOptions options) {
    Model prepared = prepare(model);
    Solution solution = inner().solve(prepared, options);
    return prepared == model ? solution : SolutionCheck.checked(inner().name() + " (bridged)", model, solution);
  }
}
