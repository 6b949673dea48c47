package io.milpnet.core.solver;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.core.model.Model;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SolutionTest {
  @Test
  void gapConvention() {
    assertEquals(0.0, Solution.relativeGap(5, 5));
    assertEquals(0.0, Solution.relativeGap(0, 1e-12), "equal within 1e-9 is no gap");
    assertEquals(1.0, Solution.relativeGap(7.69, 0.0), 1e-12, "a dual bound of 0 is a 100% gap");
    assertEquals(0.5, Solution.relativeGap(-10, -15), 1e-12);
    assertTrue(Double.isNaN(Solution.relativeGap(Double.NaN, 1)));
    assertEquals(Double.POSITIVE_INFINITY, Solution.relativeGap(3, Double.NEGATIVE_INFINITY));
  }

  @Test
  void statusesWithoutSolutionCarryNoValues() {
    assertThrows(IllegalArgumentException.class,
        () -> new Solution(SolveStatus.OPTIMAL, 1, 1, null, 0, 0, ""));
    assertNull(new Solution(SolveStatus.INFEASIBLE, 1, 1, new double[] {1}, 0, 0, "").values());
  }

  @Test
  void optionsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> SolveOptions.defaults().withTimeLimit(0));
    assertThrows(IllegalArgumentException.class, () -> SolveOptions.defaults().withRelativeGap(1));
    assertThrows(IllegalArgumentException.class, () -> SolveOptions.defaults().withThreads(0));
    assertEquals(30, SolveOptions.defaults().withTimeLimit(30).timeLimitSeconds());
  }

  @Test
  void registryNamesTheChoicesOfAnUnknownBackend() {
    SolverBackend dummy = new SolverBackend() {
      public String name() {
        return "a";
      }

      public String version() {
        return "1";
      }

      public Availability availability() {
        return Availability.yes();
      }

      public Capabilities capabilities() {
        return Capabilities.of();
      }

      public Solution solve(Model model, SolveOptions options) {
        throw new UnsupportedOperationException();
      }
    };
    SolverRegistry r = new SolverRegistry(Map.of("b-solver", dummy, "a-solver", dummy));
    UnknownBackendException e = assertThrows(UnknownBackendException.class, () -> r.resolve("zzz"));
    assertEquals("unknown backend 'zzz': choose one of a-solver, b-solver", e.getMessage());
  }

  @Test
  void interruptRunsRegisteredActionsOnce() {
    InterruptSignal s = new InterruptSignal();
    int[] calls = new int[1];
    Runnable a = () -> calls[0]++;
    s.onInterrupt(a);
    s.interrupt();
    s.interrupt();
    assertEquals(1, calls[0]);
    s.onInterrupt(a); // registered late: runs at once
    assertEquals(2, calls[0]);
  }
}
