package io.milpnet.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LinearExprTest {
  @Test
  void builderSortsMergesAndDropsZeros() {
    LinearExpr e = LinearExpr.builder().add(2, 5).add(1, 3).add(-2, 5).add(4, 1).add(1.5, 3).addConstant(7).build();
    assertArrayEquals(new int[] {1, 3}, e.varsCopy());
    assertArrayEquals(new double[] {4, 2.5}, e.coefsCopy());
    assertEquals(7, e.constant());
    assertEquals(4 * 10 + 2.5 * 2 + 7, e.evaluate(new double[] {0, 10, 0, 2, 0, 99}));
  }

  @Test
  void equalTermsMakeEqualExpressions() {
    LinearExpr a = LinearExpr.builder().add(1, 2).add(3, 0).build();
    LinearExpr b = LinearExpr.builder().add(3, 0).add(0.5, 2).add(0.5, 2).build();
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
  }

  @Test
  void arithmetic() {
    LinearExpr a = LinearExpr.builder().add(1, 0).addConstant(1).build();
    LinearExpr b = LinearExpr.builder().add(-1, 0).add(2, 1).build();
    assertEquals(LinearExpr.builder().add(2, 1).addConstant(1).build(), a.plus(b));
    assertEquals(LinearExpr.builder().add(-3, 0).addConstant(-3).build(), a.times(-3));
    assertEquals(LinearExpr.zero(), a.times(0).withoutConstant());
  }

  @Test
  void rejectsNonFiniteCoefficients() {
    assertThrows(IllegalArgumentException.class, () -> LinearExpr.builder().add(Double.NaN, 0));
    assertThrows(IllegalArgumentException.class, () -> LinearExpr.builder().addConstant(Double.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> LinearExpr.builder().add(1, -1));
  }
}
