package io.milpnet.formulation.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.backend.ortools.OrToolsBackend;
import io.milpnet.core.model.Model;
import io.milpnet.core.solver.ForwardingSolverBackend;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.formulation.data.DataPreparation;
import io.milpnet.formulation.data.PreparedData;
import io.milpnet.formulation.spec.ArchitectureParser;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.train.Trainer;
import io.milpnet.formulation.train.TrainingConfig;
import io.milpnet.formulation.train.TrainingData;
import io.milpnet.formulation.train.TrainingFixtures;
import io.milpnet.formulation.train.TrainingOutcome;
import io.milpnet.formulation.train.TrainingProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrainingPipelineTest {
  private static PipelineSettings settings(Strategy strategy, boolean gradient, Double validation,
      double trustRegion) {
    return new PipelineSettings(strategy, gradient, 50, null, validation, 0, true, 1, 100, 1_000_000, trustRegion,
        1e-4, 0, false, false, "bigm", Set.of());
  }

  private static PreparedData prepared(TrainingData train) {
    return new PreparedData(train, new double[0][], new int[0], new double[0], null, null,
        new DataPreparation.ScalingChoice(false, "per feature"), List.of(), null, null);
  }

  /** n rows of two classes, alternating, on one feature. */
  private static TrainingData rows(int n) {
    double[][] x = new double[n][];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      x[i] = new double[] {i};
      y[i] = i % 2;
    }
    return TrainingFixtures.of(x, y);
  }

  @Test
  void validationIsOnByDefaultFromAHundredRows() {
    PipelineSettings s = settings(Strategy.AUTO, true, null, 0);

    ValidationChoice on = TrainingPipeline.chooseValidation(s, rows(100), false);
    assertEquals(0.2, on.fraction());
    assertEquals("0.200000 of the training rows held out per class, seed 0; the sparsity level is chosen by 5-fold"
        + " cross-validation, this hold-out the first fold; a MILP stage's change is kept only if validation accuracy"
        + " does not fall; the kept network is re-fitted on all rows at the end (the default from 100 training rows"
        + " on)", on.reason());
    assertEquals("hybrid", TrainingPipeline.strategyName(Strategy.AUTO, on));

    ValidationChoice off = TrainingPipeline.chooseValidation(s, rows(99), false);
    assertEquals(0, off.fraction());
    assertTrue(off.reason().startsWith("off: 99 training rows is tiny data (fewer than 100)"), off.reason());
    assertEquals("exact", TrainingPipeline.strategyName(Strategy.AUTO, off));
    assertEquals("hybrid", TrainingPipeline.strategyName(Strategy.HYBRID, off));
  }

  @Test
  void validationStaysOffWithoutTheGradientOrWithConstraints() {
    TrainingData many = rows(200);
    assertEquals("off: --warm-start none has no gradient stages to validate",
        TrainingPipeline.chooseValidation(settings(Strategy.AUTO, false, null, 0), many, false).reason());
    assertTrue(TrainingPipeline.chooseValidation(settings(Strategy.AUTO, true, null, 0), many, true).reason()
        .startsWith("off: the gradient stages cannot meet --max-features"));
    assertEquals("off (--validation 0)",
        TrainingPipeline.chooseValidation(settings(Strategy.AUTO, true, 0.0, 0), many, false).reason());
    // Given: one fold (a half leaves two folds, a 0.6 hold-out one).
    ValidationChoice given = TrainingPipeline.chooseValidation(settings(Strategy.AUTO, true, 0.6, 0), rows(10),
        false);
    assertEquals(0.6, given.fraction());
    assertTrue(given.reason().contains("the sparsity level is chosen on it"), given.reason());
    assertTrue(given.reason().endsWith("(--validation 0.600000)"), given.reason());
  }

  @Test
  void budgetsAndDomainConstraintsCountAsConstrained() {
    PreparedData data = prepared(rows(4));
    TrainingConfig base = TrainingConfig.defaults();
    assertFalse(TrainingPipeline.constrained(base, data));
    assertTrue(TrainingPipeline.constrained(base.withMaxFeatures(1), data));
    assertTrue(TrainingPipeline.constrained(base.withMonotone(Map.of("x1",
        io.milpnet.formulation.train.Monotone.parse("x1", "increasing"))), data));
    assertTrue(TrainingPipeline.constrained(base, new PreparedData(data.train(), data.testX(), data.testY(),
        data.testTargets(), null, "anchors.csv", data.scaling(), List.of(), null, null)));
  }

  @Test
  void aTrustRegionNeedsTheHybridStrategy() {
    TrainingPipeline pipeline = new TrainingPipeline(settings(Strategy.AUTO, false, null, 0.5), null, () -> null,
        PipelineListener.silent());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pipeline.start(
        prepared(TrainingFixtures.xor()), List.of(), TrainingConfig.defaults(), SolveOptions.defaults()));
    assertEquals("--trust-region is for --strategy hybrid (the exact strategy has the whole model; auto chose it:"
        + " validation is off)", e.getMessage());
  }

  @Test
  void theExactStrategySolvesTheProblemTheTrainerSolves() {
    SolverBackend scip = OrToolsBackend.scip();
    List<LayerSpec> hidden = new ArchitectureParser().parse("dense:2");
    TrainingData xor = TrainingFixtures.xor();
    SolveOptions options = SolveOptions.defaults().withTimeLimit(30).withRelativeGap(0);
    List<String> lines = new ArrayList<>();
    TrainingPipeline pipeline = new TrainingPipeline(settings(Strategy.AUTO, false, null, 0), scip, () -> null,
        lines::add);

    PipelineResult result = pipeline.finish(pipeline.start(prepared(xor), hidden, TrainingConfig.defaults(),
        options));
    TrainingProblem problem = TrainingProblem.build(xor, hidden, TrainingConfig.defaults(), null);
    TrainingOutcome direct = new Trainer(1e-4).solve(problem, scip, options, 0);

    assertEquals("exact", result.strategy());
    assertNull(result.stages());
    assertNull(result.validated());
    assertNull(result.warm());
    assertTrue(Double.isNaN(result.lpBound()));
    assertTrue(result.outcome().hasNetwork());
    assertEquals(0, result.outcome().report().mismatches());
    assertEquals(direct.solution().objective(), result.outcome().solution().objective(), 1e-6);
    assertEquals("validation: off: --warm-start none has no gradient stages to validate", lines.get(0));
    assertTrue(lines.get(1).startsWith("model: "), lines.get(1));
    assertTrue(lines.get(2).startsWith("tightening: interval bounds"), lines.get(2));
    assertTrue(lines.get(3).startsWith("solving with " + scip.name()), lines.get(3));
  }

  /**
   * The exact strategy's solve is {@link Trainer#solveDivingFirst}: the solver's own search for a quarter of the time
   * limit, and best-bound search only when that did not end it (XOR is proven optimal in the first), whatever options
   * the command passed; the optimum is the trainer's with the command's own options. (The second search is in
   * TwoSearchesTest.)
   */
  @Test
  void theExactStrategySearchesDivingFirst() {
    SolverBackend scip = OrToolsBackend.scip();
    List<SolveOptions> seen = new ArrayList<>();
    SolverBackend recording = new ForwardingSolverBackend(scip) {
      @Override
      public Solution solve(Model model, SolveOptions options) {
        seen.add(options);
        return super.solve(model, options);
      }
    };
    List<LayerSpec> hidden = new ArchitectureParser().parse("dense:2");
    TrainingData xor = TrainingFixtures.xor();
    SolveOptions options = SolveOptions.defaults().withTimeLimit(30).withRelativeGap(0);
    TrainingPipeline pipeline = new TrainingPipeline(settings(Strategy.AUTO, false, null, 0), recording, () -> null,
        PipelineListener.silent());

    PipelineResult result = pipeline.finish(pipeline.start(prepared(xor), hidden, TrainingConfig.defaults(),
        options));
    TrainingOutcome direct = new Trainer(1e-4).solve(TrainingProblem.build(xor, hidden, TrainingConfig.defaults(),
        null), scip, options, 0);

    assertEquals(1, seen.size(), "one solve: the first search proves XOR optimal");
    assertFalse(seen.get(0).bestBoundSearch(), "the first search is the solver's own");
    assertEquals(Trainer.DIVE_SHARE * 30, seen.get(0).timeLimitSeconds(), 1e-9);
    assertEquals(SolveStatus.OPTIMAL, result.outcome().solution().status());
    assertEquals(direct.solution().objective(), result.outcome().solution().objective(), 1e-6);
  }

  @Test
  void theHybridStrategyReportsItsStages() {
    SolverBackend scip = OrToolsBackend.scip();
    TrainingPipeline pipeline = new TrainingPipeline(settings(Strategy.HYBRID, true, 0.0, 0), scip, () -> null,
        PipelineListener.silent());

    PipelineResult result = pipeline.finish(pipeline.start(prepared(TrainingFixtures.xor()),
        new ArchitectureParser().parse("dense:2"), TrainingConfig.defaults(),
        SolveOptions.defaults().withTimeLimit(30)));

    assertEquals("hybrid", result.strategy());
    assertNotNull(result.warm());
    assertFalse(result.stages().isEmpty());
    assertTrue(result.outcome().hasNetwork());
    // No test set: the stages' test accuracy does not exist.
    assertTrue(Double.isNaN(result.stages().get(0).testAccuracy()));
  }
}
