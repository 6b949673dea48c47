package io.milpnet.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.milpnet.core.model.Model;

/** Exact comparison of two models: every bound, type, name, row and the objective, with no tolerance. */
final class ModelAssert {
  private ModelAssert() {}

  static void assertSameModel(Model expected, Model actual) {
    assertSameModel(expected, actual, true);
  }

  static void assertSameModel(Model expected, Model actual, boolean compareNames) {
    assertEquals(expected.numVars(), actual.numVars(), "number of variables");
    for (int v = 0; v < expected.numVars(); v++) {
      String what = "variable " + v + " (" + expected.varName(v) + ")";
      if (compareNames) {
        assertEquals(expected.varName(v), actual.varName(v), what + " name");
      }
      assertEquals(expected.varType(v), actual.varType(v), what + " type");
      // assertEquals(double, double) compares bit patterns: exact, and infinities compare equal to themselves.
      assertEquals(expected.lowerBound(v), actual.lowerBound(v), what + " lower bound");
      assertEquals(expected.upperBound(v), actual.upperBound(v), what + " upper bound");
    }
    assertEquals(expected.numConstraints(), actual.numConstraints(), "number of rows");
    for (int r = 0; r < expected.numConstraints(); r++) {
      String what = "row " + r + " (" + expected.constraintName(r) + ")";
      if (compareNames) {
        assertEquals(expected.constraintName(r), actual.constraintName(r), what + " name");
      }
      assertEquals(expected.rowExpr(r), actual.rowExpr(r), what + " terms");
      assertEquals(expected.rowLowerBound(r), actual.rowLowerBound(r), what + " lower bound");
      assertEquals(expected.rowUpperBound(r), actual.rowUpperBound(r), what + " upper bound");
    }
    assertEquals(expected.numIndicators(), actual.numIndicators(), "number of indicators");
    assertEquals(expected.sense(), actual.sense(), "objective sense");
    assertEquals(expected.objective(), actual.objective(), "objective terms");
    assertEquals(expected.objective().constant(), actual.objective().constant(), "objective constant");
  }
}
