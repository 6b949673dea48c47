package io.milpnet.core.solver;

/**
 * What a backend supports natively. What it lacks is either rewritten before the model reaches it (indicators become
 * big-M rows, see {@code io.milpnet.core.bridge}) or refused with a clear error; never silently ignored.
 *
 * @param integers integer and binary variables (false: an LP solver)
 * @param indicators native indicator constraints
 * @param rangeRows rows with two finite, different bounds
 * @param timeLimit honours {@link SolveOptions#timeLimitSeconds()}
 * @param startValues uses {@link SolveOptions#startValues()} as a hint or incumbent
 * @param bestBound reports a proven bound on the optimum
 * @param interrupt can be stopped from another thread
 * @param nodeCount reports branch-and-bound nodes
 * @param concurrentSolves independent solves may run at once on separate threads (bound-tightening LPs use it)
 * @param memoryLimit honours {@link SolveOptions#memoryLimitMb()}: stops at it with its incumbent and bound
 * @param solverParameters applies {@link SolveOptions#solverParameters()}, the solver's own parameters, and checks
 *     them ({@link SolverBackend#checkParameters})
 */
public record Capabilities(
    boolean integers,
    boolean indicators,
    boolean rangeRows,
    boolean timeLimit,
    boolean startValues,
    boolean bestBound,
    boolean interrupt,
    boolean nodeCount,
    boolean concurrentSolves,
    boolean memoryLimit,
    boolean solverParameters) {

  /** One capability, by name: a backend lists what it has ({@link #of}) rather than a row of booleans. */
  public enum Feature {
    INTEGERS,
    INDICATORS,
    RANGE_ROWS,
    TIME_LIMIT,
    START_VALUES,
    BEST_BOUND,
    INTERRUPT,
    NODE_COUNT,
    CONCURRENT_SOLVES,
    MEMORY_LIMIT,
    SOLVER_PARAMETERS
  }

  /** The capabilities that are named; every other one is absent. */
  public static Capabilities of(Feature... features) {
    java.util.EnumSet<Feature> f = java.util.EnumSet.noneOf(Feature.class);
    f.addAll(java.util.Arrays.asList(features));
    return new Capabilities(f.contains(Feature.INTEGERS), f.contains(Feature.INDICATORS),
        f.contains(Feature.RANGE_ROWS), f.contains(Feature.TIME_LIMIT), f.contains(Feature.START_VALUES),
        f.contains(Feature.BEST_BOUND), f.contains(Feature.INTERRUPT), f.contains(Feature.NODE_COUNT),
        f.contains(Feature.CONCURRENT_SOLVES), f.contains(Feature.MEMORY_LIMIT), f.contains(Feature.SOLVER_PARAMETERS));
  }
}
