package io.milpnet.backend.ortools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.core.conformance.BackendConformanceKit;
import io.milpnet.core.model.FeasibilityCheck;
import io.milpnet.core.model.Model;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HiGHS workaround: an incumbent at the time limit is recovered from HiGHS's own solution file. */
class OrToolsHighsBackendTest {
  @TempDir
  Path dir;

  @Test
  void incumbentFileIsParsed() throws IOException {
    Path f = Files.writeString(dir.resolve("s.sol"), """
        Model status
        Time limit reached

        # Primal solution values
        Feasible
        Objective 49969.00000000011
        # Columns 3
        C0 0
        C1 1
        C2 0.5
        # Rows 1
        R0 3
        """);
    assertArrayEquals(new double[] {0, 1, 0.5}, OrToolsHighsBackend.readIncumbent(f, 3));
    Path none = Files.writeString(dir.resolve("n.sol"), "Model status\nTime limit reached\n\n# Primal solution values\n"
        + "None\n");
    assertNull(OrToolsHighsBackend.readIncumbent(none, 3));
    assertNull(OrToolsHighsBackend.readIncumbent(dir.resolve("missing.sol"), 3));
  }

  @Test
  void timeLimitKeepsTheIncumbentFoundByHighs() {
    // 150 binaries in 15 knapsack rows: HiGHS finds incumbents at once but cannot prove optimality in a second.
    Model m = BackendConformanceKit.hardModel(150, 11, 15);
    Solution s = new OrToolsHighsBackend().solve(m, SolveOptions.defaults().withTimeLimit(1.0));
    assertEquals(SolveStatus.FEASIBLE, s.status(), s.toString());
    assertTrue(s.objective() > 0, "a real incumbent, not the wrapper's placeholder 0");
    assertTrue(new FeasibilityCheck(1e-6).isFeasible(m, s.values()));
    assertEquals(m.objective().evaluate(s.values()), s.objective(), 1e-6);
    assertTrue(Double.isNaN(s.bestBound()), "no bound is claimed at a time limit");
    assertTrue(s.seconds() < 3.0, "stopped at the limit: " + s.seconds());
  }
}
