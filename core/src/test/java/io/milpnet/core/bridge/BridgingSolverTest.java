package io.milpnet.core.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;
import io.milpnet.core.solver.Availability;
import io.milpnet.core.solver.Capabilities;
import io.milpnet.core.solver.Capabilities.Feature;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.core.solver.SolverBackend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bridging solver walks its bridges in order: each applies only where the backend lacks what it supplies. */
class BridgingSolverTest {
  private static SolverBackend backend(Capabilities capabilities) {
    return new SolverBackend() {
      @Override
      public String name() {
        return "test";
      }

      @Override
      public String version() {
        return "0";
      }

      @Override
      public Capabilities capabilities() {
        return capabilities;
      }

      @Override
      public Availability availability() {
        return Availability.yes();
      }

      @Override
      public Solution solve(Model model, SolveOptions options) {
        throw new UnsupportedOperationException();
      }
    };
  }

  private static Model indicatorAndRange() {
    Model m = new Model("m");
    Var z = m.addBinary("z");
    Var x = m.addContinuous(0, 4, "x");
    m.addIndicator("ind", z, true, LinearExpr.of(x), Double.NEGATIVE_INFINITY, 1);
    m.addConstraint("range", LinearExpr.of(x), 1, 3);
    return m;
  }

  @Test
  void theStandardBridgesRewriteOnlyWhatTheBackendLacks() {
    Model bare = new BridgingSolver(backend(Capabilities.of(Feature.INTEGERS))).prepare(indicatorAndRange());
    assertEquals(0, bare.numIndicators());
    assertFalse(RangeRowBridge.hasRangeRows(bare));
    Model rich = new BridgingSolver(backend(Capabilities.of(Feature.INTEGERS, Feature.INDICATORS,
        Feature.RANGE_ROWS))).prepare(indicatorAndRange());
    assertEquals(1, rich.numIndicators());
    assertTrue(RangeRowBridge.hasRangeRows(rich));
    Capabilities after = new BridgingSolver(backend(Capabilities.of(Feature.INTEGERS, Feature.NODE_COUNT)))
        .capabilities();
    assertEquals(Capabilities.of(Feature.INTEGERS, Feature.INDICATORS, Feature.RANGE_ROWS, Feature.NODE_COUNT), after);
  }

  @Test
  void aBridgeListIsWalkedInOrder() {
    List<String> applied = new ArrayList<>();
    Bridge marker = new Bridge() {
      @Override
      public boolean needed(Capabilities backend, Model model) {
        return model.numIndicators() == 0; // only after the indicator bridge has run
      }

      @Override
      public Model apply(Model model) {
        applied.add("marker on " + model.numConstraints() + " rows");
        return model;
      }

      @Override
      public Capabilities supplies(Capabilities backend) {
        return backend;
      }
    };
    new BridgingSolver(backend(Capabilities.of(Feature.INTEGERS, Feature.RANGE_ROWS)),
        List.of(new IndicatorToBigMBridge(), marker)).prepare(indicatorAndRange());
    assertEquals(List.of("marker on 2 rows"), applied);
    applied.clear();
    new BridgingSolver(backend(Capabilities.of(Feature.INTEGERS, Feature.RANGE_ROWS)),
        List.of(marker, new IndicatorToBigMBridge())).prepare(indicatorAndRange());
    assertEquals(List.of(), applied);
  }

  /**
   * z = 1 => x <= 2 with x in [0, 10] becomes x + 8z <= 10. The point z = 1 - 0.9e-6 (integral within 1e-6), x = 2 +
   * 7e-6 satisfies that row (activity 10 - 2e-7) but not the indicator (7e-6 over 2, allowance 1e-6 * 2): the
   * backend's OPTIMAL becomes an ERROR; a point that satisfies both is passed on.
   */
  @Test
  void aBridgedPointIsCheckedAgainstTheCallersModel() {
    Model m = new Model("ind");
    Var x = m.addContinuous(0, 10, "x");
    Var z = m.addBinary("z");
    m.addIndicator("on", z, true, LinearExpr.of(x), Double.NEGATIVE_INFINITY, 2);
    double[][] answer = {{2 + 7e-6, 1 - 0.9e-6}};
    SolverBackend fixed = new io.milpnet.core.solver.ForwardingSolverBackend(backend(Capabilities.of(
        Feature.INTEGERS))) {
      @Override
      public Solution solve(Model model, SolveOptions options) {
        assertEquals(0, model.numIndicators(), "the backend sees the big-M row");
        assertTrue(io.milpnet.core.solver.SolutionCheck.accepts(model, answer[0]), "the row holds");
        return new Solution(SolveStatus.OPTIMAL, 0, 0, answer[0].clone(), 0.1, -1, "");
      }
    };
    Solution s = new BridgingSolver(fixed).solve(m, SolveOptions.defaults());
    assertEquals(SolveStatus.ERROR, s.status(), s.toString());
    assertTrue(s.message().startsWith("test (bridged) reported OPTIMAL with a point that violates the model"),
        s.message());
    answer[0] = new double[] {2 + 1e-6, 1 - 0.9e-6};
    assertEquals(SolveStatus.OPTIMAL, new BridgingSolver(fixed).solve(m, SolveOptions.defaults()).status());
  }
}
