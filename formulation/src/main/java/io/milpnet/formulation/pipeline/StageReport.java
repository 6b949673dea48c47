package io.milpnet.formulation.pipeline;

/**
 * A stage of the hybrid or validated strategy and its network measured once, for the output and the summary.
 *
 * @param objective the MILP objective of the stage's network, NaN where it is not in the MILP's domains
 * @param validation the validation score, NaN without validation
 * @param testAccuracy the test accuracy, NaN without a test set or for regression
 */
public record StageReport(String name, double objective, double seconds, String note, double validation,
    double testAccuracy, int nonzeroWeights) {}
