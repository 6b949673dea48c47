package io.milpnet.formulation.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.backend.ortools.OrToolsBackend;
import io.milpnet.formulation.encode.ReluPartitionFormulation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-made verification cases (answers in {@code src/test/resources/verify/README.md}) with the P-split ReLU. */
class VerifierPartitionTest {

  @Test
  void partitionFormulationGivesTheKnownAnswers() {
    for (BoundMethod bounds : BoundMethod.values()) {
      for (int n : new int[] {1, 2, 5}) {
        Verifier v = new Verifier(OrToolsBackend.scip(), OrToolsBackend.glop(), bounds,
            new ReluPartitionFormulation(n), Verifier.DEFAULT_TOLERANCE);
        String what = "psplit:" + n + ", " + bounds + " bounds";
        for (String holds : List.of("abs-holds", "abs-trap")) {
          VerificationResult r = v.verify(VerifierTest.net("abs"), VerifierTest.prop(holds), VerifierTest.OPTIONS);
          assertEquals(Verdict.HOLDS, r.verdict(), what + ", " + holds + ": " + r.reason());
        }
        assertEquals(Verdict.HOLDS, v.verify(VerifierTest.net("diff"), VerifierTest.prop("diff-or-holds"),
            VerifierTest.OPTIONS).verdict(), what);

        VerificationResult abs = v.verify(VerifierTest.net("abs"), VerifierTest.prop("abs-violated"),
            VerifierTest.OPTIONS);
        assertEquals(Verdict.VIOLATED, abs.verdict(), what + ": " + abs.reason());
        double x = abs.counterexample().input()[0];
        assertTrue(x >= 0 && x <= 1 && Math.abs(x - 0.5) >= 0.45, what + ": counterexample x = " + x);

        VerificationResult diff = v.verify(VerifierTest.net("diff"), VerifierTest.prop("diff-or-violated"),
            VerifierTest.OPTIONS);
        assertEquals(Verdict.VIOLATED, diff.verdict(), what + ": " + diff.reason());
        double d = diff.counterexample().input()[0] - diff.counterexample().input()[1];
        assertTrue(d >= 0.9 && d <= 0.95, what + ": x0 - x1 = " + d);

        VerificationResult edge = v.verify(VerifierTest.net("ident"), VerifierTest.prop("ident-edge"),
            VerifierTest.OPTIONS);
        assertNotEquals(Verdict.HOLDS, edge.verdict(), what + ": " + edge.reason());
      }
    }
  }
}
