package io.milpnet.formulation.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.backend.ortools.OrToolsBackend;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.data.MinMaxScaler;
import io.milpnet.formulation.layer.dense.DenseLayer;
import io.milpnet.formulation.network.OutputKind;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.spec.ArchitectureParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Validation decides which stage's network is kept: a stage that overfits is rejected. */
class ValidationTest {

  /**
   * One noisy training row (class 1 at x = 0.25 among class-0 rows) that a 3-unit network can fit with margin 0.5
   * (weights up to 10), and validation rows of class 0 at 0.24 and 0.26. Every network has slope at most 30 (three
   * units, first-layer weights |w| <= 10, sign output weights), so one that gives 0.25 the margin scores at least
   * 0.5 - 30 * 0.01 > 0 at both validation rows: fitting the noise always misclassifies them. The start is the
   * threshold network at 0.5, right on every validation row.
   *
   * <p>Without validation the MILP stages fit the noise (a lower objective) and validation accuracy falls; with
   * validation every such change is rejected, the reported network keeps validation accuracy 1, and the bound stays
   * the exact stage's.
   */
  @Test
  void aStageThatFitsTheNoiseIsRejectedByValidation() {
    Validation validation = new Validation(new double[][] {{0.24}, {0.26}, {0.7}}, new int[] {0, 0, 1}, null, 0.0);
    TrainingProblem problem = noisyProblem();
    TrainedNetwork threshold = threshold(problem);
    double[] start = problem.startValues(threshold);
    double startObjective = problem.model().objective().evaluate(start);
    assertEquals(3.0, startObjective, 1e-9, "only the noisy row pays: 0.5 + 2.5");
    assertEquals(1.0, validation.score(threshold));
    SolveOptions options = SolveOptions.defaults().withTimeLimit(10).withRelativeGap(0).withStartValues(start);

    HybridTrainer.Result free = new HybridTrainer(1e-6).solve(problem, OrToolsBackend.scip(), options, start, 0, 1);
    assertTrue(free.outcome().solution().objective() < startObjective - 0.5, "the MILP fits the noise: "
        + free.stages());
    assertTrue(validation.score(free.outcome().network()) < 1.0, "and loses validation rows");

    HybridTrainer.Result checked = new HybridTrainer(1e-6, 0.0, validation).solve(problem, OrToolsBackend.scip(),
        options, start, 0, 1);
    TrainedNetwork kept = checked.outcome().network();
    assertEquals(1.0, validation.score(kept), "validation never falls: " + checked.stages());
    for (HybridTrainer.Stage st : checked.stages()) {
      assertEquals(1.0, st.validation(), st.toString());
    }
    assertTrue(checked.stages().stream().anyMatch(st -> st.note().contains("rejected by validation")),
        "some stage improved the objective and was rejected: " + checked.stages());
    double bound = checked.outcome().solution().bestBound();
    assertTrue(Double.isNaN(bound) || bound <= checked.outcome().solution().objective() + 1e-9);
    assertEquals(0, checked.outcome().report().mismatches());
  }

  /**
   * The MILP holds a sample of the fitted rows: fitting the sample's mislabelled row would misclassify the rows beside
   * it that only the whole set has, so the guard on the objective over all fitted rows rejects every such change and
   * the whole set's objective never rises; without the guard it does.
   */
  @Test
  void aStageThatFitsTheSampleIsRejectedByTheWholeSet() {
    // The noisy rows, and beside their mislabelled row at 0.25 six more of class 0 that only the whole set has.
    double[][] wx = {{0.0}, {0.1}, {0.25}, {0.4}, {0.6}, {0.8}, {1.0}, {0.2}, {0.22}, {0.24}, {0.26}, {0.28}, {0.3}};
    int[] wy = {0, 0, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0};
    TrainingData whole = TrainingFixtures.of(wx, wy);
    TrainingProblem problem = noisyProblem();
    TrainedNetwork threshold = threshold(problem);
    double[] start = problem.startValues(threshold);
    double startWhole = problem.objectiveOn(threshold, whole);
    SolveOptions options = SolveOptions.defaults().withTimeLimit(10).withRelativeGap(0).withStartValues(start);

    HybridTrainer.Result free = new HybridTrainer(1e-6).solve(problem, OrToolsBackend.scip(), options, start, 0, 1);
    assertTrue(problem.objectiveOn(free.outcome().network(), whole) > startWhole + 0.5, "fitting the sample costs"
        + " the whole set: " + free.stages());

    HybridTrainer.Result guarded = new HybridTrainer(1e-6, 0.0, null, true, whole).solve(problem,
        OrToolsBackend.scip(), options, start, 0, 1);
    for (HybridTrainer.Stage st : guarded.stages()) {
      assertTrue(problem.objectiveOn(st.network(), whole) <= startWhole + 1e-9, st.toString());
    }
    assertTrue(guarded.stages().stream().anyMatch(st -> st.note().contains("rejected by the objective on all fitted"
        + " rows")), "some stage improved the sample's objective and was rejected: " + guarded.stages());
    assertEquals(0, guarded.outcome().report().mismatches());
  }

