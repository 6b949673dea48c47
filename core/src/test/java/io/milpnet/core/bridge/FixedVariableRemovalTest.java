package io.milpnet.core.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.milpnet.core.model.FeasibilityCheck;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Sense;
import io.milpnet.core.model.Var;
import io.milpnet.core.solver.Availability;
import io.milpnet.core.solver.Capabilities;
import io.milpnet.core.solver.Capabilities.Feature;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.core.solver.SolverBackend;
import org.junit.jupiter.api.Test;

/**
 * Fixed variables leave the model before the backend sees it, and come back in its solution: checked against a
 * brute-force backend (every integer point of a small box) on the model with and without them.
 */
class FixedVariableRemovalTest {
  /** Minimises over every integer point of the variables' boxes (all variables integral, small boxes). */
  private static final class BruteForce implements SolverBackend {
    Model seen;

    @Override
    public String name() {
      return "brute-force";
    }

    @Override
    public String version() {
      return "0";
    }

    @Override
    public Capabilities capabilities() {
      return Capabilities.of(Feature.INTEGERS, Feature.INDICATORS, Feature.RANGE_ROWS, Feature.START_VALUES);
    }

    @Override
    public Availability availability() {
      return Availability.yes();
    }

    @Override
    public Solution solve(Model model, SolveOptions options) {
      seen = model;
      int n = model.numVars();
      double[] x = new double[n];
      double[] best = null;
      double bestObjective = Double.POSITIVE_INFINITY;
      for (int v = 0; v < n; v++) {
        x[v] = model.lowerBound(v);
      }
      while (true) {
        if (new FeasibilityCheck(1e-9).violations(model, x).isEmpty()) {
          double o = model.objective().evaluate(x);
          if (o < bestObjective) {
            bestObjective = o;
            best = x.clone();
          }
        }
        int v = 0;
        while (v < n && x[v] >= model.upperBound(v)) {
          x[v] = model.lowerBound(v);
          v++;
        }
        if (v == n) {
          break;
        }
        x[v]++;
      }
      return best == null ? Solution.withoutValues(SolveStatus.INFEASIBLE, 0, "")
          : new Solution(SolveStatus.OPTIMAL, bestObjective, bestObjective, best, 0, 0, "");
    }
  }

  /**
   * min x + 2y - z + 3 over x, y in 0..3, z binary, w fixed at 2: x + y + w >= 4, x - y <= 1, z = 1 => y <= 1,
   * w + x <= 5 (settled once x is fixed too).
   */
  private static Model model(double wValue, double xFixed) {
    Model m = new Model("m");
    Var x = m.addInteger(0, 3, "x");
    Var y = m.addInteger(0, 3, "y");
    Var z = m.addBinary("z");
    Var w = m.addInteger(0, 3, "w");
    m.setBounds(w.index(), wValue, wValue);
    if (!Double.isNaN(xFixed)) {
      m.setBounds(x.index(), xFixed, xFixed);
    }
    m.addGreaterOrEqual("cover", LinearExpr.builder().add(x).add(y).add(w).build(), 4);
    m.addLessOrEqual("step", LinearExpr.builder().add(x).add(-1, y).build(), 1);
    m.addIndicator("gate", z, true, LinearExpr.of(y), Double.NEGATIVE_INFINITY, 1);
    m.addLessOrEqual("settled", LinearExpr.builder().add(w).add(x).build(), 5);
    m.setObjective(Sense.MINIMIZE, LinearExpr.builder().add(x).add(2, y).add(-1, z).addConstant(3).build());
    return m;
  }

  @Test
  void theReducedModelHasTheSameOptimumAndPoint() {
    for (double xFixed : new double[] {Double.NaN, 1, 2, 3}) {
      Model m = model(2, xFixed);
      Solution direct = new BruteForce().solve(m, SolveOptions.defaults());
      BruteForce inner = new BruteForce();
      Solution reduced = new FixedVariableRemoval(inner).solve(m, SolveOptions.defaults());
      assertEquals(direct.status(), reduced.status(), "x fixed at " + xFixed);
      if (direct.hasSolution()) {
        assertEquals(direct.objective(), reduced.objective(), 1e-12);
        assertEquals(m.numVars(), reduced.values().length);
        assertEquals(direct.objective(), m.objective().evaluate(reduced.values()), 1e-12);
        assertEquals(0, new FeasibilityCheck(1e-9).violations(m, reduced.values()).size());
      }
      int fixedVars = Double.isNaN(xFixed) ? 1 : 2;
      assertEquals(4 - fixedVars, inner.seen.numVars(), "the backend saw no fixed variable");
      // The settled row (w + x <= 5 with both fixed) is gone.
      assertEquals(Double.isNaN(xFixed) ? 3 : 2, inner.seen.numConstraints());
    }
  }

  @Test
  void startValuesAndSolutionsMapBetweenTheModels() {
    FixedVariableRemoval.Reduced r = FixedVariableRemoval.reduce(model(2, 1));
    assertNotNull(r);
    assertArrayEquals(new int[] {1, 2}, r.free());
    assertArrayEquals(new double[] {3, 0}, r.restrict(new double[] {1, 3, 0, 2}));
    assertArrayEquals(new double[] {1, 3, 0, 2}, r.expand(new double[] {3, 0}));
    // The objective's constant carries the fixed terms: x = 1 adds 1 to 3.
    assertEquals(4.0, r.model().objective().constant(), 1e-12);
  }

  @Test
  void aViolatedSettledRowOrTooFewFixedVariablesLeaveTheModelAsItIs() {
    // w = 3 and x = 3 break w + x <= 5: the backend gets the whole model and says infeasible itself.
    assertNull(FixedVariableRemoval.reduce(model(3, 3)));
    BruteForce inner = new BruteForce();
    Solution s = new FixedVariableRemoval(inner).solve(model(3, 3), SolveOptions.defaults());
    assertEquals(SolveStatus.INFEASIBLE, s.status());
    assertEquals(4, inner.seen.numVars());
    Model none = new Model("none");
    none.addContinuous(0, 1, "a");
    assertNull(FixedVariableRemoval.reduce(none));
  }

  @Test
  void anIndicatorWithAFixedBinaryBecomesARowOrGoes() {
    Model on = model(2, Double.NaN);
    on.setBounds(2, 1, 1);
    FixedVariableRemoval.Reduced r = FixedVariableRemoval.reduce(on);
    assertEquals(0, r.model().numIndicators());
    assertEquals(4, r.model().numConstraints(), "the gate is the row y <= 1");
    Model off = model(2, Double.NaN);
    off.setBounds(2, 0, 0);
    assertEquals(3, FixedVariableRemoval.reduce(off).model().numConstraints(), "the gate is gone");
    assertEquals(0, FixedVariableRemoval.reduce(off).model().numIndicators());
  }
}
