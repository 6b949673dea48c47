package io.milpnet.formulation.pipeline;

import java.util.Set;

/**
 * How a {@link TrainingPipeline} trains: the strategy, the gradient warm start, validation, and what the user left to
 * the pipeline's defaults. Each setting mirrors the {@code milpnet train} flag of the same name.
 *
 * @param strategy the strategy asked for
 * @param gradientWarmStart start from a gradient-trained network (else from the zero network; no validation)
 * @param gradientEpochs epochs of each gradient warm-start run (exact and hybrid strategies without validation)
 * @param gradientBounds restrict hidden pre-activations to the gradient network's ranges widened by this, or null
 * @param validation the validation fraction given, or null for the default (on from
 *     {@link TrainingPipeline#VALIDATION_MIN_ROWS} rows)
 * @param validationTolerance how much validation score a stage may lose and be kept
 * @param refit with validation, re-fit the kept network on all training rows at the end
 * @param weightDecay L2 weight decay of the gradient stages
 * @param gradientSteps parameter updates of the gradient stages' float network
 * @param milpNonzeros with validation, the largest MILP of the MILP stages
 * @param trustRegion the hybrid polish and local search's trust region (0: none)
 * @param decodeTolerance tolerance of the forward-pass audit of the solution
 * @param seed seed of the gradient stages, the folds and the solver's sampling
 * @param lpBound also solve the training MILP's LP relaxation and report its optimum
 * @param gapDiagnosis after an exact solve, diagnose the root gap at the solver's network ({@link
 *     io.milpnet.formulation.train.GapDiagnosis})
 * @param reluName the ReLU encoding as the user named it, for the model line
 * @param given the settings the user gave, which validation must not replace by its own choices
 */
public record PipelineSettings(Strategy strategy, boolean gradientWarmStart, int gradientEpochs, Double gradientBounds,
    Double validation, double validationTolerance, boolean refit, double weightDecay, int gradientSteps,
    long milpNonzeros, double trustRegion, double decodeTolerance, long seed, boolean lpBound, boolean gapDiagnosis, String reluName,
    Set<Given> given) {

  /** Settings of the training problem that validation chooses itself unless the user gave them. */
  public enum Given {
    L1, L0, NEURON_PENALTY, WEIGHT_BOUND, WEIGHT_DOMAIN
  }

  public PipelineSettings {
    given = Set.copyOf(given);
  }

  /** The user gave this setting. */
  public boolean gave(Given setting) {
    return given.contains(setting);
  }
}
