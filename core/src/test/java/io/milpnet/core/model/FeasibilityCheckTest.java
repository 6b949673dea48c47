package io.milpnet.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The relative check of {@link FeasibilityCheck#forSolutions()} (tolerance 1e-6) on hand-computed points: each case
 * puts a violation 10% inside and 10% outside its allowance {@code 1e-6 * max(1, |bound|, sum |a_i x_i|)}.
 */
class FeasibilityCheckTest {
  private final FeasibilityCheck check = FeasibilityCheck.forSolutions();

  @Test
  void theSharedCheckIsRelativeWithTheSolutionTolerance() {
    assertTrue(check.isRelative());
    assertEquals(1e-6, check.tolerance());
    assertEquals(FeasibilityCheck.SOLUTION_TOLERANCE, check.tolerance());
    assertSame(check, FeasibilityCheck.forSolutions());
    assertFalse(new FeasibilityCheck(1e-6).isRelative(), "the constructor stays absolute");
  }

  /** x + y <= 1 at x = 0.5, y = 0.5 + d: activity 1 + d, scale max(1, 1, 1 + d), so the allowance is 1e-6 (1 + d). */
  @Test
  void smallRowAllowsTheToleranceItself() {
    Model m = new Model("small");
    Var x = m.addContinuous(0, 10, "x");
    Var y = m.addContinuous(0, 10, "y");
    m.addLessOrEqual("r", LinearExpr.builder().add(x).add(y).build(), 1);
    assertTrue(check.isFeasible(m, new double[] {0.5, 0.5 + 0.9e-6}), "violation 0.9e-6 <= 1.0000009e-6");
    List<String> v = check.violations(m, new double[] {0.5, 0.5 + 1.1e-6});
    assertEquals(1, v.size(), v.toString()); // 1.1e-6 > 1.0000011e-6
    assertTrue(v.get(0).startsWith("r: activity"), v.toString());
  }

  /**
   * 1000x + 2000y <= 3000 at x = 1, y = 1 + d: activity 3000 + 2000d, scale max(1, 3000, 3000 + 2000d) = 3000 +
   * 2000d, allowance about 3e-3. d = 1.45e-6 violates by 2.9e-3 (inside), d = 1.55e-6 by 3.1e-3 (outside).
   */
  @Test
  void largeRightHandSideScalesTheAllowance() {
    Model m = new Model("large-rhs");
    Var x = m.addContinuous(0, 10, "x");
    Var y = m.addContinuous(0, 10, "y");
    m.addLessOrEqual("r", LinearExpr.builder().add(1000, x).add(2000, y).build(), 3000);
    double[] inside = {1, 1 + 1.45e-6};
    assertTrue(check.isFeasible(m, inside));
    assertFalse(check.isFeasible(m, new double[] {1, 1 + 1.55e-6}));
    assertFalse(new FeasibilityCheck(1e-6).isFeasible(m, inside), "an absolute 1e-6 rejects the same point");
  }

  /**
   * 1000x - 1000y <= 0 at y = 5, x = 5 + d: the bound is 0, but the terms are 5000 each, so the allowance is 1e-6 *
   * (10000 + 1000d), about 1e-2. d = 9e-6 violates by 9e-3 (inside), d = 1.1e-5 by 1.1e-2 (outside).
   */
  @Test
  void largeTermsScaleTheAllowanceWhenTheBoundIsZero() {
    Model m = new Model("large-terms");
    Var x = m.addContinuous(0, 10, "x");
    Var y = m.addContinuous(0, 10, "y");
    m.addLessOrEqual("r", LinearExpr.builder().add(1000, x).add(-1000, y).build(), 0);
    assertTrue(check.isFeasible(m, new double[] {5 + 9e-6, 5}));
    assertFalse(check.isFeasible(m, new double[] {5 + 1.1e-5, 5}));
  }

  /** 2x - y >= 4 at y = 0: activity 2x, scale max(1, 4, 2x); x = 2 - d violates by 2d against 4e-6. */
  @Test
  void lowerSideOfARow() {
    Model m = new Model("geq");
    Var x = m.addContinuous(0, 10, "x");
    Var y = m.addContinuous(0, 10, "y");
    m.addGreaterOrEqual("r", LinearExpr.builder().add(2, x).add(-1, y).build(), 4);
    assertTrue(check.isFeasible(m, new double[] {2 - 1.8e-6, 0}), "3.6e-6 <= 4e-6");
    assertFalse(check.isFeasible(m, new double[] {2 - 2.2e-6, 0}), "4.4e-6 > 4e-6");
  }

  /** Bounds: x <= 1e6 allows 1, x >= 0.5 allows 1e-6 (max(1, 0.5)). */
  @Test
  void variableBoundsAreRelativeToTheBound() {
    Model m = new Model("bounds");
    m.addContinuous(0.5, 1e6, "x");
    assertTrue(check.isFeasible(m, new double[] {1e6 + 0.9}));
    assertFalse(check.isFeasible(m, new double[] {1e6 + 1.1}));
    assertTrue(check.isFeasible(m, new double[] {0.5 - 0.9e-6}));
    assertFalse(check.isFeasible(m, new double[] {0.5 - 1.1e-6}));
  }

  /** Integrality is absolute: 1e-6 off an integer at any magnitude. */
  @Test
  void integralityViolation() {
    Model m = new Model("int");
    m.addInteger(0, 10, "n");
    m.addInteger(0, 1e7, "big");
    assertTrue(check.isFeasible(m, new double[] {3 + 0.9e-6, 1e6}));
    List<String> v = check.violations(m, new double[] {3 + 1.1e-6, 1e6});
    assertEquals(List.of("n = " + (3 + 1.1e-6) + " is not integral"), v);
    v = check.violations(m, new double[] {3, 1e6 + 0.5});
    assertEquals(1, v.size(), v.toString());
    assertTrue(v.get(0).contains("big") && v.get(0).endsWith("is not integral"), v.toString());
    assertFalse(check.isFeasible(m, new double[] {3, 1e6 + 1.5e-6}), "no relative allowance at 1e6");
  }

  /** z = 1 => x <= 2: checked (relatively) only when z is at its active value. */
  @Test
  void indicatorRowsWhenActive() {
    Model m = new Model("ind");
    Var x = m.addContinuous(0, 10, "x");
    Var z = m.addBinary("z");
    m.addIndicator("on", z, true, LinearExpr.of(x), Double.NEGATIVE_INFINITY, 2);
    assertTrue(check.isFeasible(m, new double[] {2 + 1.8e-6, 1}), "allowance 1e-6 * max(1, 2, 2) = 2e-6");
    List<String> v = check.violations(m, new double[] {2 + 2.2e-6, 1});
    assertEquals(1, v.size(), v.toString());
    assertTrue(v.get(0).startsWith("indicator on:"), v.toString());
    assertTrue(check.isFeasible(m, new double[] {7, 0}), "off");
  }

  @Test
  void nonFiniteValuesAndWrongLengthsAreViolations() {
    Model m = new Model("nan");
    Var x = m.addContinuous(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, "x");
    m.addLessOrEqual("r", LinearExpr.of(x), 1);
    assertFalse(check.isFeasible(m, new double[] {Double.NaN}));
    assertFalse(check.isFeasible(m, new double[] {Double.NEGATIVE_INFINITY}), "a point has finite coordinates");
    assertFalse(new FeasibilityCheck(1e-6).isFeasible(m, new double[] {Double.NEGATIVE_INFINITY}));
    assertFalse(check.isFeasible(m, new double[] {0, 0}));
    assertFalse(check.isFeasible(m, null));
    assertTrue(check.isFeasible(m, new double[] {-1e300}), "free below, the row holds");
  }

  @Test
  void maxReportedLimitsTheList() {
    Model m = new Model("many");
    for (int i = 0; i < 10; i++) {
      m.addInteger(0, 1, "n" + i);
    }
    double[] half = new double[10];
    java.util.Arrays.fill(half, 0.5);
    assertEquals(10, check.violations(m, half).size());
    assertEquals(3, check.withMaxReported(3).violations(m, half).size());
    assertThrows(IllegalArgumentException.class, () -> FeasibilityCheck.relative(-1));
    assertThrows(IllegalArgumentException.class, () -> FeasibilityCheck.relative(Double.NaN));
  }
}
