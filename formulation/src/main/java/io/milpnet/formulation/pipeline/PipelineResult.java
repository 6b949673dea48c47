package io.milpnet.formulation.pipeline;

import io.milpnet.formulation.train.Trainer;
import io.milpnet.formulation.train.TrainingOutcome;
import io.milpnet.formulation.train.ValidatedTrainer;
import java.util.List;

/**
 * What a training run produced, for the caller to report.
 *
 * @param outcome the solve, the decoded network and its audit
 * @param strategy the strategy in force ("exact" or "hybrid"; auto resolved)
 * @param validation the validation in force and why
 * @param stages the hybrid or validated strategy's stages, null for one exact solve
 * @param validated the validated run (sparsity path, choices), null without validation
 * @param defaultsChosen defaults the run chose because the user gave no value
 * @param warm the gradient warm start of a run without validation, null when none was asked for
 * @param lpBound the LP relaxation's optimum when asked for, else NaN
 * @param gapDiagnosis where the root gap comes from, when asked for and an exact solve gave a network, else null
 * @param certificate where the reported bound comes from: the solver's, or the pair relaxation's when that is higher
 */
public record PipelineResult(TrainingOutcome outcome, String strategy, ValidationChoice validation,
    List<StageReport> stages, ValidatedTrainer.Result validated, List<String> defaultsChosen, Trainer.WarmStart warm,
    double lpBound, io.milpnet.formulation.train.GapDiagnosis.Result gapDiagnosis, Certificate certificate) {}
