package io.milpnet.core.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Sense;
import io.milpnet.core.model.Var;
import org.junit.jupiter.api.Test;

/** A backend's returned point passes the shared check, or the solution becomes an ERROR. */
class SolutionCheckTest {
  /** max x + y s.t. 1000x + 1000y <= 1000, x, y in [0, 1]: the allowance on the row is 1e-3. */
  private static Model model() {
    Model m = new Model("m");
    Var x = m.addContinuous(0, 1, "x");
    Var y = m.addContinuous(0, 1, "y");
    m.addLessOrEqual("cap", LinearExpr.builder().add(1000, x).add(1000, y).build(), 1000);
    m.setObjective(Sense.MAXIMIZE, LinearExpr.builder().add(x).add(y).build());
    return m;
  }

  @Test
  void aPointInsideTheToleranceIsKept() {
    Solution s = new Solution(SolveStatus.OPTIMAL, 1 + 9e-7, 1, new double[] {0.5, 0.5 + 9e-7}, 0.1, 3, "");
    assertSame(s, SolutionCheck.checked("test", model(), s)); // violation 9e-4 <= 1e-3
  }

  @Test
  void aPointOutsideTheToleranceBecomesAnError() {
    Solution s = new Solution(SolveStatus.FEASIBLE, 1 + 1.1e-6, Double.NaN, new double[] {0.5, 0.5 + 1.1e-6}, 0.25,
        7, "stopped");
    Solution c = SolutionCheck.checked("test", model(), s);
    assertEquals(SolveStatus.ERROR, c.status());
    assertNull(c.values());
    assertEquals(0.25, c.seconds());
    assertEquals(7, c.nodes());
    assertTrue(c.message().startsWith("test reported FEASIBLE with a point that violates the model (relative"
        + " tolerance 1.0E-6): [cap: activity"), c.message());
    assertTrue(c.message().endsWith("; stopped"), c.message());
  }

  @Test
  void answersWithoutAPointPassUnchanged() {
    Solution s = Solution.withoutValues(SolveStatus.INFEASIBLE, 0.1, "");
    assertSame(s, SolutionCheck.checked("test", model(), s));
  }

  @Test
  void aPointOfTheWrongLengthIsAnError() {
    Solution s = new Solution(SolveStatus.OPTIMAL, 0, 0, new double[] {0}, 0.1, -1, "");
    assertEquals(SolveStatus.ERROR, SolutionCheck.checked("test", model(), s).status());
  }
}
