package io.milpnet.formulation.encode;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The partition-based ("P-split") ReLU of Tsay, Kronqvist, Thebelt and Misener, "Partition-based formulations for
 * mixed-integer optimization of trained ReLU neural networks" (NeurIPS 2021).
 *
 * <p>The terms of {@code a = sum_i w_i x_i + b} are split into N groups {@code S_1..S_N}; group n sums to
 * {@code s_n = sum_{i in S_n} w_i x_i}, whose interval bounds over the variables' bounds in the model are
 * {@code [LB_n, UB_n]}. The disjunction "{@code h = 0, a <= 0}" or "{@code h = a, a >= 0}" gets its convex hull over
 * the aggregated group sums: each group has a copy {@code v_n} that is {@code s_n} in the active phase and 0 in the
 * inactive one. With z binary (1 = active; the paper's sigma is {@code 1 - z}):
 *
 * <pre>
 *   h = sum_n v_n + b z                                      psplit_out
 *   z LB_n       <= v_n       <= z UB_n                      psplit_on_lo, psplit_on_hi      (every n)
 *   (1 - z) LB_n <= s_n - v_n <= (1 - z) UB_n                psplit_off_lo, psplit_off_hi    (every n)
 *   h >= a                                                   relu_ge
 *   h >= 0                                                   h's lower bound
 *   h <= a - L (1 - z),   h <= U z                           relu_act, relu_off
 * </pre>
 *
 * The paper's two aggregate rows, {@code sum_n (s_n - v_n) + (1 - z) b <= 0} (the inactive copy is not positive)
 * and {@code sum_n v_n + b z >= 0} (the active copy is not negative), are exactly {@code h >= a} and {@code h >= 0}
 * once {@code psplit_out} substitutes h, so they are written in that form: together with the last two rows they are
 * the four rows of {@link ReluBigMFormulation} with the given bounds {@code [L, U]}. Those bounds may be tighter than
 * {@code b + sum_n [LB_n, UB_n]} (symbolic or LP bounds); keeping the big-M rows makes the relaxation at least as
 * tight as big-M's with the same bounds in every case, and strictly tighter wherever the group copies cut deeper.
 *
 * <p>Exact for z in {0, 1}: z = 1 gives {@code v_n = s_n}, {@code h = a >= 0}; z = 0 gives {@code v_n = 0},
 * {@code h = 0}, {@code a <= 0}. One group per term is the convex hull of the unit over the box of its variables;
 * one group is big-M. Each copy is an {@link ReluOutput.ActiveCopy}, so start values written as z and h complete.
 *
 * <p>The lower bounds on the copies ({@code psplit_on_lo}, {@code psplit_off_hi}) never cut a point off the projection
 * on (x, h): for any z each copy's interval is non-empty given {@code s_n in [LB_n, UB_n]}, and maximising h only
 * meets the upper rows, while h's lower envelope {@code max(0, a)} comes from the aggregate rows (measured: LP bounds
 * identical to 1e-14 without them on 576 LPs). They stay, as in the paper: they restrict the LP values of z and of the
 * copies, which the solver branches on; whether dropping them pays off has not been measured.
 *
 * <p><b>Partitions.</b> The paper's equal-size strategy: the terms are sorted by their coefficient {@code w_i} (ties
 * by position) and the sorted order is cut into {@code min(N, terms)} consecutive groups whose sizes differ by at
 * most one (the first {@code terms mod N} one larger), so that each group holds weights of one sign and similar size.
 * With N at least the number of terms every term is its own group. Sorting by the term's signed range
 * {@code w_i (U_i - L_i)} instead, which looks more natural when the variables' ranges differ, was measured and kept
 * out: on random 10-12-12-2 networks over input boxes whose widths span two decades, with N = 3, it closed on average
 * 0.30 of big-M's LP gap against 0.36 by weight (less on 40 of 48 output bounds); on equal-width boxes the two orders
 * were within noise of each other.
 */
public final class ReluPartitionFormulation implements ReluFormulation {

  private final int partitions;

