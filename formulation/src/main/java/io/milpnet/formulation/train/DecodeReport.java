package io.milpnet.formulation.train;

import java.util.List;

/**
 * The forward-pass audit of a decoded solution.
 *
 * @param mismatches samples where the MILP's claimed pre-activation, ReLU phase, activation, output, predicted class
 *     or loss disagrees with the double forward pass of the decoded network beyond the tolerance
 * @param details the first few disagreements, in words
 * @param forwardLoss the training loss recomputed by the forward pass
 * @param forwardObjective the composite objective recomputed from the decoded network
 * @param predictions the forward pass's class index for every training sample
 */
public record DecodeReport(
    int mismatches, List<String> details, double forwardLoss, double forwardObjective, int[] predictions) {}
