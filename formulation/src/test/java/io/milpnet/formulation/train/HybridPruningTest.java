package io.milpnet.formulation.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.backend.ortools.OrToolsBackend;
import io.milpnet.core.model.FeasibilityCheck;
import io.milpnet.core.model.Model;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.layer.dense.DenseLayer;
import io.milpnet.formulation.network.NetworkStructure;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.spec.ArchitectureParser;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The hybrid strategy's magnitude-pruning stage and its trust region. */
class HybridPruningTest {

  @Test
  void magnitudePruningZeroesTheSmallestWeightsOfEachContinuousLayer() {
    TrainingProblem problem = TrainingProblem.build(TrainingFixtures.xor(), new ArchitectureParser().parse("dense:2"),
        TrainingConfig.defaults());
    TrainedNetwork zero = problem.zeroNetwork();
    DenseLayer first = new DenseLayer(new double[][] {{0.1, -0.5}, {0.3, -0.05}}, new double[] {0.2, -0.1},
        Activation.RELU, "continuous[-1,1]");
    DenseLayer grid = new DenseLayer(new double[][] {{1, -1}}, new double[] {0}, Activation.LINEAR, "ternary");
    TrainedNetwork net = network(zero, first, grid);

    TrainedNetwork half = MagnitudePruning.prune(net, 0.5); // floor(0.5 * 4) = 2 smallest: -0.05 and 0.1
    DenseLayer pruned = (DenseLayer) half.layers().get(0);
    assertArrayEquals(new double[] {0, -0.5}, pruned.weights()[0]);
    assertArrayEquals(new double[] {0.3, 0}, pruned.weights()[1]);
    assertArrayEquals(first.bias(), pruned.bias(), "biases are not pruned");
    assertArrayEquals(new double[] {1, -1}, ((DenseLayer) half.layers().get(1)).weights()[0], "grid layer kept");
    assertArrayEquals(new double[] {0.1, -0.5}, first.weights()[0], "the input network is not changed");
    // floor(0.7 * 4) = 2 as well; floor(0.75 * 4) = 3 leaves the largest, -0.5.
    assertEquals(2, MagnitudePruning.prune(net, 0.7).layers().get(0).nonzeroWeights());
    assertArrayEquals(new double[] {0, -0.5}, ((DenseLayer) MagnitudePruning.prune(net, 0.75).layers().get(0))
        .weights()[0]);
    DenseLayer gridFirst = new DenseLayer(new double[][] {{1, 0}, {0, -1}}, new double[2], Activation.RELU,
        "ternary");
    assertNull(MagnitudePruning.prune(network(zero, gridFirst, grid), 0.5), "no continuous layer: nothing to prune");
  }

  /**
   * A linear model that needs only its first feature: pruning the two small weights of the useless features keeps
   * every margin and lowers the L1 term by exactly their magnitudes (hand-computed optimum of the stage).
   */
  @Test
  void pruningRemovesWeightsTheLossDoesNotNeed() {
    double[][] x = {{0, 0, 1}, {1, 1, 0}, {0, 0.5, 0.4}, {1, 0.2, 0.7}}; // each column spans [0, 1]: scaled as is
    TrainingData data = TrainingFixtures.of(x, new int[] {0, 1, 0, 1});
    TrainingConfig cfg = TrainingConfig.defaults().withL1(0.1);
    TrainingProblem problem = TrainingProblem.build(data, new ArchitectureParser().parse("none"), cfg);
    TrainedNetwork zero = problem.zeroNetwork();
    // o = x1 - 0.5 + 0.02 x2 - 0.01 x3: hinge 0.003 + 0.006 (two samples short of the margin 0.5), L1 0.1 * 1.03;
    // without the two small weights o = x1 - 0.5 meets every margin: objective 0.1. Removing only -0.01 is no better
    // (0.102 + hinge 0.01), so the stage's best is two of three weights.
    DenseLayer out = new DenseLayer(new double[][] {{1, 0.02, -0.01}}, new double[] {-0.5}, Activation.LINEAR,
        zero.layers().get(0).domain());
    double[] start = problem.startValues(network(zero, out));
    double before = problem.model().objective().evaluate(start);
    HybridTrainer.Pruned p = HybridTrainer.prune(problem, start, before);
    assertNotNull(p);
    DenseLayer after = (DenseLayer) problem.decode(p.values()).layers().get(0);
    assertArrayEquals(new double[] {1, 0, 0}, after.weights()[0], 0.0);
    assertEquals(0.1 * 1.03 + 0.009, before, 1e-9, "hand-computed start");
    assertEquals(0.1, problem.model().objective().evaluate(p.values()), 1e-9, "hand-computed pruned optimum");
    assertEquals(0.7, p.fraction(), 1e-12, "the first fraction that removes two of three weights: floor(0.7 * 3)");
    assertTrue(new FeasibilityCheck(1e-9).violations(problem.model(), p.values()).isEmpty());
  }

