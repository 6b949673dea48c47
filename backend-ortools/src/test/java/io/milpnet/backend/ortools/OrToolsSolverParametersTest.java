package io.milpnet.backend.ortools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SCIP's own parameters reach SCIP, after milpnet's, and a parameter SCIP refuses is named before any solve: stein27
 * (published optimum 18) stops at a node limit of 5 with its incumbent and bound and says why; a user's memory limit
 * overrides milpnet's.
 */
class OrToolsSolverParametersTest {
  @Test
  void aNodeLimitStopsTheSolveWithItsIncumbentAndBoundAndSaysWhy() throws IOException {
    Solution s = OrToolsBackend.scip().solve(OrToolsMemoryLimitTest.stein27(),
        SolveOptions.defaults().withTimeLimit(60).withSolverParameters(Map.of("limits/nodes", "5")));
    assertEquals(SolveStatus.FEASIBLE, s.status(), s.toString());
    assertEquals(5, s.nodes(), s.toString());
    assertTrue(s.bestBound() <= 18 + 1e-6 && s.objective() >= 18 - 1e-6, s.toString());
    assertTrue(s.message().contains("at a limit among its solver parameters, before its time limit"), s.message());
    Solution whole = OrToolsBackend.scip().solve(OrToolsMemoryLimitTest.stein27(),
        SolveOptions.defaults().withTimeLimit(60));
    assertEquals(SolveStatus.OPTIMAL, whole.status(), whole.toString());
    assertEquals(18, whole.objective(), 1e-6);
    assertTrue(whole.nodes() > 5, "without the limit stein27 takes more than 5 nodes: " + whole);
  }

  /**
   * SCIP ends a solve at its gap limit as "optimal"; a gap limit among the user's parameters wider than the solve's
   * relative gap is therefore no proof: stein27 at limits/gap = 0.5 stops at the root (objective 19, bound 13) and is
   * reported FEASIBLE. The same gap asked for through the solve's own relative gap keeps its meaning: optimal within it.
   */
  @Test
  void aGapLimitAmongTheParametersIsNotCalledOptimal() throws IOException {
    Solution s = OrToolsBackend.scip().solve(OrToolsMemoryLimitTest.stein27(),
        SolveOptions.defaults().withTimeLimit(60).withSolverParameters(Map.of("limits/gap", "0.5")));
    assertEquals(SolveStatus.FEASIBLE, s.status(), s.toString());
    assertTrue(s.bestBound() <= 18 + 1e-6 && s.objective() >= 18 - 1e-6 && s.objective() > s.bestBound() + 1,
        s.toString());
    assertTrue(s.message().contains("at a limit among its solver parameters"), s.message());
    Solution asked = OrToolsBackend.scip().solve(OrToolsMemoryLimitTest.stein27(),
        SolveOptions.defaults().withTimeLimit(60).withRelativeGap(0.5));
    assertEquals(SolveStatus.OPTIMAL, asked.status(), asked.toString());
  }

  @Test
  void gapsAreMeasuredAsScipMeasuresThem() {
    assertTrue(!OrToolsBackend.aboveGap(18, 18, 1e-4));
    assertTrue(OrToolsBackend.aboveGap(19, 13, 1e-4));
    assertTrue(!OrToolsBackend.aboveGap(19, 13, 0.5), "6 / 13 = 0.46 is within 0.5");
    assertTrue(OrToolsBackend.aboveGap(19, 13, 0.45));
    assertTrue(!OrToolsBackend.aboveGap(0, -1e-9, 1e-4), "rounding around 0 is no gap");
    assertTrue(OrToolsBackend.aboveGap(1, -1, 0.5), "a bound of the other sign: an infinite gap");
    assertTrue(OrToolsBackend.aboveGap(5, Double.NaN, 0.5), "no bound: no proof");
  }

  @Test
  void theUsersParametersComeAfterMilpnetsAndOverrideThem() throws IOException {
    // 1 MB is below what SCIP needs to start (an error, OrToolsMemoryLimitTest); the user's limits/memory replaces it.
    Solution s = OrToolsBackend.scip().solve(OrToolsMemoryLimitTest.stein27(), SolveOptions.defaults()
        .withTimeLimit(60).withMemoryLimit(1).withSolverParameters(Map.of("limits/memory", "1000")));
    assertEquals(SolveStatus.OPTIMAL, s.status(), s.toString());
    assertEquals(18, s.objective(), 1e-6);
  }

  @Test
  void parametersScipRefusesAreNamedWithScipsReason() {
    OrToolsBackend scip = OrToolsBackend.scip();
    Map<String, String> good = new LinkedHashMap<>();
    good.put("limits/nodes", "1000");
    good.put("separating/maxroundsroot", "20");
    good.put("nodeselection/bfs/stdpriority", "1000000");
    scip.checkParameters(good);
    IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
        () -> scip.checkParameters(Map.of("limits/nodez", "5")));
    assertEquals("SCIP has no parameter 'limits/nodez' (SCIP's documentation lists them, e.g. limits/nodes,"
        + " separating/maxrounds)", name.getMessage());
    IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
        () -> scip.checkParameters(Map.of("limits/nodes", "-7")));
    assertTrue(value.getMessage().startsWith("SCIP refuses the value '-7' of parameter 'limits/nodes': Invalid value"
        + " <-7> for longint parameter <limits/nodes>. Must be in range [-1,"), value.getMessage());
    IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
        () -> scip.checkParameters(Map.of("limits/nodes", "5\nlimits/time = 1")));
    assertTrue(text.getMessage().contains("is not NAME=VALUE"), text.getMessage());
    IllegalArgumentException cbc = assertThrows(IllegalArgumentException.class,
        () -> OrToolsBackend.cbc().checkParameters(Map.of("limits/nodes", "5")));
    assertTrue(cbc.getMessage().contains("backend ortools-cbc takes no solver parameters"), cbc.getMessage());
    OrToolsBackend.cbc().checkParameters(Map.of());
  }
}
