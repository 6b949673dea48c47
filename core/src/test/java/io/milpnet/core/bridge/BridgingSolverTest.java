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
}