  /**
   * The fitted rows judge a change beside the validation rows: with an L1 price of 0.1 per unit of weight, the steep
   * threshold at 0.25 that classifies all seven rows (class 1 from 0.3 on) costs more than a gentler network that
   * gives up a row next to the threshold, so the MILP's optimum is less accurate on the fitted rows; the validation
   * rows (0 and 1, far from the threshold) cannot see it. Without the fitted rows' judgement the change is kept; with
   * it, every stage keeps all seven rows.
   */
  @Test
  void aStageThatLosesFittedRowsIsRejected() {
    double[][] x = {{0.0}, {0.1}, {0.2}, {0.3}, {0.6}, {0.8}, {1.0}};
    int[] y = {0, 0, 0, 1, 1, 1, 1};
    TrainingConfig cfg = TrainingConfig.defaults().withWeightBound(20).withBiasBound(10).withL1(0.1);
    TrainingData rows = TrainingFixtures.of(x, y);
    TrainingProblem problem = TrainingProblem.build(rows, new ArchitectureParser().parse("dense:1"), cfg);
    TrainedNetwork zero = problem.zeroNetwork();
    // relu(20 x - 5) - 0.5: -0.5 up to 0.2, +0.5 at 0.3, every row right with the margin.
    TrainedNetwork steep = new TrainedNetwork(zero.inputFeatures(), zero.scaler(), List.of(
        new DenseLayer(new double[][] {{20}}, new double[] {-5}, Activation.RELU, "continuous"),
        new DenseLayer(new double[][] {{1}}, new double[] {-0.5}, Activation.LINEAR, "sign")), zero.outputKind(),
        zero.classLabels());
    Validation fitted = Validation.of(rows, 0.0);
    assertEquals(1.0, fitted.score(steep));
    Validation validation = new Validation(new double[][] {{0.0}, {1.0}}, new int[] {0, 1}, null, 0.0);
    double[] start = problem.startValues(steep);
    SolveOptions options = SolveOptions.defaults().withTimeLimit(10).withRelativeGap(0).withStartValues(start);

    HybridTrainer.Result free = new HybridTrainer(1e-6).solve(problem, OrToolsBackend.scip(), options, start, 0, 1);
    assertTrue(free.outcome().solution().objective() < problem.model().objective().evaluate(start) - 1e-6);
    assertTrue(fitted.score(free.outcome().network()) < 1.0, "the cheaper network loses a fitted row: "
        + free.stages());
    assertEquals(1.0, validation.score(free.outcome().network()), "which validation cannot see");

    HybridTrainer.Result judged = new HybridTrainer(1e-6, 0.0, validation).solve(problem, OrToolsBackend.scip(),
        options, start, 0, 1);
    for (HybridTrainer.Stage st : judged.stages()) {
      assertEquals(1.0, fitted.score(st.network()), st.toString());
    }
    assertEquals(1.0, fitted.score(judged.outcome().network()));
    assertTrue(judged.stages().stream().anyMatch(st -> st.note().contains("rejected by validation or the fitted rows'"
        + " accuracy")), "some stage improved the objective and was rejected: " + judged.stages());
  }

  /** Seven rows on a line with one mislabelled (0.25 as class 1), a one-hidden-layer problem with room to fit it. */
  private static TrainingProblem noisyProblem() {
    double[][] x = {{0.0}, {0.1}, {0.25}, {0.4}, {0.6}, {0.8}, {1.0}};
    int[] y = {0, 0, 1, 0, 1, 1, 1};
    TrainingConfig cfg = TrainingConfig.defaults().withWeightBound(10).withBiasBound(10);
    return TrainingProblem.build(TrainingFixtures.of(x, y), new ArchitectureParser().parse("dense:3"), cfg);
  }

  /** The threshold network at 0.5 (output 10x - 5) in the problem's domains. */
  private static TrainedNetwork threshold(TrainingProblem problem) {
    TrainedNetwork zero = problem.zeroNetwork();
    DenseLayer first = new DenseLayer(new double[][] {{10}, {-10}, {0}}, new double[] {-5, 5, 0}, Activation.RELU,
        "continuous");
    DenseLayer out = new DenseLayer(new double[][] {{1, -1, 1}}, new double[] {0}, Activation.LINEAR, "sign");
    return new TrainedNetwork(zero.inputFeatures(), zero.scaler(), List.of(first, out), zero.outputKind(),
        zero.classLabels());
  }

