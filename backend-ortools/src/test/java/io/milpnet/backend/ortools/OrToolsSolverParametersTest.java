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
