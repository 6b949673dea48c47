package io.milpnet.formulation.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.backend.ortools.OrToolsBackend;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.encode.ReluBigMFormulation;
import io.milpnet.formulation.layer.dense.DenseLayer;
import io.milpnet.formulation.network.OutputKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Robustness of y = x (two classes by argmax): a sample is robust exactly when epsilon < (x_c - x_other) / 2. */
class RobustnessTest {
  static final FixedNetwork IDENTITY = new FixedNetwork(List.of(
      new DenseLayer(new double[][] {{1, 0}, {0, 1}}, new double[] {0, 0}, Activation.LINEAR, "")));
  static final SolveOptions OPTIONS = SolveOptions.defaults().withTimeLimit(30);

  static Robustness robustness() {
    Verifier v = new Verifier(OrToolsBackend.scip(), null, BoundMethod.SYMBOLIC, new ReluBigMFormulation(),
        Verifier.DEFAULT_TOLERANCE);
    return new Robustness(v, IDENTITY, OutputKind.ARGMAX, new double[] {0, 0}, new double[] {1, 1});
  }

  @Test
  void certifiedBelowHalfTheMarginViolatedAbove() {
    double[][] x = {{0.7, 0.3}, {0.2, 0.6}, {0.55, 0.45}};
    int[] y = {0, 1, 0};
    Robustness r = robustness();
    // Margins 0.4, 0.4, 0.1: robust radii 0.2, 0.2, 0.05.
    Robustness.Report small = r.certify(x, y, 0.04, OPTIONS);
    assertEquals(3, small.certified());
    Robustness.Report mid = r.certify(x, y, 0.1, OPTIONS);
    assertEquals(2, mid.certified());
    assertEquals(1, mid.violated());
    Robustness.Sample third = mid.samples().get(2);
    double[] cex = third.counterexample();
    assertTrue(Math.abs(cex[0] - 0.55) <= 0.1 + 1e-12 && Math.abs(cex[1] - 0.45) <= 0.1 + 1e-12);
    assertEquals(1, third.predictedThere());
    Robustness.Report large = r.certify(x, y, 0.25, OPTIONS);
    assertEquals(0, large.certified());
    assertEquals(3, large.violated());
    assertEquals(0, large.misclassified());
  }

  @Test
  void misclassifiedSamplesAreViolatedAtAnyEpsilon() {
    Robustness.Report r = robustness().certify(new double[][] {{0.3, 0.7}}, new int[] {0}, 0.0, OPTIONS);
    assertEquals(1, r.violated());
    assertEquals(1, r.misclassified());
  }

  @Test
  void theBallIsClippedToTheDomainAndATieIsNoCounterexample() {
    Robustness r = robustness();
    VnnProperty p = r.property(new double[] {0.95, 0.05}, 0, 0.5);
    Conjunction c = p.disjuncts().get(0);
    // x0 in [0.45, 1], x1 in [0, 0.55]: the box atoms.
    assertTrue(c.holdsAt(new double[] {1.0, 0.0}, new double[] {1.0, 1.0}));
    assertTrue(!c.holdsAt(new double[] {1.01, 0.0}, new double[] {1.0, 1.0}));
    assertTrue(!c.holdsAt(new double[] {0.5, -0.01}, new double[] {1.0, 1.0}));
    // Label 0 against class 1 at epsilon 0.25 from (0.75, 0.25) (all exact in binary): the only unsafe point is the
    // tie (0.5, 0.5), which the argmax gives to class 0; the verifier may find it, the re-check of the class must not
    // call it a violation.
    Robustness.Sample s = r.certifyOne(0, new double[] {0.75, 0.25}, 0, 0.25, OPTIONS);
    assertTrue(s.verdict() != Verdict.VIOLATED, s.reason());
  }
}
