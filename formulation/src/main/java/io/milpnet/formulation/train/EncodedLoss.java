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
 *   <li>regression L1: {@code e_i >= o_i - t_i}, {@code e_i >= t_i - o_i}; loss {@code sum e_i}.
 *   <li>regression L-infinity: one {@code E >= |o_i - t_i|} for every sample; loss {@code E}.
 * </ul>
 */
final class EncodedLoss {
  final LossKind kind;
  final double margin;
  final OutputKind outputKind;
  final int[] y;
  final int outputs;
  /** Regression targets (scaled), or null. */
  final double[] targets;
  /** L-infinity: the one error variable every sample's error is below. */
  Var worst;
  final Var[] perSample; // xi_i or e_i; null entries where the loss is proven 0 (0-1 with d >= margin always)
  LinearExpr objective;

  EncodedLoss(LossKind kind, double margin, OutputKind outputKind, int[] y, int outputs, double[] targets) {
    if (kind.regression() != (targets != null)) {
      throw new IllegalArgumentException(targets != null
          ? "a regression takes the l1 or linf loss, not " + kind.name().toLowerCase(java.util.Locale.ROOT)
          : "the " + kind.name().toLowerCase(java.util.Locale.ROOT) + " loss is for regression (--task regression)");
    }
    this.targets = targets;
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
    if (targets != null) {
      encodeRegression(model, outputSignals);
      return;
    }
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

  private void encodeRegression(Model model, Signal[][] outputSignals) {
    double largest = 0;
    for (int i = 0; i < targets.length; i++) {
      var b = outputSignals[i][0].bounds();
      largest = Math.max(largest, Math.max(Math.abs(b.hi() - targets[i]), Math.abs(targets[i] - b.lo())));
    }
    if (kind == LossKind.LINF) {
      worst = model.addContinuous(0.0, largest, "err_max", "loss");
    }
    LinearExpr.Builder total = LinearExpr.builder(targets.length);
    for (int i = 0; i < targets.length; i++) {
      String n = "[s" + i + "]";
      Signal o = outputSignals[i][0];
      Var e = worst;
      if (kind == LossKind.L1) {
        var b = o.bounds();
        e = model.addContinuous(0.0, Math.max(Math.abs(b.hi() - targets[i]), Math.abs(targets[i] - b.lo())),
            "err" + n, "loss");
        perSample[i] = e;
        total.add(e);
      }
      // e - o >= -t  and  e + o >= t
      model.addGreaterOrEqual("abs_pos" + n, LinearExpr.of(e).plus(o.expr().times(-1.0)), -targets[i]);
      model.addGreaterOrEqual("abs_neg" + n, LinearExpr.of(e).plus(o.expr()), targets[i]);
    }
    objective = kind == LossKind.LINF ? LinearExpr.of(worst) : total.build();
  }

  /** The loss of a whole sample set from its per-sample losses: their sum, or (L-infinity) their maximum. */
  double total(double[] perSampleLosses) {
    double t = 0;
    for (double l : perSampleLosses) {
      t = kind == LossKind.LINF ? Math.max(t, l) : t + l;
    }
    return t;
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
    if (targets != null) {
      return Math.abs(outputValues[0] - targets[i]);
    }
    double d = marginOf(outputValues, i);
    return kind == LossKind.HINGE ? Math.max(0.0, margin - d) : (d >= margin ? 0.0 : 1.0);
  }

  /** What the MILP's solution claims this sample's loss is. */
  double claimedLoss(double[] values, int i) {
    if (worst != null) {
      return values[worst.index()];
    }
    if (perSample[i] == null) {
      return 0.0;
    }
    double v = values[perSample[i].index()];
    return kind == LossKind.ZERO_ONE ? Math.rint(v) : v;
  }

  void assign(double[] values, double[][] outputValues) {
    if (worst != null) {
      double[] losses = new double[targets.length];
      for (int i = 0; i < losses.length; i++) {
        losses[i] = lossOf(outputValues[i], i);
      }
      values[worst.index()] = total(losses);
    }
    for (int i = 0; i < y.length; i++) {
      if (perSample[i] != null) {
        values[perSample[i].index()] = lossOf(outputValues[i], i);
      }
    }
  }
}
