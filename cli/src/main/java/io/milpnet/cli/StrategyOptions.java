package io.milpnet.cli;

import static io.milpnet.cli.TrainCommand.fmt;

import io.milpnet.formulation.pipeline.PipelineSettings;
import io.milpnet.formulation.pipeline.Strategy;
import io.milpnet.formulation.pipeline.TrainingPipeline;
import io.milpnet.formulation.train.GradientPipeline;
import io.milpnet.formulation.train.ValidatedTrainer;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The options of {@code milpnet train} that say how the problem is solved (a picocli mixin): the audit tolerance, the
 * warm start, the strategy, validation and the gradient stages; checked and turned into {@link PipelineSettings}.
 */
final class StrategyOptions {
  @Option(names = "--decode-tolerance", defaultValue = "1e-4",
      description = "Tolerance of the forward-pass audit of the solution (default: ${DEFAULT-VALUE}).")
  double decodeTolerance;

  @Option(names = "--warm-start", defaultValue = "gradient", paramLabel = "none|gradient",
      description = "Start the solver from a network trained by gradient descent in the MILP's own weight domains and"
          + " budgets (gradient; Adam, seeded by --seed), or from the zero network (none); the MILP is the same and"
          + " can only improve on its start (default: ${DEFAULT-VALUE}).")
  String warmStart;

  @Option(names = "--init", paramLabel = "NETWORK",
      description = "Start from this network instead of one trained by gradient descent: a network.json (or a run"
          + " directory) of milpnet, or an ONNX file (e.g. from PyTorch) reading the data's feature columns in file"
          + " order, unscaled, with one output per class. Its layers must be those of --arch. It is the float network"
          + " of the gradient stages (with validation), the warm start moved into the MILP's domains (without), or"
          + " the result of --strategy float.")
  java.nio.file.Path init;

  @Option(names = "--strategy", defaultValue = "auto", paramLabel = "auto|exact|hybrid|float",
      description = "exact: the MILP from the start, SCIP's own search for a quarter of the time, then best-bound"
          + " search from its incumbent; hybrid: from the start, magnitude pruning checked on the"
          + " model, an exact polish of the weights for its activation pattern, local search over unit and sample"
          + " neighbourhoods, then the full MILP for the rest of the time (its bound is the one reported); auto:"
          + " hybrid with validation, exact without (tiny data); float: no MILP, the unconstrained network of the"
          + " architecture trained by gradient descent on all training rows (the baseline milpnet is measured"
          + " against) (default: ${DEFAULT-VALUE}).")
  String strategy;

  @Option(names = "--validation", paramLabel = "FRACTION",
      description = "Hold out this fraction of the training rows (per class, seeded): the gradient stages choose their"
          + " sparsity by floor(1/FRACTION)-fold cross-validation (at most 10 folds; this hold-out is the first"
          + " fold), every MILP stage keeps a change only if the hold-out's accuracy does not get worse, and the best"
          + " network by validation is then re-fitted on all training rows (default: "
          + TrainingPipeline.VALIDATION_DEFAULT + " from " + TrainingPipeline.VALIDATION_MIN_ROWS + " training rows on,"
          + " else 0 = off: tiny data is solved exactly).")
  Double validation;

  @Option(names = "--validation-tolerance", defaultValue = "0", paramLabel = "T",
      description = "How much validation accuracy (a fraction of the validation rows; regression: mean absolute error"
          + " in the target's units) a stage may lose and still be kept (default: ${DEFAULT-VALUE}).")
  double validationTolerance;

  @Option(names = "--no-refit",
      description = "With validation: report the network fitted on the training rows without the validation rows,"
          + " instead of re-fitting it (structure fixed) on all of them at the end.")
  boolean noRefit;

  @Option(names = "--weight-decay", defaultValue = "" + GradientPipeline.Options.DEFAULT_WEIGHT_DECAY,
      paramLabel = "ALPHA",
      description = "L2 weight decay of the gradient stages' float network: alpha / (2n) sum w^2 on top of the mean"
          + " loss (default: ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(names = "--milp-nonzeros", defaultValue = "" + ValidatedTrainer.DEFAULT_MAX_NONZEROS, paramLabel = "N",
      description = "With validation: the largest MILP (nonzeros) of the MILP stages; beyond it they encode a"
          + " stratified sample of the fitted rows (a bound on a subset of the rows still bounds all of them) (default:"
          + " ${DEFAULT-VALUE}).")
  long milpNonzeros;

  @Option(names = "--gradient-steps", defaultValue = "" + GradientPipeline.Options.DEFAULT_STEPS, paramLabel = "N",
      description = "Parameter updates of the float network (each sparsity level and the grid fine-tuning take a"
          + " third) (default: ${DEFAULT-VALUE}).")
  int gradientSteps;

