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
 */
public record Capabilities(
    boolean integers,
    boolean indicators,
    boolean rangeRows,
    boolean timeLimit,
    boolean startValues,
    boolean bestBound,
    boolean interrupt,
    boolean nodeCount) {}
