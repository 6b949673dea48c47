package io.milpnet.formulation.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.formulation.layer.dense.DenseLayer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Soundness against sampled forward passes, and tightness against interval arithmetic, on ACAS Xu 1_1. */
class SymbolicBoundsTest {
  /** Property 3's input box, and a box ten times wider in every direction (clipped to nothing: any box is valid). */
  static final double[] LO = {-0.303531156, -0.009549297, 0.493380324, 0.3, 0.3};
  static final double[] HI = {-0.298552812, 0.009549297, 0.5, 0.5, 0.5};

  @Test
  void everySampledPointLiesWithinTheBounds() {
    FixedNetwork net = NnetReaderTest.acas("1_1").toFixedNetwork();
    for (double widen : new double[] {1, 10}) {
      double[] lo = new double[5];
      double[] hi = new double[5];
      for (int i = 0; i < 5; i++) {
        double mid = 0.5 * (LO[i] + HI[i]);
        lo[i] = mid - widen * (mid - LO[i]);
        hi[i] = mid + widen * (HI[i] - mid);
      }
      SymbolicBounds b = SymbolicBounds.over(net, lo, hi);
      Random rnd = new Random(7);
      double[] cy = {1, -1, 0, 0.5, 0};
      double[] cx = {0.3, 0, 0, 0, -2};
      double lower = b.lowerBound(cx, cy);
      for (int s = 0; s < 3000; s++) {
        double[] x = new double[5];
        for (int i = 0; i < 5; i++) {
          // Corners and faces too: they are where bounds are attained.
          double u = s % 3 == 0 ? (rnd.nextBoolean() ? 0 : 1) : rnd.nextDouble();
          x[i] = lo[i] + u * (hi[i] - lo[i]);
        }
        double[] h = x;
        for (int l = 0; l < net.layers().size(); l++) {
          DenseLayer layer = (DenseLayer) net.layers().get(l);
          double[] next = new double[layer.units()];
          for (int j = 0; j < next.length; j++) {
            double z = layer.bias()[j];
            for (int k = 0; k < h.length; k++) {
              z += layer.weights()[j][k] * h[k];
            }
            var range = b.preActivation(l, j);
            assertTrue(z >= range.lo() && z <= range.hi(), "layer " + l + " unit " + j + ": " + z + " outside "
                + range);
            next[j] = layer.activation().apply(z);
          }
          h = next;
        }
        double value = 0;
        for (int i = 0; i < 5; i++) {
          value += cx[i] * x[i] + cy[i] * h[i];
        }
        assertTrue(lower <= value, "lower bound " + lower + " above the value " + value + " at a sampled point");
      }
    }
  }

  @Test
  void tighterThanIntervalArithmeticInDeepLayers() {
    FixedNetwork net = NnetReaderTest.acas("1_1").toFixedNetwork();
    SymbolicBounds b = SymbolicBounds.over(net, LO, HI);
    // Interval arithmetic alone, layer by layer.
    double[] lo = LO.clone();
    double[] hi = HI.clone();
    double intervalWidth = 0;
    for (int l = 0; l < net.layers().size(); l++) {
      DenseLayer layer = (DenseLayer) net.layers().get(l);
      double[] nlo = new double[layer.units()];
      double[] nhi = new double[layer.units()];
      for (int j = 0; j < nlo.length; j++) {
        double a = layer.bias()[j];
        double c = layer.bias()[j];
        for (int k = 0; k < lo.length; k++) {
          double w = layer.weights()[j][k];
          a += Math.min(w * lo[k], w * hi[k]);
          c += Math.max(w * lo[k], w * hi[k]);
        }
        if (l == net.layers().size() - 1) {
          intervalWidth += c - a;
        }
        nlo[j] = layer.activation().apply(a);
        nhi[j] = layer.activation().apply(c);
      }
      lo = nlo;
      hi = nhi;
    }
    double symbolicWidth = 0;
    for (int j = 0; j < 5; j++) {
      var r = b.preActivation(net.layers().size() - 1, j);
      symbolicWidth += r.hi() - r.lo();
    }
    assertTrue(symbolicWidth < 0.5 * intervalWidth, "symbolic output widths " + symbolicWidth + " vs interval "
        + intervalWidth);
  }
}
