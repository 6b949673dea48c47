package io.milpnet.formulation.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Optimised lower slopes ({@link SymbolicBounds#optimisedLowerLine}): never looser than the plain back-substitution,
 * never above the function anywhere in the box (brute-force sampling of small random networks, corners included),
 * and strictly tighter on some of them, or the optimisation would be doing nothing.
 */
class OptimisedSlopesTest {
  @Test
  void soundAndNeverLooserThanThePlainBound() {
    int tighter = 0;
    int cases = 0;
    for (long seed = 0; seed < 40; seed++) {
      FixedNetwork net = BoundMethodTest.randomNetwork(seed);
      Random r = new Random(1000 + seed);
      double[] lo = new double[4];
      double[] hi = new double[4];
      for (int i = 0; i < 4; i++) {
        double c = r.nextDouble() * 2 - 1;
        double w = 0.1 + r.nextDouble();
        lo[i] = c - w;
        hi[i] = c + w;
      }
      SymbolicBounds b = SymbolicBounds.over(net, lo, hi);
      double[] cx = {r.nextGaussian() * 0.1, 0, 0, 0};
      double[] cy = {r.nextGaussian(), r.nextGaussian()};
      double plain = b.lowerBound(cx, cy);
      double[] line = b.optimisedLowerLine(cx, cy, Verifier.SLOPE_STEPS);
      double optimised = b.minimum(line);
      cases++;
      assertTrue(optimised >= plain, "seed " + seed + ": optimised " + optimised + " below plain " + plain);
      if (optimised > plain + 1e-9 * (1 + Math.abs(plain))) {
        tighter++;
      }
      for (int s = 0; s < 4000; s++) {
        double[] x = new double[4];
        for (int i = 0; i < 4; i++) {
          double u = s % 3 == 0 ? (r.nextBoolean() ? 0 : 1) : r.nextDouble();
          x[i] = lo[i] + u * (hi[i] - lo[i]);
        }
        double[] y = net.evaluate(x);
        double value = cx[0] * x[0] + cy[0] * y[0] + cy[1] * y[1];
        double atLine = line[4];
        for (int i = 0; i < 4; i++) {
          atLine += line[i] * x[i];
        }
        assertTrue(atLine <= value + 1e-12, "seed " + seed + ": the optimised line " + atLine
            + " lies above the function " + value + " at a sampled point");
        assertTrue(optimised <= value + 1e-12, "seed " + seed + ": the optimised bound " + optimised
            + " lies above the function " + value);
      }
    }
    assertTrue(tighter >= cases / 4, "optimised slopes tightened only " + tighter + " of " + cases + " bounds");
  }

  @Test
  void aTighterBoundOnAcasXu() {
    FixedNetwork net = NnetReaderTest.acas("1_1").toFixedNetwork();
    double[] lo = new double[5];
    double[] hi = new double[5];
    for (int i = 0; i < 5; i++) {
      double mid = 0.5 * (SymbolicBoundsTest.LO[i] + SymbolicBoundsTest.HI[i]);
      lo[i] = mid - 10 * (mid - SymbolicBoundsTest.LO[i]);
      hi[i] = mid + 10 * (SymbolicBoundsTest.HI[i] - mid);
    }
    SymbolicBounds b = SymbolicBounds.over(net, lo, hi);
    double[] cx = new double[5];
    double[] cy = {1, -1, 0, 0, 0};
    double plain = b.lowerBound(cx, cy);
    double optimised = b.minimum(b.optimisedLowerLine(cx, cy, Verifier.SLOPE_STEPS));
    assertTrue(optimised > plain, "optimised " + optimised + " vs plain " + plain);
  }
}