  @Option(names = "--trust-region", defaultValue = "0", paramLabel = "RHO",
      description = "Hybrid strategy: the polish and the local search keep every continuous weight and bias within RHO"
          + " of its value after pruning and every grid weight at it (0: no trust region; the exact stage always has"
          + " the whole model) (default: ${DEFAULT-VALUE}).")
  double trustRegion;

  @Option(names = "--gradient-epochs", defaultValue = "300", paramLabel = "N",
      description = "Epochs of each gradient warm-start run (default: ${DEFAULT-VALUE}).")
  int gradientEpochs;

  /** Checks the values before any work is done, with --gradient-bounds (an option of the problem). */
  void validate(Double gradientBounds) {
    if (!(decodeTolerance > 0 && decodeTolerance < 1)) {
      throw new UserInputException("--decode-tolerance must be in (0, 1), got " + TrainCommand.given(decodeTolerance));
    }
    if (!List.of("auto", "exact", "hybrid", "float").contains(strategy.toLowerCase(Locale.ROOT))) {
      throw new UserInputException("--strategy '" + strategy + "' is not a strategy: use auto, exact, hybrid or"
          + " float");
    }
    if (validation != null && !(validation >= 0 && validation < 1)) {
      throw new UserInputException("--validation must be a fraction in [0, 1) (0: off), got " + TrainCommand.given(validation));
    }
    if (validation != null && validation > 0 && !gradientWarmStart()) {
      throw new UserInputException("--validation chooses among the gradient stages and the MILP's: it needs"
          + " --warm-start gradient (or give --validation 0)");
    }
    if (validation != null && validation > 0 && gradientBounds != null) {
      throw new UserInputException("--gradient-bounds restricts the problem around the in-domain gradient network,"
          + " which validation does not use: give --validation 0 with it");
    }
    if (!(validationTolerance >= 0) || Double.isInfinite(validationTolerance)) {
      throw new UserInputException("--validation-tolerance must be a finite number >= 0, got "
          + TrainCommand.given(validationTolerance));
    }
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new UserInputException("--weight-decay must be a finite number >= 0, got " + TrainCommand.given(weightDecay));
    }
    if (milpNonzeros < 1) {
      throw new UserInputException("--milp-nonzeros must be at least 1, got " + milpNonzeros);
    }
    if (gradientSteps < 1) {
      throw new UserInputException("--gradient-steps must be at least 1, got " + gradientSteps);
    }
    if (!List.of("none", "gradient").contains(warmStart.toLowerCase(Locale.ROOT))) {
      throw new UserInputException("--warm-start '" + warmStart + "' is not a warm start: use none or gradient");
    }
    if (gradientBounds != null && (!(gradientBounds >= 0) || gradientBounds.isInfinite())) {
      throw new UserInputException("--gradient-bounds must be a finite number >= 0 (the widening of each range by its"
          + " width), got " + gradientBounds);
    }
    if (init != null && !gradientWarmStart()) {
      throw new UserInputException("--init gives the start network, --warm-start none asks for the zero network: drop"
          + " one of them");
    }
    if (init != null && gradientBounds != null) {
      throw new UserInputException("--gradient-bounds restricts the problem around the in-domain gradient network,"
          + " which --init replaces: drop one of them");
    }
    if (gradientBounds != null && !gradientWarmStart()) {
      throw new UserInputException("--gradient-bounds needs the gradient network: use --warm-start gradient");
    }
    if (!(trustRegion >= 0) || Double.isInfinite(trustRegion)) {
      throw new UserInputException("--trust-region must be a finite number >= 0 (0: none), got " + trustRegion);
    }
    if (trustRegion > 0 && strategy.equalsIgnoreCase("exact")) {
      throw new UserInputException("--trust-region is for --strategy hybrid (the exact strategy has the whole model)");
    }
    if (gradientEpochs < 1) {
      throw new UserInputException("--gradient-epochs must be at least 1, got " + gradientEpochs);
    }
  }

  boolean gradientWarmStart() {
    return warmStart.equalsIgnoreCase("gradient");
  }

  Strategy strategy() {
    return Strategy.parse(strategy);
  }

  /** The pipeline's settings from these options and the problem's. */
  PipelineSettings settings(ProblemOptions problem, long seed) {
    return new PipelineSettings(strategy(), gradientWarmStart(), gradientEpochs, problem.gradientBounds, validation,
        validationTolerance, !noRefit, weightDecay, gradientSteps, milpNonzeros, trustRegion, decodeTolerance, seed,
        problem.lpBoundRequested, problem.gapDiagnosis, problem.relu, problem.given());
  }
}
