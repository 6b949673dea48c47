package io.milpnet.formulation.encode;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes {@code y = max(v_1..v_m)} of bounded signals {@code v_k in [L_k, U_k]}: the max-pooling formulation of
 * training (variable weights) and verification (fixed weights) alike. Candidates with {@code U_k < max_l L_l} can
 * never be the maximum and are dropped; one left is the output itself; otherwise one binary d_k per candidate with
 *
 * <pre>
 *   sum_k d_k = 1,   y >= v_k,   y <= v_k + (U - L_k)(1 - d_k),   U = max_k U_k
 * </pre>
 *
 * (or {@code d_k = 1 => y <= v_k} as an indicator). d_k = 1 gives y = v_k >= every other candidate, so y is exactly
 * the maximum; with d_k = 0 the row is slack because y <= U and v_k >= L_k. The constants are the bounds, nothing else.
 *
 * <p>The tight variant (after Anderson et al., Math. Programming 2020) gives each other candidate its own constant,
 * {@code y <= v_k + sum_{l != k} max(0, U_l - L_k) d_l}, and adds {@code y <= sum_k U_k d_k}: coefficient by
 * coefficient no larger than the big-M's {@code U - L_k}, so its LP relaxation is never weaker, and still exact
 * (d_l = 1 makes y = v_l <= U_l). Linear rows in either encoding.
 */
public final class MaxFormulation {
  private final boolean indicators;
  private final boolean tight;

  /**
   * @param indicators {@code d_k = 1 => y <= v_k} as indicator constraints (ignored when tight)
   * @param tight per-candidate constants and {@code y <= sum U_k d_k} instead of one big-M per candidate
   */
  public MaxFormulation(boolean indicators, boolean tight) {
    this.indicators = indicators;
    this.tight = tight;
  }

  /**
   * The encoded maximum: the output signal; {@code kept}, the positions in {@code v} of the candidates that can be
   * the maximum; and, when more than one is kept, the output variable y and one choice binary per kept candidate
   * (both null otherwise).
   */
  public record MaxOutput(Signal output, int[] kept, Var value, Var[] choice) {}

  /**
   * @param label the unit's name inside the brackets of its rows, e.g. {@code l2,s0,u3}; candidate c's rows add
   *     {@code ,c<c>}
   */
  public MaxOutput encode(Model model, Signal[] v, String label) {
    double maxLo = Double.NEGATIVE_INFINITY;
    double maxHi = Double.NEGATIVE_INFINITY;
    for (Signal s : v) {
      if (!s.bounds().isFinite()) {
        throw new IllegalArgumentException("max pooling [" + label + "] has an unbounded candidate " + s.bounds()
            + ": every input and weight needs finite bounds");
      }
      maxLo = Math.max(maxLo, s.bounds().lo());
      maxHi = Math.max(maxHi, s.bounds().hi());
    }
    if (maxHi <= maxLo) {
      return new MaxOutput(Signal.constant(maxLo), new int[0], null, null); // the bounds fix the maximum
    }
    List<Integer> candidates = new ArrayList<>();
    for (int m = 0; m < v.length; m++) {
      if (v[m].bounds().hi() >= maxLo) {
        candidates.add(m);
      }
    }
    int[] kept = candidates.stream().mapToInt(Integer::intValue).toArray();
    if (kept.length == 1) {
      return new MaxOutput(v[kept[0]], kept, null, null);
    }
    String n = "[" + label + "]";
    Var y = model.addContinuous(maxLo, maxHi, "y" + n, "maxpool-out");
    Var[] choice = new Var[kept.length];
    LinearExpr.Builder one = LinearExpr.builder();
    for (int c = 0; c < kept.length; c++) {
      choice[c] = model.addBinary("d[" + label + ",c" + c + "]", "maxpool-choice");
    }
    LinearExpr.Builder upper = LinearExpr.builder().add(y);
    for (int c = 0; c < kept.length; c++) {
      Signal s = v[kept[c]];
      String nc = "[" + label + ",c" + c + "]";
      Var d = choice[c];
      one.add(d);
      LinearExpr yMinusV = LinearExpr.of(y).plus(s.expr().times(-1.0));
      model.addGreaterOrEqual("pool_ge" + nc, yMinusV, 0.0);
      if (tight) {
        // y <= v_k + sum_{l != k} max(0, U_l - L_k) d_l: when d_l = 1, y = v_l <= U_l <= v_k + (U_l - L_k).
        LinearExpr.Builder row = LinearExpr.builder().add(yMinusV);
        for (int l = 0; l < kept.length; l++) {
          double coef = Math.max(0.0, v[kept[l]].bounds().hi() - s.bounds().lo());
          if (l != c && coef > 0) {
            row.add(-coef, choice[l]);
          }
        }
        model.addLessOrEqual("pool_sel" + nc, row.build(), 0.0);
        upper.add(-s.bounds().hi(), d);
      } else if (indicators) {
        model.addIndicator("pool_sel" + nc, d, true, yMinusV, Double.NEGATIVE_INFINITY, 0.0);
      } else {
        double m = maxHi - s.bounds().lo();
        // y - v_k + M d_k <= M
        model.addLessOrEqual("pool_sel" + nc, yMinusV.plus(LinearExpr.term(m, d)), m);
      }
    }
    model.addEquality("pool_one" + n, one.build(), 1.0);
    if (tight) {
      // y <= sum_k U_k d_k: the chosen candidate's own upper bound.
      model.addLessOrEqual("pool_ub" + n, upper.build(), 0.0);
    }
    return new MaxOutput(new Signal(LinearExpr.of(y), new Interval(maxLo, maxHi)), kept, y, choice);
  }
}