  /** The stage returns only points of the model that improve the objective, whatever the architecture. */
  @ParameterizedTest(name = "{0}, {1} classes, {2}")
  @MethodSource("io.milpnet.formulation.train.TrainingProblemTest#configurations")
  void pruningNeverWorsensAndStaysInTheModel(String arch, int classes, TrainingConfig cfg) {
    TrainingData data = TrainingProblemTest.randomData(classes, 9, TrainingProblemTest.features(cfg), 53);
    TrainingProblem problem = TrainingProblem.build(data, new ArchitectureParser().parse(arch), cfg.withL1(0.05));
    GradientTrainer.Result g = new GradientTrainer().train(problem, new GradientTrainer.Options(30, 0.02, 4, 1, 5));
    double[] start = problem.startValues(g.network());
    double before = problem.model().objective().evaluate(start);
    HybridTrainer.Pruned p = HybridTrainer.prune(problem, start, before);
    if (p == null) {
      return;
    }
    assertTrue(problem.model().objective().evaluate(p.values()) < before);
    assertTrue(new FeasibilityCheck(1e-6).violations(problem.model(), p.values()).isEmpty());
    TrainedNetwork net = problem.decode(p.values());
    assertEquals(0, problem.check(p.values(), net, 1e-6).mismatches());
    assertTrue(net.layers().stream().mapToInt(l -> l.nonzeroWeights()).sum()
        < g.network().layers().stream().mapToInt(l -> l.nonzeroWeights()).sum(), "fewer nonzero weights");
  }

  /**
   * The trust region holds every continuous weight and bias within rho of the anchor and every grid weight at it,
   * contains the anchor, and restricts the model.
   */
  @Test
  void theTrustRegionKeepsTheWeightsNearTheAnchor() {
    TrainingData data = TrainingProblemTest.randomData(3, 9, 3, 61);
    TrainingProblem problem = TrainingProblem.build(data, new ArchitectureParser().parse("dense:3"),
        TrainingConfig.defaults().withL1(0.05));
    double[] anchor = problem.startValues(problem.canonicalOrder(
        TrainingProblemTest.randomNetwork(problem, new java.util.Random(8))));
    Model region = HybridTrainer.trustRegion(problem.model(), anchor, 0.05);
    assertTrue(new FeasibilityCheck(1e-9).violations(region, anchor).isEmpty(), "the anchor is inside");
    Solution inside = OrToolsBackend.scip().solve(region, SolveOptions.defaults().withTimeLimit(30).withRelativeGap(0)
        .withStartValues(anchor));
    assertTrue(inside.hasSolution(), inside.toString());
    int continuous = 0;
    int grid = 0;
    for (int v = 0; v < region.numVars(); v++) {
      String tag = region.varTag(v);
      if (!"weight".equals(tag) && !"bias".equals(tag)) {
        continue;
      }
      if (region.varType(v).isIntegral()) {
        grid++;
        assertEquals(Math.rint(anchor[v]), Math.rint(inside.values()[v]), 0.0, region.varName(v));
      } else {
        continuous++;
        assertTrue(Math.abs(inside.values()[v] - anchor[v]) <= 0.05 + 1e-9, region.varName(v));
      }
    }
    assertTrue(continuous > 0 && grid > 0, continuous + " continuous, " + grid + " grid");
    assertTrue(new FeasibilityCheck(1e-6).violations(problem.model(), inside.values()).isEmpty(),
        "a point of the region is a point of the model");
    Solution whole = OrToolsBackend.scip().solve(problem.model(), SolveOptions.defaults().withTimeLimit(30)
        .withRelativeGap(0));
    assertTrue(whole.objective() <= inside.objective() + 1e-6, "a restriction is never better than the model");
  }

