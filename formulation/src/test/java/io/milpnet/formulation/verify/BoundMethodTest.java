package io.milpnet.formulation.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.backend.ortools.OrToolsBackend;
import io.milpnet.core.bounds.Interval;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.encode.ReluBigMFormulation;
import io.milpnet.formulation.layer.dense.DenseLayer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every bound method's pre-activation intervals contain the true range (sampled by forward passes, corners
 * included), LP-based bounds are nested inside symbolic and interval ones, and tightening never cuts off the optimum
 * of a whole-box MILP.
 */
class BoundMethodTest {
  private static final List<BoundMethod> METHODS = List.of(BoundMethod.INTERVAL, BoundMethod.SYMBOLIC,
      BoundMethod.LP);

  /** A random ReLU network 4 -> 8 -> 8 -> 2 (linear outputs), weights in [-1, 1]. */
  static FixedNetwork randomNetwork(long seed) {
    Random r = new Random(seed);
    int[] sizes = {4, 8, 8, 2};
    List<DenseLayer> layers = new ArrayList<>();
    for (int l = 1; l < sizes.length; l++) {
      double[][] w = new double[sizes[l]][sizes[l - 1]];
      double[] b = new double[sizes[l]];
      for (int j = 0; j < w.length; j++) {
        for (int k = 0; k < w[j].length; k++) {
          w[j][k] = r.nextDouble() * 2 - 1;
        }
        b[j] = r.nextDouble() - 0.5;
      }
      layers.add(new DenseLayer(w, b, l == sizes.length - 1 ? Activation.LINEAR : Activation.RELU, ""));
    }
    return new FixedNetwork(layers);
  }

  static Verifier verifier(BoundMethod method) {
    return new Verifier(OrToolsBackend.scip(), OrToolsBackend.glop(), method, new ReluBigMFormulation(),
        Verifier.DEFAULT_TOLERANCE);
  }

