package io.milpnet.core.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.milpnet.core.model.LinearExpr;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntervalBoundsTest {
  @Test
  void rangeOfAnExpressionByHand() {
    // 2x - 3y + 1 with x in [-1, 2], y in [0, 4]: min 2(-1) - 3(4) + 1 = -13, max 2(2) - 0 + 1 = 5.
    IntervalBounds b = new IntervalBounds(new double[] {-1, 0}, new double[] {2, 4});
    Interval r = b.range(LinearExpr.builder().add(2, 0).add(-3, 1).addConstant(1).build());
    assertEquals(new Interval(-13, 5), r);
  }

  @Test
  void rangeContainsEverySampledValueAndIsAttained() {
    Random rnd = new Random(1);
    double[] lo = new double[6];
    double[] hi = new double[6];
    for (int v = 0; v < 6; v++) {
      lo[v] = rnd.nextDouble() * 4 - 2;
      hi[v] = lo[v] + rnd.nextDouble() * 3;
    }
    LinearExpr.Builder e = LinearExpr.builder();
    for (int v = 0; v < 6; v++) {
      e.add(rnd.nextGaussian(), v);
    }
    LinearExpr expr = e.addConstant(0.3).build();
    Interval r = new IntervalBounds(lo, hi).range(expr);
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    // Linear over a box: extremes are at corners; enumerate all 64.
    for (int mask = 0; mask < 64; mask++) {
      double[] x = new double[6];
      for (int v = 0; v < 6; v++) {
        x[v] = ((mask >> v) & 1) == 1 ? hi[v] : lo[v];
      }
      min = Math.min(min, expr.evaluate(x));
      max = Math.max(max, expr.evaluate(x));
    }
    assertEquals(min, r.lo(), 1e-12);
    assertEquals(max, r.hi(), 1e-12);
  }

  @Test
  void infiniteBoundsGiveInfiniteEndsAndAreNamed() {
    IntervalBounds b = new IntervalBounds(new double[] {0, Double.NEGATIVE_INFINITY}, new double[] {1, 3});
    LinearExpr e = LinearExpr.builder().add(1, 0).add(-1, 1).build();
    Interval r = b.range(e);
    assertEquals(-3, r.lo());
    assertEquals(Double.POSITIVE_INFINITY, r.hi());
    assertEquals(1, b.unboundedVar(e, true));
    assertEquals(-1, b.unboundedVar(e, false));
  }

  @Test
  void intervalArithmetic() {
    Interval a = new Interval(-2, 3);
    assertEquals(new Interval(-6, 4), a.times(-2));
    assertEquals(new Interval(0, 3), a.relu());
    assertEquals(new Interval(-1, 8), a.plus(new Interval(1, 5)));
    assertEquals(Interval.point(0), new Interval(Double.NEGATIVE_INFINITY, 1).times(0));
    assertEquals(3, a.magnitude());
  }
}
