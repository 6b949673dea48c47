package io.milpnet.formulation.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.formulation.layer.LayerKinds;
import io.milpnet.formulation.network.DifferentiableTest;
import io.milpnet.formulation.network.ForwardPass;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.network.TrainedNetworkJson;
import io.milpnet.formulation.spec.ArchitectureParser;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.verify.FixedNetwork;
import io.milpnet.formulation.verify.LayerKindsVerificationTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The layer oracle kit, the counterpart of the backend conformance kit: every layer kind's test extends it, names its
 * kind and gives architectures that use it, and inherits the checks every kind must pass. Training: random networks in
 * the domain are feasible points priced at their forward-pass objective and decode to the same function; with the
 * weights fixed, SCIP reproduces the forward pass. The gradient form: forward pass and {@code with} reproduce the
 * layer, the backward pass is the derivative. {@code network.json} round-trips. Verification: with the input fixed the
 * verifier's MILP reproduces the forward pass, and its bounds contain sampled activations. A kit registers itself in
 * {@code META-INF/services/io.milpnet.formulation.train.LayerKindKit}; {@code LayerKindKitCoverageTest} fails when a
 * registered kind has none.
 */
public abstract class LayerKindKit {
  /** An architecture (hidden layers) using the kind, its number of classes and its configuration. */
  public record Case(String arch, int classes, TrainingConfig config) {}

  /** The registry key of the kind this kit checks. */
  public abstract String kind();

  /** Architectures that use the kind (at least one; small: every check runs on each). */
  protected abstract List<Case> cases();

  private final TrainingProblemTest training = new TrainingProblemTest();

  @Test
  void everyCaseUsesTheKind() {
    assertFalse(cases().isEmpty(), kind() + ": no cases");
    for (Case c : cases()) {
      List<LayerSpec> specs = new ArchitectureParser().parse(c.arch());
      assertTrue(specs.stream().anyMatch(s -> s.kindKey().equals(kind())) || kind().equals("dense"),
          c.arch() + " has no " + kind() + " layer");
    }
    assertTrue(LayerKinds.standard().keys().contains(kind()), kind() + " is not a registered kind");
  }

  @Test
  void randomNetworksInTheDomainArePricedByTheirForwardPass() {
    for (Case c : cases()) {
      training.everyNetworkInTheDomainIsFeasibleAndPricedByItsForwardPass(c.arch(), c.classes(), c.config());
    }
  }

  @Test
  void withWeightsFixedScipReproducesTheForwardPass() {
    for (Case c : cases()) {
      training.withWeightsFixedTheSolverReproducesTheForwardPass(c.arch(), c.classes(), c.config());
    }
  }

  @Test
  void theGradientFormIsTheLayersForwardPassAndItsDerivative() {
    Random r = new Random(3);
    int checked = 0;
    for (Case c : cases()) {
      for (NetworkLayer layer : randomNetwork(c, r).layers()) {
        if (!layer.kindKey().equals(kind())) {
          continue;
        }
        DifferentiableTest.assertForwardReproducesTheLayer(layer, r);
        if (layer.activation().lipschitz() < Double.POSITIVE_INFINITY) {
          // Continuous activations pass back their derivative; a step's straight-through estimate is not one.
          DifferentiableTest.assertBackwardIsTheDerivative(layer, r);
        }
        checked++;
      }
    }
    assertTrue(checked > 0 || kind().equals("flatten"), kind() + ": no layer of the kind in the cases");
  }

  @Test
  void networksOfTheKindRoundTripThroughNetworkJson() {
    Random r = new Random(4);
    TrainedNetworkJson json = new TrainedNetworkJson();
    for (Case c : cases()) {
      TrainingProblem problem = problem(c);
      TrainedNetwork net = TrainingProblemTest.randomNetwork(problem, r);
      String text = json.write(net);
      TrainedNetwork back = json.read(text, c.arch());
      assertEquals(text, json.write(back), c.arch());
      ForwardPass a = new ForwardPass(net);
      ForwardPass b = new ForwardPass(back);
      for (double[] x : problem.data().x()) {
        assertArrayEquals(a.outputs(x), b.outputs(x), 0.0, c.arch());
      }
    }
  }

  @Test
  void verificationReproducesTheForwardPassAndBoundsContainSamples() {
    Random r = new Random(5);
    Map<String, FixedNetwork> networks = new LinkedHashMap<>();
    for (Case c : cases()) {
      TrainedNetwork net = randomNetwork(c, r);
      if (net.layers().stream().allMatch(l -> l.activation().verifiable())) {
        networks.put(c.arch(), FixedNetwork.of(net));
      }
    }
    assertFalse(networks.isEmpty(), kind() + ": no case verification can check (every case has a step)");
    LayerKindsVerificationTest.assertMilpReproducesTheForwardPass(networks, r, " (" + kind() + " kit)");
    LayerKindsVerificationTest.assertBoundsContainSampledActivations(networks, r, " (" + kind() + " kit)");
  }

  private static TrainingProblem problem(Case c) {
    TrainingData data = TrainingProblemTest.randomData(c.classes(), 9, TrainingProblemTest.features(c.config()), 17);
    return TrainingProblem.build(data, new ArchitectureParser().parse(c.arch()), c.config());
  }

  private static TrainedNetwork randomNetwork(Case c, Random r) {
    return TrainingProblemTest.randomNetwork(problem(c), r);
  }
}
