package io.milpnet.backend.ortools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A bound at the solver's infinity is no bound (a gap computed from it would be 4e21 %). */
class OrToolsBoundTest {
  @Test
  void theSolversInfinityIsNoBound() {
    assertTrue(Double.isNaN(OrToolsBackend.reportedBound(-1e20)));
    assertTrue(Double.isNaN(OrToolsBackend.reportedBound(1e20)));
    assertTrue(Double.isNaN(OrToolsBackend.reportedBound(Double.NEGATIVE_INFINITY)));
    assertTrue(Double.isNaN(OrToolsBackend.reportedBound(Double.NaN)));
    assertEquals(-3.5, OrToolsBackend.reportedBound(-3.5));
    assertEquals(0.0, OrToolsBackend.reportedBound(0.0));
    assertEquals(9.99e19, OrToolsBackend.reportedBound(9.99e19));
  }
}
