package io.milpnet.formulation.layer.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.backend.ortools.OrToolsBackend;
import io.milpnet.core.bounds.Interval;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Sense;
import io.milpnet.core.model.Var;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.formulation.encode.LpBoundTightener;
import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.spec.Shape;
import io.milpnet.formulation.train.LayerSignals;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Max pooling of one 2x2 window of variables with different bounds, big-M and tight: at every point of the box (the
 * corners and random points), the MILP's y is exactly the maximum; the tight variant's LP relaxation is never looser
 * and here strictly tighter (hand-checked instance below).
 */
class MaxPoolFormulationTest {
  private static final double[] LO = {-1, 0, -2, 0.5};
  private static final double[] HI = {3, 1, 0.5, 2};

  private record Pool(Model model, Var[] x, LinearExpr y) {}

  private static Pool encode(boolean tight) {
    Model m = new Model("pool");
    Var[] x = new Var[4];
    Signal[][] in = new Signal[1][4];
    for (int k = 0; k < 4; k++) {
      x[k] = m.addContinuous(LO[k], HI[k], "x" + k, "input");
      in[0][k] = new Signal(LinearExpr.of(x[k]), new Interval(LO[k], HI[k]));
    }
    EncodedPoolLayer layer = new EncodedMaxPoolLayer(1, new PoolSpec(PoolSpec.Kind.MAX, 2), new Shape(1, 2, 2), 1);
    layer.encode(m, new LayerSignals(in, null), false, tight);
    return new Pool(m, x, layer.preActivation(0, 0).expr());
  }

  private static double optimise(Pool p, double[] point, Sense sense) {
    for (int k = 0; k < 4; k++) {
      p.model.setBounds(p.x[k].index(), point[k], point[k]);
    }
    p.model.setObjective(sense, p.y);
    Solution s = OrToolsBackend.scip().solve(p.model, SolveOptions.defaults().withRelativeGap(0));
    assertEquals(SolveStatus.OPTIMAL, s.status(), s.toString());
    return s.objective();
  }

  @Test
  void bothVariantsGiveExactlyTheMaximumEverywhere() {
    Random r = new Random(1);
    for (int t = 0; t < 16 + 30; t++) {
      double[] point = new double[4];
      for (int k = 0; k < 4; k++) {
        point[k] = t < 16 ? ((t >> k & 1) == 0 ? LO[k] : HI[k]) : LO[k] + r.nextDouble() * (HI[k] - LO[k]);
      }
      double max = Math.max(Math.max(point[0], point[1]), Math.max(point[2], point[3]));
      for (boolean tight : new boolean[] {false, true}) {
        Pool p = encode(tight);
        assertEquals(max, optimise(p, point, Sense.MAXIMIZE), 1e-7, "tight=" + tight + " max y");
        assertEquals(max, optimise(p, point, Sense.MINIMIZE), 1e-7, "tight=" + tight + " min y");
      }
    }
  }

  /**
   * LP relaxation of {@code max y - x_0} (how far y can float above the first candidate): the tight rows allow less.
   * Big-M: y <= x_0 + (3 - (-1))(1 - d_0); tight: y <= x_0 + (1 + 1) d_1 + (0.5 + 1) d_2 + (2 + 1) d_3 and
   * y <= 3 d_0 + d_1 + 0.5 d_2 + 2 d_3.
   */
  @Test
  void tightRelaxationIsNeverLooserAndHereStrictlyTighter() {
    double[] bigm = new double[2];
    double[] tight = new double[2];
    LinearExpr[] objectives = new LinearExpr[2];
    for (int variant = 0; variant < 2; variant++) {
      for (int o = 0; o < 2; o++) {
        Pool p = encode(variant == 1);
        LinearExpr obj = o == 0 ? p.y.plus(LinearExpr.term(-1.0, p.x[0])) : p.y;
        p.model.setObjective(Sense.MAXIMIZE, obj);
        double v = LpBoundTightener.relaxationOptimum(p.model, OrToolsBackend.glop());
        (variant == 0 ? bigm : tight)[o] = v;
      }
    }
    for (int o = 0; o < 2; o++) {
      assertTrue(tight[o] <= bigm[o] + 1e-9, "objective " + o + ": tight " + tight[o] + " vs big-M " + bigm[o]);
    }
    assertTrue(tight[0] < bigm[0] - 1e-6, "strictly tighter on max y - x_0: " + tight[0] + " vs " + bigm[0]);
    assertEquals(3.0, tight[1], 1e-7, "max y is the largest upper bound either way");
  }
}
