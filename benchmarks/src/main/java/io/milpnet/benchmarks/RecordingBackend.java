package io.milpnet.benchmarks;

import io.milpnet.core.model.Model;
import io.milpnet.core.solver.Availability;
import io.milpnet.core.solver.Capabilities;
import io.milpnet.core.solver.Capabilities.Feature;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.core.solver.SolverBackend;

/**
 * A backend that solves nothing: it keeps the size of the model it is handed and answers {@link
 * SolveStatus#INFEASIBLE} at once. Behind the verifier, an infeasible leaf proves its box, so a verification ends
 * after encoding the first box that needs a MILP: what remains to measure is building that model.
 */
final class RecordingBackend implements SolverBackend {
  /** Claims everything, so that the bridges hand the verifier's model over unchanged. */
  private static final Capabilities EVERYTHING = Capabilities.of(Feature.INTEGERS, Feature.INDICATORS,
      Feature.RANGE_ROWS, Feature.TIME_LIMIT, Feature.START_VALUES, Feature.BEST_BOUND, Feature.INTERRUPT,
      Feature.NODE_COUNT, Feature.CONCURRENT_SOLVES);

  private volatile long lastNonzeros = -1;

  /** Nonzeros of the model of the last solve, or -1 before the first. */
  long lastNonzeros() {
    return lastNonzeros;
  }

  @Override
  public String name() {
    return "recording";
  }

  @Override
  public String version() {
    return "none (benchmark stand-in)";
  }

  @Override
  public Availability availability() {
    return Availability.yes();
  }

  @Override
  public Capabilities capabilities() {
    return EVERYTHING;
  }

  @Override
  public Solution solve(Model model, SolveOptions options) {
    lastNonzeros = model.numNonzeros();
    return Solution.withoutValues(SolveStatus.INFEASIBLE, 0, "not solved: benchmark stand-in");
  }
}
