package io.milpnet.formulation.train;

import io.milpnet.core.solver.Solution;
import io.milpnet.formulation.network.TrainedNetwork;

/**
 * What one training solve produced: the problem, the solver's solution, and (when there is one) the decoded network
 * with its forward-pass audit. {@code network} and {@code report} are null when the solver found no solution.
 */
public record TrainingOutcome(
    TrainingProblem problem, Solution solution, TrainedNetwork network, DecodeReport report, double buildSeconds) {

  public boolean hasNetwork() {
    return network != null;
  }
}
