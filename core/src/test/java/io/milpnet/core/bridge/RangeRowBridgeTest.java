package io.milpnet.core.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.milpnet.core.model.FeasibilityCheck;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;
import io.milpnet.core.model.VarType;
import org.junit.jupiter.api.Test;

class RangeRowBridgeTest {
  @Test
  void rangesSplitIntoTwoRowsWithTheSameFeasibleSet() {
    Model m = new Model("m");
    Var x = m.addContinuous(-10, 10, "x");
    Var y = m.addContinuous(-10, 10, "y");
    m.addConstraint("range", LinearExpr.builder().add(x).add(2, y).build(), -1, 3);
    m.addEquality("eq", LinearExpr.of(y), 1);
    m.addLessOrEqual("le", LinearExpr.of(x), 4);
    Model b = new RangeRowBridge().apply(m);
    assertEquals(4, b.numConstraints());
    assertEquals(false, RangeRowBridge.hasRangeRows(b));
    FeasibilityCheck check = new FeasibilityCheck(1e-12);
    for (double xv = -10; xv <= 10; xv += 0.25) {
      for (double yv = -2; yv <= 2; yv += 0.5) {
        double[] p = {xv, yv};
        assertEquals(check.isFeasible(m, p), check.isFeasible(b, p), "x=" + xv + " y=" + yv);
      }
    }
  }

  @Test
  void lpRelaxationDropsIntegralityOnly() {
    Model m = new Model("m");
    Var z = m.addBinary("z");
    Var n = m.addInteger(-2, 5, "n");
    m.addLessOrEqual("c", LinearExpr.builder().add(z).add(n).build(), 3);
    Model lp = new LpRelaxation().apply(m);
    assertEquals(VarType.CONTINUOUS, lp.varType(z.index()));
    assertEquals(VarType.CONTINUOUS, lp.varType(n.index()));
    assertEquals(1.0, lp.upperBound(z.index()));
    assertEquals(-2.0, lp.lowerBound(n.index()));
    assertEquals(VarType.BINARY, m.varType(z.index()), "the original is untouched");
    m.addIndicator("i", z, true, LinearExpr.of(n), 0, 1);
    assertThrows(IllegalArgumentException.class, () -> new LpRelaxation().apply(m));
  }
}
