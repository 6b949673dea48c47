package io.milpnet.formulation.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.backend.ortools.OrToolsBackend;
import io.milpnet.formulation.encode.ReluBigMFormulation;
import org.junit.jupiter.api.Test;

/**
 * The gradient attack on the hand-made cases of {@code src/test/resources/verify}, whose unsafe sets are known: it
 * finds points inside them (re-checked by the forward pass) and nothing where the property holds.
 */
class FalsifierTest {
  private static Leaf attack(String net, String prop, int disjunct) {
    FixedNetwork network = VerifierTest.net(net);
    Conjunction d = VerifierTest.prop(prop).disjuncts().get(disjunct);
    DisjunctBox box = DisjunctBox.of(d, network.inputs(), disjunct);
    return new Falsifier(network).search(d, box, 10, 7);
  }

  @Test
  void findsAPointOfAnUnsafeSetAtTheEdgesOfTheBox() {
    // y = |x - 0.5| >= 0.45: x <= 0.05 or x >= 0.95; from the centre the gradient is 0 (both ReLUs at their kink).
    Leaf leaf = attack("abs", "abs-violated", 0);
    assertNotNull(leaf);
    assertEquals(Verdict.VIOLATED, leaf.verdict());
    double x = leaf.input()[0];
    assertTrue(x >= 0 && x <= 1 && Math.abs(x - 0.5) >= 0.45, "x = " + x);
    assertEquals(Math.abs(x - 0.5), leaf.output()[0], 1e-12);
  }

  @Test
  void findsAThinBandBetweenTwoConditions() {
    // Disjunct 1 of diff-or-violated: y1 = x0 - x1 >= 0.9 and y0 = |x0 - x1| <= 0.95, a band of width 0.05.
    Leaf leaf = attack("diff", "diff-or-violated", 1);
    assertNotNull(leaf);
    double d = leaf.input()[0] - leaf.input()[1];
    assertTrue(d >= 0.9 && d <= 0.95, "x0 - x1 = " + d);
  }

  @Test
  void findsASetOfOnePointOnTheBoundary() {
    // y = x >= 1 on [0, 1]: only x = 1, reached by projecting onto the box.
    Leaf leaf = attack("ident", "ident-edge", 0);
    assertNotNull(leaf);
    assertEquals(1.0, leaf.input()[0]);
  }

  @Test
  void findsNothingWhereThePropertyHolds() {
    assertNull(attack("abs", "abs-holds", 0));
    assertNull(attack("abs", "abs-trap", 0)); // holds by 1e-5: the attack comes close and must not accept it
    assertNull(attack("diff", "diff-or-holds", 1));
  }

  @Test
  void theVerifierReportsTheAttacksCounterexampleAndTheSameAnswersWithout() {
    Verifier with = new Verifier(OrToolsBackend.scip(), null, BoundMethod.SYMBOLIC, new ReluBigMFormulation(),
        Verifier.DEFAULT_TOLERANCE);
    VerificationResult r = with.verify(VerifierTest.net("diff"), VerifierTest.prop("diff-or-violated"),
        VerifierTest.OPTIONS);
    assertEquals(Verdict.VIOLATED, r.verdict(), r.reason());
    assertTrue(r.reason().contains("gradient attack"), r.reason());
    assertEquals(0, r.counterexample().milpSolves());
    // Every disjunct is attacked before any box search: disjunct 0 was not searched before disjunct 1 was attacked.
    assertEquals(1, r.disjuncts().size());
    assertEquals(1, r.counterexample().index());
    VerificationResult without = VerifierTest.verifier("ortools-scip", BoundMethod.SYMBOLIC)
        .verify(VerifierTest.net("diff"), VerifierTest.prop("diff-or-violated"), VerifierTest.OPTIONS);
    assertEquals(Verdict.VIOLATED, without.verdict(), without.reason());
    assertTrue(!without.reason().contains("gradient attack"), without.reason());
    assertEquals(Verdict.HOLDS, with.verify(VerifierTest.net("diff"), VerifierTest.prop("diff-or-holds"),
        VerifierTest.OPTIONS).verdict());
  }
}
