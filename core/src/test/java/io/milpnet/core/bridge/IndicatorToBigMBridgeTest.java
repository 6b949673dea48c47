package io.milpnet.core.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.core.model.FeasibilityCheck;
import io.milpnet.core.model.LinearConstraint;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;
import org.junit.jupiter.api.Test;

class IndicatorToBigMBridgeTest {
  @Test
  void bigMComesFromTheBounds() {
    // z = 1 => x + y <= 2 with x in [0, 5], y in [0, 3]: max(x + y) = 8, so M = 6: x + y + 6 z <= 8.
    Model m = new Model("m");
    Var x = m.addContinuous(0, 5, "x");
    Var y = m.addContinuous(0, 3, "y");
    Var z = m.addBinary("z");
    m.addIndicator("ind", z, true, LinearExpr.builder().add(x).add(y).build(), Double.NEGATIVE_INFINITY, 2);
    Model bridged = new IndicatorToBigMBridge().apply(m);
    assertEquals(0, bridged.numIndicators());
    assertEquals(1, bridged.numConstraints());
    LinearConstraint row = bridged.constraint(0);
    assertEquals(LinearExpr.builder().add(x).add(y).add(6, z).build(), row.expr());
    assertEquals(8, row.ub());
  }

  @Test
  void bothSidesAndTheInactiveValue() {
    // z = 0 => 1 <= x <= 2, x in [-4, 10]: upper M = 8 (x - 8z <= 2), lower M = 5 (x + 5z >= 1).
    Model m = new Model("m");
    Var x = m.addContinuous(-4, 10, "x");
    Var z = m.addBinary("z");
    m.addIndicator("ind", z, false, LinearExpr.of(x), 1, 2);
    Model b = new IndicatorToBigMBridge().apply(m);
    assertEquals(2, b.numConstraints());
    FeasibilityCheck check = new FeasibilityCheck(1e-9);
    for (double xv = -4; xv <= 10; xv += 0.5) {
      for (int zv = 0; zv <= 1; zv++) {
        boolean original = zv == 1 || (xv >= 1 && xv <= 2);
        assertEquals(original, check.isFeasible(b, new double[] {xv, zv}), "x=" + xv + " z=" + zv);
      }
    }
  }

  @Test
  void sidesImpliedByTheBoundsAreDropped() {
    Model m = new Model("m");
    Var x = m.addContinuous(0, 1, "x");
    Var z = m.addBinary("z");
    m.addIndicator("ind", z, true, LinearExpr.of(x), Double.NEGATIVE_INFINITY, 5);
    assertEquals(0, new IndicatorToBigMBridge().apply(m).numConstraints());
  }

  @Test
  void infiniteBoundIsANamedErrorNotAMadeUpConstant() {
    Model m = new Model("m");
    Var x = m.addContinuous(0, Double.POSITIVE_INFINITY, "activation");
    Var z = m.addBinary("z");
    m.addIndicator("relu_off", z, false, LinearExpr.of(x), Double.NEGATIVE_INFINITY, 0);
    UnboundedBigMException e = assertThrows(UnboundedBigMException.class, () -> new IndicatorToBigMBridge().apply(m));
    assertTrue(e.getMessage().contains("relu_off"), e.getMessage());
    assertTrue(e.getMessage().contains("'activation'"), e.getMessage());
    assertFalse(e.getMessage().contains("1e6"));
  }
}
