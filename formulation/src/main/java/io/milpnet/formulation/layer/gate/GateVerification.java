package io.milpnet.formulation.layer.gate;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.verify.AffineVerification;
import io.milpnet.formulation.verify.BoxEncoder;
import io.milpnet.formulation.verify.SymbolicBounds;
import io.milpnet.formulation.verify.VerificationLayer;

/**
 * Verification of a gated layer: unit j outputs its value {@code a_j = W_j . x + b_j} when its gate
 * {@code gamma_j = U_j . x + c_j >= 0} is open, else 0. Bounds on a and gamma as for an affine layer (its
 * {@link SymbolicBounds#preActivation} lists the values' bounds, then the gates'); a gate with {@code gamma >= 0}
 * proven is the identity, one with {@code gamma < 0} proven is 0. An undecided unit's output is a or 0, so it lies
 * in {@code [min(0, L), max(0, U)]} for {@code a in [L, U]}: those constants are its relaxation, except that
 * {@code 0 <= h <= a} when {@code L >= 0} and {@code a <= h <= 0} when {@code U <= 0}. MILP: the
 * {@link io.milpnet.formulation.encode.GateFormulation} of training, with gap 0 (a closed gate asks only
 * {@code gamma <= 0}), so that no input is excluded: at {@code gamma = 0} both states are allowed and the
 * forward-pass re-check decides.
 */
public final class GateVerification implements VerificationLayer {
  private final GateLayer layer;

  GateVerification(GateLayer layer) {
    this.layer = layer;
  }

  @Override
  public GateLayer layer() {
    return layer;
  }

  @Override
  public void requireVerifiable(int number) {
    // A gate is always encoded exactly.
  }

  @Override
  public Relaxation relax(double[] inLo, double[] inHi, UpperBound earlier) {
    int units = layer.units();
    double[] aLo = new double[units];
    double[] aHi = new double[units];
    double[] gLo = new double[units];
    double[] gHi = new double[units];
    AffineVerification.bound(layer.weights(), layer.bias(), inLo, inHi, earlier, aLo, aHi);
    AffineVerification.bound(layer.gateWeights(), layer.gateBias(), inLo, inHi, earlier, gLo, gHi);
    double[] preLo = new double[2 * units];
    double[] preHi = new double[2 * units];
    System.arraycopy(aLo, 0, preLo, 0, units);
    System.arraycopy(gLo, 0, preLo, units, units);
    System.arraycopy(aHi, 0, preHi, 0, units);
    System.arraycopy(gHi, 0, preHi, units, units);
    double[] outLo = new double[units];
    double[] outHi = new double[units];
    // Per unit, the line above and the line below: 1 = the value a, 0 = the constant (the bound or 0).
    boolean[] upperIsA = new boolean[units];
    boolean[] lowerIsA = new boolean[units];
    double[] upperConst = new double[units];
    double[] lowerConst = new double[units];
    int undecided = 0;
    for (int j = 0; j < units; j++) {
      if (gLo[j] >= 0) {
        outLo[j] = aLo[j];
        outHi[j] = aHi[j];
        upperIsA[j] = true;
        lowerIsA[j] = true;
      } else if (gHi[j] < 0) {
        // Always closed: 0, both lines 0.
      } else {
        undecided++;
        outLo[j] = Math.min(0.0, aLo[j]);
        outHi[j] = Math.max(0.0, aHi[j]);
        // h in {0, a}: above by a when a >= 0, by 0 when a <= 0, else by U; below symmetrically.
        upperIsA[j] = aLo[j] >= 0;
        upperConst[j] = aLo[j] >= 0 || aHi[j] <= 0 ? 0.0 : aHi[j];
        lowerIsA[j] = aHi[j] <= 0;
        lowerConst[j] = aLo[j] >= 0 || aHi[j] <= 0 ? 0.0 : aLo[j];
      }
    }
    int open = undecided;
    return new Relaxation(preLo, preHi, outLo, outHi, open) {
      @Override
      protected double[] upper(double[] c, Constant constant) {
        double[] d = new double[c.length];
        for (int j = 0; j < c.length; j++) {
          boolean isA = c[j] >= 0 ? upperIsA[j] : lowerIsA[j];
          if (isA) {
            d[j] = c[j];
          } else {
            double t = c[j] * (c[j] >= 0 ? upperConst[j] : lowerConst[j]);
            if (t != 0) {
              constant.add(t);
            }
          }
        }
        return AffineVerification.throughAffine(layer.weights(), layer.bias(), d, constant);
      }
    };
  }

  @Override
  public Signal[] encode(Signal[] in, int l, BoxEncoder box) {
    int units = layer.units();
    LinearExpr[] exprs = new LinearExpr[2 * units];
    boolean[] tighten = new boolean[2 * units];
    for (int j = 0; j < units; j++) {
      exprs[j] = affine(layer.weights()[j], layer.bias()[j], in);
      exprs[units + j] = affine(layer.gateWeights()[j], layer.gateBias()[j], in);
      tighten[units + j] = true; // the gate's state is what the binary decides
    }
    Interval[] ranges = box.ranges(l, exprs, tighten);
    Signal[] out = new Signal[units];
    for (int j = 0; j < units; j++) {
      out[j] = box.gate(new Signal(exprs[j], ranges[j]), new Signal(exprs[units + j], ranges[units + j]),
          "_gate[l" + (l + 1) + ",u" + j + "]");
    }
    return out;
  }

  private static LinearExpr affine(double[] w, double b, Signal[] in) {
    LinearExpr.Builder a = LinearExpr.builder(w.length * 2).addConstant(b);
    for (int k = 0; k < w.length; k++) {
      if (w[k] != 0) {
        a.add(w[k], in[k].expr());
      }
    }
    return a.build();
  }
}