  /**
   * The one-standard-error rule on 100 rows, by hand: a best model right on 90 rows has sd sqrt(0.9 * 0.1 * 100 / 99)
   * = 0.3015 and standard error 0.03015, so a candidate 3 rows below it is kept and one 4 rows below is not, however
   * the rows are paired (5 lost and 2 won is 3 below); a perfect best model has no standard error, so one lost row is
   * too many unless the tolerance allows it.
   */
  @Test
  void theOneStandardErrorRuleByHand() {
    Validation v = new Validation(new double[][] {{0}}, new int[] {0}, null, 0.0);
    double[] all = new double[100];
    java.util.Arrays.fill(all, 1.0);
    double[] best = all.clone();
    java.util.Arrays.fill(best, 90, 100, 0.0);
    assertTrue(v.keepsWithinOneStandardError(best, best));
    assertTrue(v.keepsWithinOneStandardError(lose(best, 3, 0), best), "3 rows below, within 0.03015");
    assertFalse(v.keepsWithinOneStandardError(lose(best, 4, 0), best), "4 rows below");
    assertTrue(v.keepsWithinOneStandardError(lose(best, 5, 2), best), "5 lost, 2 won");
    assertFalse(v.keepsWithinOneStandardError(lose(all, 1, 0), all), "a perfect best has no standard error");
    assertTrue(new Validation(new double[][] {{0}}, new int[] {0}, null, 0.02)
        .keepsWithinOneStandardError(lose(all, 2, 0), all), "the tolerance adds to the standard error");
    assertThrows(IllegalArgumentException.class, () -> v.keepsWithinOneStandardError(new double[3], new double[4]));
  }

  /**
   * The sparsity path's criterion by hand: the log-likelihood of each row's class under the outputs as logits. Three
   * classes with outputs (x, 0, -x): at x = ln 2 the probabilities are 4/7, 2/7, 1/7; one binary score z: log
   * sigmoid(z) for class 1, log sigmoid(-z) for class 0, finite however large |z| is.
   */
  @Test
  void rowLikelihoodsByHand() {
    MinMaxScaler unit = new MinMaxScaler(new double[] {0}, new double[] {1});
    TrainedNetwork three = new TrainedNetwork(List.of("x"), unit, List.of(new DenseLayer(new double[][] {{1}, {0},
        {-1}}, new double[3], Activation.LINEAR, "")), OutputKind.ARGMAX, new int[] {0, 1, 2});
    double ln2 = Math.log(2);
    double[] ll = new Validation(new double[][] {{ln2}, {ln2}, {ln2}}, new int[] {0, 1, 2}, null, 0.0)
        .rowLikelihoods(three);
    assertArrayEquals(new double[] {Math.log(4.0 / 7), Math.log(2.0 / 7), Math.log(1.0 / 7)}, ll, 1e-12);
    TrainedNetwork score = new TrainedNetwork(List.of("x"), unit, List.of(new DenseLayer(new double[][] {{1}},
        new double[1], Activation.LINEAR, "")), OutputKind.BINARY_SCORE, new int[] {0, 1});
    double[] b = new Validation(new double[][] {{ln2}, {ln2}, {800}, {800}}, new int[] {1, 0, 1, 0}, null, 0.0)
        .rowLikelihoods(score);
    // sigmoid(ln 2) = 2/3; at z = 800 the right class has log-likelihood -e^-800 = -0.0 and the wrong one -800.
    assertArrayEquals(new double[] {Math.log(2.0 / 3), Math.log(1.0 / 3), 0.0, -800}, b, 1e-12);
  }

  /** {@code reference} with its first {@code lost} rows wrong and {@code won} of its wrong rows (from 90) right. */
  private static double[] lose(double[] reference, int lost, int won) {
    double[] c = reference.clone();
    for (int i = 0; i < lost; i++) {
      c[i] = 0.0;
    }
    for (int i = 0; i < won; i++) {
      c[90 + i] = 1.0;
    }
    return c;
  }

  @Test
  void keepsAndScores() {
    Validation v = new Validation(new double[][] {{0}}, new int[] {0}, null, 0.05);
    assertTrue(v.keeps(0.90, 0.94), "within the tolerance");
    assertFalse(v.keeps(0.88, 0.94));
    assertTrue(v.keeps(0.95, 0.94));
    Validation r = new Validation(new double[][] {{0}}, new int[0], new double[] {0.5}, 0.0);
    assertTrue(r.regression());
    assertEquals(2.0, r.reported(-2.0), "an error is reported as such");
    assertThrows(IllegalArgumentException.class, () -> new Validation(new double[0][], new int[0], null, 0));
    assertThrows(IllegalArgumentException.class, () -> new Validation(new double[][] {{0}}, new int[] {0}, null, -1));
  }
}
