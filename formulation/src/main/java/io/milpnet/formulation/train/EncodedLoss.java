package io.milpnet.formulation.train;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.bounds.IntervalBounds;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;
import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.network.OutputKind;

/**
 * The loss over the output signals. For sample i with class y, the margins are {@code d_ic = o_iy - o_ic} for every
 * other class c (with one score output: {@code d_i = +o_i} for class 1, {@code -o_i} for class 0).
 *
 * <ul>
 *   <li>hinge: {@code xi_i >= margin - d_ic}, {@code xi_i >= 0}; loss {@code sum xi_i}.
 *   <li>0-1: binary {@code e_i}; {@code e_i = 0 => d_ic >= margin}; loss {@code sum e_i}. As big-M:
 *       {@code d_ic + (margin - min d_ic) e_i >= margin}, the constant from the bounds of d_ic.
 * </ul>
 */
final class EncodedLoss {
  final LossKind kind;
  final double margin;
  final OutputKind outputKind;
  final int[] y;
  final int outputs;
  final Var[] perSample; // xi_i or e_i; null entries where the loss is proven 0 (0-1 with d >= margin always)
  LinearExpr objective;

  EncodedLoss(LossKind kind, double margin, OutputKind outputKind, int[] y, int outputs) {
    this.kind = kind;
    this.margin = margin;
    this.outputKind = outputKind;
    this.y = y;
    this.outputs = outputs;
    this.perSample = new Var[y.length];
  }

  /** The margin expressions {@code d_ic} of sample i (one per competing class). */
  LinearExpr[] margins(Signal[] o, int i) {
    if (outputKind == OutputKind.BINARY_SCORE) {
      return new LinearExpr[] {y[i] == 1 ? o[0].expr() : o[0].expr().times(-1.0)};
    }
    LinearExpr[] d = new LinearExpr[outputs - 1];
    int n = 0;
    for (int c = 0; c < outputs; c++) {
      if (c != y[i]) {
        d[n++] = o[y[i]].expr().plus(o[c].expr().times(-1.0));
      }
    }
    return d;
  }

  void encode(Model model, Signal[][] outputSignals, Encoding encoding) {
    LinearExpr.Builder total = LinearExpr.builder(y.length);
    IntervalBounds bounds = IntervalBounds.of(model);
    for (int i = 0; i < y.length; i++) {
      LinearExpr[] d = margins(outputSignals[i], i);
      Interval[] range = new Interval[d.length];
      double worst = Double.POSITIVE_INFINITY;
      for (int c = 0; c < d.length; c++) {
        range[c] = bounds.range(d[c]);
        worst = Math.min(worst, range[c].lo());
      }
      String n = "[s" + i + "]";
      if (kind == LossKind.HINGE) {
        Var xi = model.addContinuous(0.0, Math.max(0.0, margin - worst), "xi" + n, "loss");
        perSample[i] = xi;
        for (int c = 0; c < d.length; c++) {
          model.addGreaterOrEqual("hinge" + n + "[" + c + "]", LinearExpr.builder().add(xi).add(d[c]).build(), margin);
        }
        total.add(xi);
      } else {
        if (worst >= margin) {
          continue; // every margin is proven met: this sample's loss is 0 and needs no binary
        }
        Var e = model.addBinary("err" + n, "loss");
        perSample[i] = e;
        for (int c = 0; c < d.length; c++) {
          if (range[c].lo() >= margin) {
            continue;
          }
          if (encoding == Encoding.INDICATOR) {
            model.addIndicator("zero_one" + n + "[" + c + "]", e, false, d[c], margin, Double.POSITIVE_INFINITY);
          } else {
            double bigM = margin - range[c].lo();
            model.addGreaterOrEqual("zero_one" + n + "[" + c + "]",
                LinearExpr.builder().add(d[c]).add(bigM, e).build(), margin);
          }
        }
        total.add(e);
      }
    }
    objective = total.build();
  }

  /** The smallest margin {@code min_c d_ic} of a sample, from output values. */
  double marginOf(double[] outputValues, int i) {
    if (outputKind == OutputKind.BINARY_SCORE) {
      return y[i] == 1 ? outputValues[0] : -outputValues[0];
    }
    double min = Double.POSITIVE_INFINITY;
    for (int c = 0; c < outputs; c++) {
      if (c != y[i]) {
        min = Math.min(min, outputValues[y[i]] - outputValues[c]);
      }
    }
    return min;
  }

  /** The loss of one sample given its output values (the forward pass's view). */
  double lossOf(double[] outputValues, int i) {
    double d = marginOf(outputValues, i);
    return kind == LossKind.HINGE ? Math.max(0.0, margin - d) : (d >= margin ? 0.0 : 1.0);
  }

  /** What the MILP's solution claims this sample's loss is. */
  double claimedLoss(double[] values, int i) {
    if (perSample[i] == null) {
      return 0.0;
    }
    double v = values[perSample[i].index()];
    return kind == LossKind.ZERO_ONE ? Math.rint(v) : v;
  }

  void assign(double[] values, double[][] outputValues) {
    for (int i = 0; i < y.length; i++) {
      if (perSample[i] != null) {
        values[perSample[i].index()] = lossOf(outputValues[i], i);
      }
    }
  }
}
