package io.milpnet.formulation.verify;

import io.milpnet.core.solver.SolveStatus;

/**
 * The outcome on one disjunct of the unsafe set. {@code margin} is the best found value of {@code t = min_k slack_k}
 * (>= 0 at a counterexample), {@code bound} the solver's proven upper bound on it (< -tolerance proves the disjunct
 * empty); {@code boxes}/{@code splits} count the input boxes searched; {@code input}/{@code output} are the
 * re-checked counterexample when violated, else null.
 */
public record DisjunctResult(
    int index,
    Verdict verdict,
    String reason,
    SolveStatus status,
    double margin,
    double bound,
    double seconds,
    int binaries,
    int stableRelus,
    double boundSeconds,
    int lpSolves,
    int milpSolves,
    double[] input,
    double[] output,
    int boxes,
    int splits) {}
