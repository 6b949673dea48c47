package io.milpnet.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelTest {
  @Test
  void constantsMoveIntoRowBounds() {
    Model m = new Model("m");
    Var x = m.addContinuous(0, 10, "x");
    int r = m.addConstraint("c", LinearExpr.builder().add(2, x).addConstant(3).build(), 5, 9);
    assertEquals(2, m.rowLowerBound(r));
    assertEquals(6, m.rowUpperBound(r));
    assertEquals(LinearExpr.term(2, x), m.rowExpr(r));
  }

  @Test
  void manyRowsAndVariablesGrowTheArrays() {
    Model m = new Model("big");
    for (int i = 0; i < 5000; i++) {
      Var v = m.addBinary("b" + i);
      m.addLessOrEqual("r" + i, LinearExpr.builder().add(i + 1, v).add(1, 0).build(), i + 2);
    }
    assertEquals(5000, m.numVars());
    assertEquals(5000, m.numConstraints());
    assertEquals(9999, m.numNonzeros()); // row 0 has x0 twice, merged
    assertEquals(4999, m.rowCoef(4999, 1) - 1, 0.0);
    assertEquals("b123", m.varName(123));
    assertEquals(5000, m.countVars(VarType.BINARY));
  }

  @Test
  void copyIsDeepAndIndicatorsCanBeDropped() {
    Model m = new Model("m");
    Var x = m.addContinuous(0, 4, "x");
    Var z = m.addBinary("z");
    m.addLessOrEqual("c", LinearExpr.of(x), 3);
    m.addIndicator("i", z, true, LinearExpr.of(x), 1, 2);
    Model copy = m.copy("c");
    copy.setBounds(x.index(), 1, 1);
    copy.addLessOrEqual("extra", LinearExpr.of(z), 1);
    assertEquals(0, m.lowerBound(x.index()));
    assertEquals(1, m.numConstraints());
    assertEquals(2, copy.numConstraints());
    assertEquals(1, copy.numIndicators());
    assertEquals(0, m.copyWithoutIndicators("n").numIndicators());
    IndicatorConstraint ind = m.indicator(0);
    assertEquals(z.index(), ind.binary());
    assertTrue(ind.activeValue());
    assertEquals(1, ind.lb());
    assertEquals(2, ind.ub());
  }

  @Test
  void binariesAreClippedAndIndicatorsNeedBinaries() {
    Model m = new Model("m");
    Var b = m.addVar(-3, 7, VarType.BINARY, "b", null);
    assertEquals(0, m.lowerBound(b.index()));
    assertEquals(1, m.upperBound(b.index()));
    Var x = m.addContinuous(0, 1, "x");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.addIndicator("i", x, true, LinearExpr.of(x), 0, 1));
    assertTrue(e.getMessage().contains("not binary"));
  }

  @Test
  void rejectsBadInput() {
    Model m = new Model("m");
    assertThrows(IllegalArgumentException.class, () -> m.addContinuous(2, 1, "x"));
    assertThrows(IllegalArgumentException.class, () -> m.addContinuous(Double.NaN, 1, "x"));
    Var x = m.addContinuous(0, 1, "x");
    assertThrows(IllegalArgumentException.class, () -> m.addConstraint("c", LinearExpr.of(x), 2, 1));
    assertThrows(IllegalArgumentException.class,
        () -> m.addConstraint("c", LinearExpr.of(new Var(5)), 0, 1), "unknown variable");
  }

  @Test
  void feasibilityCheckFindsEachKindOfViolation() {
    Model m = new Model("m");
    Var x = m.addContinuous(0, 4, "x");
    Var n = m.addInteger(0, 3, "n");
    Var z = m.addBinary("z");
    m.addLessOrEqual("sum", LinearExpr.builder().add(x).add(n).build(), 5);
    m.addIndicator("ind", z, true, LinearExpr.of(x), Double.NEGATIVE_INFINITY, 1);
    FeasibilityCheck check = new FeasibilityCheck(1e-9);
    assertTrue(check.isFeasible(m, new double[] {1, 3, 1}));
    assertTrue(check.isFeasible(m, new double[] {2, 3, 0}), "indicator off");
    List<String> v = check.violations(m, new double[] {3, 2.5, 1});
    assertEquals(3, v.size(), v.toString()); // n not integral, row 5.5 > 5, indicator x <= 1 broken (bounds hold)
    assertFalse(check.isFeasible(m, new double[] {5, 0, 0}), "bound");
  }
}
