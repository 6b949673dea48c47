package io.milpnet.backend.ortools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.core.io.MpsReader;
import io.milpnet.core.model.Model;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * SCIP's memory limit says why the solve stopped (the kit checks the incumbent and bound): stein27 (optimum 18) needs
 * about 20 MB to prove 18 and stops at 6 MB; SCIP below what it needs to start ends ABNORMAL, named as such.
 */
class OrToolsMemoryLimitTest {
  /** stein27 (MIPLIB; published optimum 18) from the test classpath. */
  static Model stein27() throws IOException {
    try (InputStream in = OrToolsMemoryLimitTest.class.getResourceAsStream("/mps/stein27.mps")) {
      assertTrue(in != null, "stein27 is on the test classpath");
      return new MpsReader().read(new String(in.readAllBytes(), StandardCharsets.US_ASCII), "stein27.mps");
    }
  }

  @Test
  void aStopAtTheMemoryLimitIsNamed() throws IOException {
    Solution s = OrToolsBackend.scip().solve(stein27(), SolveOptions.defaults().withTimeLimit(60).withMemoryLimit(6));
    assertEquals(SolveStatus.FEASIBLE, s.status(), s.toString());
    assertTrue(s.message().contains("at its memory limit of 6 MB, before its time limit"), s.message());
  }

  @Test
  void aLimitTooSmallToStartIsAnErrorThatSaysSo() throws IOException {
    Solution s = OrToolsBackend.scip().solve(stein27(), SolveOptions.defaults().withMemoryLimit(1));
    assertEquals(SolveStatus.ERROR, s.status(), s.toString());
    assertTrue(s.message().contains("with a memory limit of 1 MB"), s.message());
  }

  @Test
  void withoutAMemoryLimitATimeLimitStopIsNotCalledAMemoryStop() throws IOException {
    Solution s = OrToolsBackend.scip().solve(stein27(), SolveOptions.defaults().withTimeLimit(0.05));
    assertTrue(!s.message().contains("memory"), s.message());
  }
}
