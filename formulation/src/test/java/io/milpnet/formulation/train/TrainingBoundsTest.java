package io.milpnet.formulation.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.backend.ortools.OrToolsBackend;
import io.milpnet.core.bounds.Interval;
import io.milpnet.core.model.FeasibilityCheck;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.formulation.layer.pool.PoolLayer;
import io.milpnet.formulation.network.ForwardPass;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.spec.ArchitectureParser;
import io.milpnet.formulation.spec.Shape;
import io.milpnet.formulation.verify.BoundMethod;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LP-based bound tightening of the training MILP ({@code --bounds lp}): its pre-activation intervals contain every
 * value a network of the domains produces (sampled by forward passes of random networks), lie inside the interval
 * bounds, and never cut off an optimum (brute force).
 */
class TrainingBoundsTest {
  private static final double[] TERNARY = {-1, 0, 1};
  private static final double[] SIGNS = {-1, 1};

  static TrainingConfig lp(TrainingConfig cfg) {
    return cfg.withTightening(cfg.tightening().withBounds(BoundMethod.LP, 60));
  }

  static Stream<Arguments> configurations() {
    TrainingConfig base = TrainingConfig.defaults();
    return Stream.of(
        Arguments.of("dense:3", 2, base),
        Arguments.of("dense:3,dense:2", 3, base.withL0(0.05)),
        Arguments.of("dense:3,dense:3", 3, base.withNeuronPenalty(0.1).withGridScale(0.5)),
        Arguments.of("dense:2/hardtanh,dense:2", 2, base),
        Arguments.of("conv:2@2x2,maxpool:2,flatten,dense:2", 2, base.withInputShape(new Shape(1, 4, 4))),
        Arguments.of("gate:2,dense:2", 3, base));
  }

  @ParameterizedTest(name = "{0}, {1} classes")
  @MethodSource("configurations")
  void lpBoundsContainEveryNetworksPreActivationsAndLieInsideTheIntervals(String arch, int classes,
      TrainingConfig cfg) {
    int features = cfg.inputShape() == null ? 3 : cfg.inputShape().size();
    TrainingData data = TrainingProblemTest.randomData(classes, 8, features, 31);
    TrainingProblem interval = TrainingProblem.build(data, new ArchitectureParser().parse(arch), cfg);
    TrainingProblem tight = TrainingProblem.build(data, new ArchitectureParser().parse(arch), lp(cfg),
        OrToolsBackend.glop());
    assertTrue(tight.boundLpSolves() > 0, "the LPs ran");
    List<EncodedLayer> li = interval.encodedLayers();
    List<EncodedLayer> lt = tight.encodedLayers();
    for (int l = 0; l < lt.size(); l++) {
      for (int i = 0; i < data.samples(); i++) {
        for (int j = 0; j < lt.get(l).pre[i].length; j++) {
          Interval a = li.get(l).pre[i][j].bounds();
          Interval b = lt.get(l).pre[i][j].bounds();
          assertTrue(b.lo() >= a.lo() - 1e-9 && b.hi() <= a.hi() + 1e-9, "layer " + l + ": " + b + " in " + a);
        }
      }
    }
    Random r = new Random(3);
    for (int trial = 0; trial < 20; trial++) {
      TrainedNetwork net = tight.canonicalOrder(TrainingProblemTest.randomNetwork(tight, r));
      double[] start = tight.startValues(net);
      List<String> violations = new FeasibilityCheck(1e-9).violations(tight.model(), start);
      assertTrue(violations.isEmpty(), "trial " + trial + ": " + violations);
      ForwardPass f = new ForwardPass(net);
      for (int i = 0; i < data.samples(); i++) {
        ForwardPass.Trace t = f.trace(data.x()[i]);
        for (int l = 0; l < lt.size(); l++) {
          if (net.layers().get(l) instanceof PoolLayer) {
            continue; // pooled values: checked through the feasibility of the start
          }
          for (int j = 0; j < t.pre()[l].length; j++) {
            Interval b = lt.get(l).pre[i][j].bounds();
            double v = t.pre()[l][j];
            assertTrue(b.lo() - 1e-9 <= v && v <= b.hi() + 1e-9, "trial " + trial + " layer " + l + " sample " + i
                + " unit " + j + ": " + v + " outside " + b);
          }
        }
      }
    }
  }

  /** With LP bounds the MILP optimum still equals the brute-forced best network. */
  @ParameterizedTest(name = "seed={0} classes={1}")
  @CsvSource({"5, 2", "6, 3"})
  void lpBoundsKeepTheBruteForceOptimum(long seed, int classes) {
    TrainingData data = LipschitzCutsTest.closePairs(classes, classes == 2 ? 4 : 3, 2, seed);
    int hidden = classes == 2 ? 2 : 1;
    TrainingConfig cfg = lp(TrainingConfig.defaults().withFirstLayerDomain(new WeightDomain.Ternary(1.0))
        .withGridBiases(true));
    TrainingProblem problem = TrainingProblem.build(data, new ArchitectureParser().parse("dense:" + hidden), cfg,
        OrToolsBackend.glop());
    BruteForce.Result brute = classes == 2
        ? new BruteForce(problem, 2, TERNARY, TERNARY, SIGNS, TERNARY, true, false).run()
        : new BruteForce(problem, 1, TERNARY, TERNARY, TERNARY, TERNARY, false, false).run();
    Solution s = OrToolsBackend.scip().solve(problem.model(), SolveOptions.defaults().withTimeLimit(60)
        .withRelativeGap(0));
    assertEquals(SolveStatus.OPTIMAL, s.status(), s.toString());
    assertEquals(brute.optimum(), s.objective(), 1e-6, "MILP optimum vs brute force over " + brute.networks());
  }
}