  /** Pre-activations of every layer at x. */
  static double[][] preActivations(FixedNetwork net, double[] x) {
    double[][] out = new double[net.layers().size()][];
    double[] h = x;
    for (int l = 0; l < out.length; l++) {
      DenseLayer layer = (DenseLayer) net.layers().get(l);
      out[l] = layer.preActivations(h);
      double[] next = new double[out[l].length];
      for (int j = 0; j < next.length; j++) {
        next[j] = layer.activation().apply(out[l][j]);
      }
      h = next;
    }
    return out;
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void everyMethodContainsTheSampledRangeAndTheyAreNested(long seed) {
    FixedNetwork net = randomNetwork(seed);
    double[] lo = {-1, -0.5, 0, 0.2};
    double[] hi = {0, 0.5, 1, 0.6};
    List<Interval[][]> bounds = new ArrayList<>();
    for (BoundMethod m : METHODS) {
      bounds.add(verifier(m).preActivationBounds(net, lo, hi));
    }
    Random r = new Random(seed + 100);
    for (int s = 0; s < 3000 + 16; s++) {
      double[] x = new double[4];
      for (int i = 0; i < 4; i++) {
        // The 16 corners first, then uniform points.
        x[i] = s < 16 ? ((s >> i & 1) == 0 ? lo[i] : hi[i]) : lo[i] + r.nextDouble() * (hi[i] - lo[i]);
      }
      double[][] pre = preActivations(net, x);
      for (int m = 0; m < METHODS.size(); m++) {
        for (int l = 0; l < pre.length; l++) {
          for (int j = 0; j < pre[l].length; j++) {
            Interval b = bounds.get(m)[l][j];
            assertTrue(b.lo() - 1e-9 <= pre[l][j] && pre[l][j] <= b.hi() + 1e-9, METHODS.get(m) + " bound " + b
                + " of layer " + l + " unit " + j + " misses " + pre[l][j] + " at " + java.util.Arrays.toString(x));
          }
        }
      }
    }
    for (int l = 0; l < net.layers().size(); l++) {
      for (int j = 0; j < net.layers().get(l).units(); j++) {
        Interval interval = bounds.get(0)[l][j];
        Interval symbolic = bounds.get(1)[l][j];
        Interval lp = bounds.get(2)[l][j];
        assertTrue(symbolic.lo() >= interval.lo() - 1e-12 && symbolic.hi() <= interval.hi() + 1e-12);
        assertTrue(lp.lo() >= symbolic.lo() - 1e-12 && lp.hi() <= symbolic.hi() + 1e-12);
      }
    }
  }

  @Test
  void lpBoundsAreStrictlyTighterSomewhere() {
    int tighter = 0;
    for (long seed = 1; seed <= 5; seed++) {
      FixedNetwork net = randomNetwork(seed);
      double[] lo = {-1, -1, -1, -1};
      double[] hi = {1, 1, 1, 1};
      Interval[][] interval = verifier(BoundMethod.INTERVAL).preActivationBounds(net, lo, hi);
      Interval[][] lp = verifier(BoundMethod.LP).preActivationBounds(net, lo, hi);
      for (int l = 1; l < interval.length; l++) {
        for (int j = 0; j < interval[l].length; j++) {
          boolean unstable = interval[l][j].lo() < 0 && interval[l][j].hi() > 0;
          if (unstable && interval[l][j].hi() - interval[l][j].lo() > 1.01 * (lp[l][j].hi() - lp[l][j].lo())) {
            tighter++;
          }
        }
      }
    }
    assertTrue(tighter > 10, "LP bounds shrink unstable units' intervals by more than 1%: " + tighter);
  }

  /**
   * The whole-box MILP max of Y_0 - Y_1 is the same under every bound method (tightening cuts off no optimum), no
   * sampled point beats it, and the LP relaxation bounds it from above, tighter with LP bounds than with intervals.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void tighteningNeverCutsOffTheOptimum(long seed) {
    FixedNetwork net = randomNetwork(seed);
    String text = "(declare-const X_0 Real)\n(declare-const X_1 Real)\n(declare-const X_2 Real)\n"
        + "(declare-const X_3 Real)\n(declare-const Y_0 Real)\n(declare-const Y_1 Real)\n"
        + "(assert (>= X_0 -1))\n(assert (<= X_0 1))\n(assert (>= X_1 -1))\n(assert (<= X_1 1))\n"
        + "(assert (>= X_2 -1))\n(assert (<= X_2 1))\n(assert (>= X_3 -1))\n(assert (<= X_3 1))\n"
        + "(assert (>= Y_0 Y_1))\n";
    VnnProperty prop = new VnnlibReader().parse(text, "y0-beats-y1");
    double sampled = Double.NEGATIVE_INFINITY;
    Random r = new Random(seed);
    for (int s = 0; s < 5000; s++) {
      double[] x = {r.nextDouble() * 2 - 1, r.nextDouble() * 2 - 1, r.nextDouble() * 2 - 1, r.nextDouble() * 2 - 1};
      double[] y = net.evaluate(x);
      sampled = Math.max(sampled, y[0] - y[1]);
    }
    double[] optimum = new double[METHODS.size()];
    double[] lpBound = new double[METHODS.size()];
    for (int m = 0; m < METHODS.size(); m++) {
      Verifier.BoxMeasurement b = verifier(METHODS.get(m)).measureWholeBox(net, prop, 0,
          SolveOptions.defaults().withTimeLimit(60).withRelativeGap(1e-9), OrToolsBackend.glop());
      assertEquals(SolveStatus.OPTIMAL, b.milp().status(), b.toString());
      optimum[m] = b.milp().objective();
      lpBound[m] = b.lpBound();
      assertTrue(optimum[m] >= sampled - 1e-7, "no sampled point beats the optimum: " + sampled + " > " + optimum[m]);
      assertTrue(lpBound[m] >= optimum[m] - 1e-7, "the relaxation bounds the optimum");
    }
    assertEquals(optimum[0], optimum[1], 1e-6);
    assertEquals(optimum[0], optimum[2], 1e-6);
    assertTrue(lpBound[2] <= lpBound[0] + 1e-7, "LP bounds never loosen the relaxation: " + lpBound[2] + " > "
        + lpBound[0]);
  }
}