  /** The hybrid strategy with pruning and a trust region ends no worse than its start and passes the audit. */
  @Test
  void theHybridStrategyWithATrustRegionNeverEndsWorse() {
    TrainingData data = TrainingProblemTest.randomData(2, 10, 3, 67);
    TrainingProblem problem = TrainingProblem.build(data, new ArchitectureParser().parse("dense:3"),
        TrainingConfig.defaults().withL1(0.05));
    GradientTrainer.Result g = new GradientTrainer().train(problem, new GradientTrainer.Options(40, 0.02, 4, 1, 2));
    double[] start = problem.startValues(g.network());
    HybridTrainer.Result r = new HybridTrainer(1e-6, 0.05).solve(problem, OrToolsBackend.scip(),
        SolveOptions.defaults().withTimeLimit(8), start, 0, 3);
    assertEquals("prune", r.stages().get(1).name());
    assertTrue(r.outcome().solution().objective() <= problem.model().objective().evaluate(start) + 1e-9);
    assertEquals(0, r.outcome().report().mismatches());
  }

  /**
   * Without the magnitude-pruning stage (the validated strategy, whose sparsity path chose the level) the prune stage
   * leaves the start as it is, while with it the same start loses weights: the switch is what decides.
   */
  @Test
  void theMagnitudePruningStageCanBeSwitchedOff() {
    TrainingData data = TrainingProblemTest.randomData(2, 10, 3, 67);
    TrainingProblem problem = TrainingProblem.build(data, new ArchitectureParser().parse("dense:3"),
        TrainingConfig.defaults().withL1(0.05).withL0(0.2));
    // The gradient network with a tiny weight added wherever it had none: removing those pays 0.2 each.
    TrainedNetwork g = new GradientTrainer().train(problem, new GradientTrainer.Options(40, 0.02, 4, 1, 2)).network();
    DenseLayer first = (DenseLayer) g.layers().get(0);
    double[][] w = new double[first.units()][];
    for (int j = 0; j < w.length; j++) {
      w[j] = first.weights()[j].clone();
      for (int i = 0; i < w[j].length; i++) {
        w[j][i] = w[j][i] == 0.0 ? 1e-3 : w[j][i];
      }
    }
    TrainedNetwork dense = network(g, new DenseLayer(w, first.bias(), first.activation(), first.domain()),
        (DenseLayer) g.layers().get(1));
    double[] start = problem.startValues(dense);
    int startWeights = NetworkStructure.of(problem.decode(start)).nonzeroWeights();
    assertTrue(new FeasibilityCheck(1e-6).violations(problem.model(), start).isEmpty());
    HybridTrainer.Result on = new HybridTrainer(1e-6, 0.0, null, true).solve(problem, OrToolsBackend.scip(),
        SolveOptions.defaults().withTimeLimit(3), start, 0, 3);
    assertTrue(NetworkStructure.of(on.stages().get(1).network()).nonzeroWeights() < startWeights,
        "an L0 price of 0.2 per weight makes pruning pay: " + on.stages().get(1));
    HybridTrainer.Result off = new HybridTrainer(1e-6, 0.0, null, false).solve(problem, OrToolsBackend.scip(),
        SolveOptions.defaults().withTimeLimit(3), start, 0, 3);
    HybridTrainer.Stage prune = off.stages().get(1);
    assertEquals("prune", prune.name());
    assertTrue(prune.note().startsWith("skipped"), prune.note());
    assertEquals(problem.model().objective().evaluate(start), prune.objective(), 1e-9);
    assertEquals(startWeights, NetworkStructure.of(prune.network()).nonzeroWeights());
  }

  private static TrainedNetwork network(TrainedNetwork like, DenseLayer... layers) {
    return new TrainedNetwork(like.inputFeatures(), like.scaler(), List.of(layers), like.outputKind(),
        like.classLabels());
  }
}