  /** At most N groups per unit (fewer when the pre-activation has fewer terms). */
  public ReluPartitionFormulation(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("the P-split formulation needs at least 1 partition, got " + partitions);
    }
    this.partitions = partitions;
  }

  public int partitions() {
    return partitions;
  }

  @Override
  public String name() {
    return "psplit:" + partitions;
  }

  @Override
  public ReluOutput encodeUnstable(Model model, LinearExpr a, Interval bounds, String name) {
    double lo = bounds.lo();
    double hi = bounds.hi();
    int[][] groups = groups(model, a, name);
    Var h = model.addContinuous(0.0, hi, "h" + name, "relu-out");
    Var z = model.addBinary("z" + name, "relu-phase");
    // h - sum_n v_n - b z = 0
    LinearExpr.Builder out = LinearExpr.builder(groups.length + 2).add(h).add(-a.constant(), z);
    List<ReluOutput.ActiveCopy> copies = new ArrayList<>(groups.length);
    for (int n = 0; n < groups.length; n++) {
      LinearExpr.Builder sb = LinearExpr.builder(groups[n].length);
      double lbN = 0;
      double ubN = 0;
      for (int k : groups[n]) {
        double w = a.coef(k);
        int x = a.var(k);
        sb.add(w, x);
        double l = model.lowerBound(x);
        double u = model.upperBound(x);
        lbN += w > 0 ? w * l : w * u;
        ubN += w > 0 ? w * u : w * l;
      }
      LinearExpr s = sb.build();
      String p = name + "_p" + n;
      Var v = model.addContinuous(Math.min(0.0, lbN), Math.max(0.0, ubN), "v" + p, "relu-split");
      // v - LB z >= 0,   v - UB z <= 0
      model.addGreaterOrEqual("psplit_on_lo" + p, LinearExpr.builder(2).add(v).add(-lbN, z).build(), 0.0);
      model.addLessOrEqual("psplit_on_hi" + p, LinearExpr.builder(2).add(v).add(-ubN, z).build(), 0.0);
      // s - v + LB z >= LB,   s - v + UB z <= UB
      model.addGreaterOrEqual("psplit_off_lo" + p,
          LinearExpr.builder(s.size() + 2).add(s).add(-1.0, v).add(lbN, z).build(), lbN);
      model.addLessOrEqual("psplit_off_hi" + p,
          LinearExpr.builder(s.size() + 2).add(s).add(-1.0, v).add(ubN, z).build(), ubN);
      out.add(-1.0, v);
      copies.add(new ReluOutput.ActiveCopy(v, s));
    }
    model.addEquality("psplit_out" + name, out.build(), 0.0);
    // The big-M rows with the given bounds (see the class comment).
    model.addGreaterOrEqual("relu_ge" + name, LinearExpr.builder(a.size() + 1).add(h).add(-1.0, a).build(), 0.0);
    model.addLessOrEqual("relu_act" + name,
        LinearExpr.builder(a.size() + 2).add(h).add(-1.0, a).add(-lo, z).build(), -lo);
    model.addLessOrEqual("relu_off" + name, LinearExpr.builder().add(h).add(-hi, z).build(), 0.0);
    return new ReluOutput(new Signal(LinearExpr.of(h), new Interval(0.0, hi)), z, h, ReluOutput.Stability.UNSTABLE,
        copies);
  }

  /**
   * The positions of a's terms in each group: sorted by weight (ties by position, so the split is deterministic) and
   * cut into {@code min(N, terms)} consecutive groups whose sizes differ by at most one.
   */
  int[][] groups(Model model, LinearExpr a, String name) {
    int terms = a.size();
    for (int k = 0; k < terms; k++) {
      int x = a.var(k);
      double l = model.lowerBound(x);
      double u = model.upperBound(x);
      if (!Double.isFinite(l) || !Double.isFinite(u)) {
        throw new IllegalArgumentException("ReLU " + name + ": variable " + model.varName(x) + " has bounds [" + l
            + ", " + u + "]; the P-split formulation needs finite bounds on every variable of the pre-activation");
      }
    }
    Integer[] order = new Integer[terms];
    for (int k = 0; k < terms; k++) {
      order[k] = k;
    }
    Arrays.sort(order, (p, q) -> a.coef(p) != a.coef(q) ? Double.compare(a.coef(p), a.coef(q))
        : Integer.compare(p, q));
    int count = Math.min(partitions, terms);
    int[][] groups = new int[count][];
    int next = 0;
    for (int n = 0; n < count; n++) {
      int size = terms / count + (n < terms % count ? 1 : 0);
      groups[n] = new int[size];
      for (int i = 0; i < size; i++) {
        groups[n][i] = order[next++];
      }
    }
    return groups;
  }
}
