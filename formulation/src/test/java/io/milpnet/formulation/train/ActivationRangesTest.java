package io.milpnet.formulation.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.backend.ortools.OrToolsBackend;
import io.milpnet.core.bounds.Interval;
import io.milpnet.core.model.FeasibilityCheck;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Sense;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.formulation.layer.dense.DenseLayer;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.spec.ArchitectureParser;
import io.milpnet.formulation.spec.LayerSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bounds from the gradient network's activation ranges ({@code --gradient-bounds}): the gradient start stays a point
 * of the restricted model, the model holds the ranges (as rows, not only as big-M constants), every network it yields
 * is a network of the whole problem, and a solve of it is never reported as optimal or bounded.
 */
class ActivationRangesTest {

  @ParameterizedTest(name = "{0}, {1} classes, {2}")
  @MethodSource("io.milpnet.formulation.train.TrainingProblemTest#configurations")
  void theGradientStartIsAPointOfTheRestrictedModel(String arch, int classes, TrainingConfig cfg) {
    TrainingData data = TrainingProblemTest.randomData(classes, 9, TrainingProblemTest.features(cfg), 71);
    List<LayerSpec> hidden = new ArchitectureParser().parse(arch);
    TrainingProblem problem = TrainingProblem.build(data, hidden, cfg);
    GradientTrainer.Result g = new GradientTrainer().train(problem, new GradientTrainer.Options(30, 0.02, 4, 1, 7));
    for (double widening : new double[] {0, 0.1}) {
      TrainingProblem restricted = TrainingProblem.build(data, hidden, cfg, null,
          ActivationRanges.around(problem, g.network(), widening));
      double[] start = restricted.startValues(g.network());
      List<String> violations = new FeasibilityCheck(1e-6).violations(restricted.model(), start);
      assertTrue(violations.isEmpty(), "widening " + widening + ": " + violations);
      assertTrue(restricted.stableRelus() >= problem.stableRelus());
      assertEquals(problem.objectiveOf(g.network()), restricted.model().objective().evaluate(start), 1e-9);
    }
  }

  /**
   * Units the ranges prove stable keep their range: minimising and maximising each pre-activation over the restricted
   * model stays inside it. A stable-inactive unit's output is the constant 0, so only the range rows hold its
   * pre-activation (its weights are otherwise free): the reference network here has one such unit (weights 0, bias
   * -0.1) and one stable-active unit (bias 0.1).
   */
  @Test
  void theRestrictedModelHoldsItsRanges() {
    TrainingData data = TrainingProblemTest.randomData(2, 8, 3, 73);
    List<LayerSpec> hidden = new ArchitectureParser().parse("dense:3");
    TrainingConfig cfg = TrainingConfig.defaults().withSymmetryBreaking(false);
    TrainingProblem problem = TrainingProblem.build(data, hidden, cfg);
    TrainedNetwork g = new GradientTrainer().train(problem, new GradientTrainer.Options(40, 0.02, 4, 1, 9)).network();
    DenseLayer first = (DenseLayer) g.layers().get(0);
    double[][] w = {new double[3], new double[3], first.weights()[2].clone()};
    DenseLayer fixedSigns = new DenseLayer(w, new double[] {-0.1, 0.1, first.bias()[2]}, first.activation(),
        first.domain());
    TrainedNetwork reference = new TrainedNetwork(g.inputFeatures(), g.scaler(), List.of(fixedSigns, g.layers().get(1)),
        g.outputKind(), g.classLabels());
    ActivationRanges ranges = ActivationRanges.around(problem, reference, 0.0);
    TrainingProblem restricted = TrainingProblem.build(data, hidden, cfg, null, ranges);
    assertTrue(restricted.restrictionRows() > 0);
    assertTrue(ranges.range(0, 0).hi() < 0 && ranges.range(0, 1).lo() > 0);
    EncodedLayer layer = restricted.encodedLayers().get(0);
    for (int j = 0; j < layer.units; j++) {
      Interval r = ranges.range(0, j);
      for (int i = 0; i < layer.samples; i++) {
        for (Sense sense : Sense.values()) {
          Model m = restricted.model().copy("probe");
          m.setObjective(sense, layer.pre[i][j].expr());
          Solution s = OrToolsBackend.scip().solve(m, SolveOptions.defaults().withTimeLimit(20).withRelativeGap(0));
          assertEquals(SolveStatus.OPTIMAL, s.status(), s.toString());
          assertTrue(s.objective() >= r.lo() - 1e-6 && s.objective() <= r.hi() + 1e-6,
              "unit " + j + " row " + i + " " + sense + ": " + s.objective() + " outside " + r);
        }
      }
    }
  }

  /** A solve of the restricted model is a network of the whole problem, never reported OPTIMAL and with no bound. */
  @Test
  void aRestrictedSolveIsANetworkOfTheProblemWithoutAGlobalClaim() {
    TrainingData data = TrainingProblemTest.randomData(2, 8, 3, 79);
    List<LayerSpec> hidden = new ArchitectureParser().parse("dense:3");
    TrainingConfig cfg = TrainingConfig.defaults().withL1(0.02);
    TrainingProblem problem = TrainingProblem.build(data, hidden, cfg);
    GradientTrainer.Result g = new GradientTrainer().train(problem, new GradientTrainer.Options(40, 0.02, 4, 1, 11));
    TrainingProblem restricted = TrainingProblem.build(data, hidden, cfg, null,
        ActivationRanges.around(problem, g.network(), 0.2));
    Trainer trainer = new Trainer(1e-6);
    TrainingOutcome r = trainer.solve(restricted, OrToolsBackend.scip(), SolveOptions.defaults().withTimeLimit(30)
        .withRelativeGap(0).withStartValues(restricted.startValues(g.network())), 0);
    assertEquals(SolveStatus.FEASIBLE, r.solution().status(), "the restricted optimum is not a global claim");
    assertTrue(Double.isNaN(r.solution().bestBound()));
    assertTrue(r.solution().message().contains("restricted"), r.solution().message());
    assertEquals(0, r.report().mismatches());
    double[] whole = problem.startValues(r.network());
    assertTrue(new FeasibilityCheck(1e-6).violations(problem.model(), whole).isEmpty());
    assertEquals(r.solution().objective(), problem.model().objective().evaluate(whole), 1e-6);
    TrainingOutcome full = trainer.solve(problem, OrToolsBackend.scip(), SolveOptions.defaults().withTimeLimit(60)
        .withRelativeGap(0), 0);
    assertEquals(SolveStatus.OPTIMAL, full.solution().status());
    assertTrue(full.solution().objective() <= r.solution().objective() + 1e-6, "the restriction is never better");
  }
}
