package io.milpnet.core.solver;

/** Outcome of a solve. Only {@link #OPTIMAL} and {@link #FEASIBLE} carry a solution. */
public enum SolveStatus {
  /** Proven optimal to the requested relative gap. */
  OPTIMAL,
  /** A feasible solution without a proof of optimality (typically the time limit was reached); see the gap. */
  FEASIBLE,
  INFEASIBLE,
  UNBOUNDED,
  /** The solver stopped (time limit, interrupt) before finding any feasible solution. */
  NO_SOLUTION,
  ERROR;

  public boolean hasSolution() {
    return this == OPTIMAL || this == FEASIBLE;
  }
}
