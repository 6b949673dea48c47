package io.milpnet.formulation.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.backend.ortools.OrToolsBackend;
import io.milpnet.core.bounds.Interval;
import io.milpnet.core.bridge.LpRelaxation;
import io.milpnet.core.model.FeasibilityCheck;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Sense;
import io.milpnet.core.model.Var;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.layer.dense.DenseLayer;
import io.milpnet.formulation.verify.FixedNetwork;
import io.milpnet.formulation.verify.NetworkEncoding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The P-split ReLU against known answers: a hand-computed LP bound, the forward pass (MILP with the inputs fixed),
 * big-M's LP bounds (never looser, sometimes strictly tighter) and MILP optima (equal), and complete start values;
 * networks encoded by the verifier's own encoding ({@link NetworkEncoding}).
 */
class ReluPartitionFormulationTest {
  static final SolverBackend SCIP = OrToolsBackend.scip();
  static final SolverBackend GLOP = OrToolsBackend.glop();
  static final SolveOptions EXACT = SolveOptions.defaults().withTimeLimit(120).withRelativeGap(0.0);
  static final int[] PARTITIONS = {1, 2, 3, 100};

  /** The box [-1, 1]^n. */
  static double[] box(int n, double v) {
    double[] b = new double[n];
    Arrays.fill(b, v);
    return b;
  }

  // ---------------------------------------------------------------------------------------------------- partitions

  @Test
  void termsAreSortedByWeightAndCutIntoEqualSizes() {
    Model m = new Model("t");
    Var x0 = m.addContinuous(0, 0.1, "x0");
    Var x1 = m.addContinuous(0, 1, "x1");
    Var x2 = m.addContinuous(0, 1, "x2");
    Var x3 = m.addContinuous(-5, 5, "x3");
    Var x4 = m.addContinuous(0, 1, "x4");
    // Positions in a (sorted by variable) and weights: 0 -> 3, 1 -> -1, 2 -> 2, 3 -> 0.5, 4 -> 2 (ties by position).
    // The variables' ranges play no part.
    LinearExpr a = LinearExpr.builder().add(3, x0).add(-1, x1).add(2, x2).add(0.5, x3).add(2, x4).addConstant(0.1)
        .build();
    assertArrayEquals(new int[][] {{1, 3, 2}, {4, 0}}, new ReluPartitionFormulation(2).groups(m, a, "a"));
    assertArrayEquals(new int[][] {{1, 3}, {2, 4}, {0}}, new ReluPartitionFormulation(3).groups(m, a, "a"));
    assertArrayEquals(new int[][] {{1}, {3}, {2}, {4}, {0}}, new ReluPartitionFormulation(9).groups(m, a, "a"));
    assertArrayEquals(new int[][] {{1, 3, 2, 4, 0}}, new ReluPartitionFormulation(1).groups(m, a, "a"));
    assertEquals("psplit:2", new ReluPartitionFormulation(2).name());
  }

  @Test
  void refusesNoPartitionsAndUnboundedVariables() {
    assertThrows(IllegalArgumentException.class, () -> new ReluPartitionFormulation(0));
    Model m = new Model("t");
    Var x = m.addContinuous(0, Double.POSITIVE_INFINITY, "x");
    Var y = m.addContinuous(-1, 1, "y");
    LinearExpr a = LinearExpr.builder().add(x).add(y).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ReluPartitionFormulation(2).encodeUnstable(m, a, new Interval(-1, 1), "[u]"));
    assertTrue(e.getMessage().contains("variable x has bounds"), e.getMessage());
  }

  // --------------------------------------------------------------------------------------------- hand-made answer

  /**
   * {@code h = relu(x1 + x2 - 1)} on [0, 1]^2, at the corner x = (1, 0) where h = 0. Big-M ({@code L = -1, U = 1})
   * lets the LP reach {@code h = 1/2} at {@code z = 1/2} ({@code h <= 1 - z}, {@code h <= z}); one group per input is
   * the convex hull, whose upper envelope is {@code min(x1, x2) = 0}; a single group is big-M again.
   */
  @Test
  void lpBoundAtACornerIsTheConvexHullsWithOneGroupPerInput() {
    assertEquals(0.5, lpMaxAtCorner(new ReluBigMFormulation()), 1e-9);
    assertEquals(0.5, lpMaxAtCorner(new ReluPartitionFormulation(1)), 1e-9);
    assertEquals(0.0, lpMaxAtCorner(new ReluPartitionFormulation(2)), 1e-9);
  }

  private static double lpMaxAtCorner(ReluFormulation f) {
    Model m = new Model("corner");
    Var x1 = m.addContinuous(0, 1, "x1");
    Var x2 = m.addContinuous(0, 1, "x2");
    LinearExpr a = LinearExpr.builder().add(x1).add(x2).addConstant(-1).build();
    ReluOutput out = f.encode(m, a, new Interval(-1, 1), "[u]");
    // Fixed after encoding: the formulation saw the box.
    m.setBounds(x1.index(), 1, 1);
    m.setBounds(x2.index(), 0, 0);
    m.setObjective(Sense.MAXIMIZE, LinearExpr.of(out.value()));
    Solution s = GLOP.solve(new LpRelaxation().apply(m), SolveOptions.defaults());
    assertEquals(SolveStatus.OPTIMAL, s.status(), s.toString());
    return s.objective();
  }

  // -------------------------------------------------------------------------------------------------------- oracle

  /** With the inputs fixed after encoding over the box, the MILP's units and outputs are the forward pass's. */
  @Test
  void milpWithFixedInputsReproducesTheForwardPass() {
    for (int seed = 0; seed < 6; seed++) {
      Random random = new Random(seed);
      FixedNetwork net = randomNetwork(random, 4, 6, 5, 2);
      double[] x = new double[4];
      for (int i = 0; i < x.length; i++) {
        x[i] = 2 * random.nextDouble() - 1;
      }
      double[] expected = net.evaluate(x);
      for (int n : PARTITIONS) {
        NetworkEncoding enc = NetworkEncoding.over(net, box(4, -1), box(4, 1), new ReluPartitionFormulation(n), false);
        assertTrue(enc.unstable() >= 4, "seed " + seed + ": only " + enc.unstable() + " unstable units");
        for (int i = 0; i < x.length; i++) {
          enc.model().setBounds(enc.inputs()[i].index(), x[i], x[i]);
        }
        // Pushing the outputs both ways: any slack a wrong row left would show in one of them.
        for (Sense sense : Sense.values()) {
          LinearExpr all = LinearExpr.builder().add(enc.outputs()[0].expr()).add(enc.outputs()[1].expr()).build();
          enc.model().setObjective(sense, all);
          Solution s = SCIP.solve(enc.model(), EXACT);
          assertEquals(SolveStatus.OPTIMAL, s.status(), s.toString());
          String what = "seed " + seed + ", psplit:" + n + ", " + sense;
          for (int o = 0; o < expected.length; o++) {
            assertEquals(expected[o], enc.outputs()[o].expr().evaluate(s.values()), 1e-6, what + ", output " + o);
          }
          double[] h = x;
          for (int l = 0; l + 1 < net.layers().size(); l++) {
            h = new FixedNetwork(List.of(net.layers().get(l))).evaluate(h);
            for (int j = 0; j < h.length; j++) {
              assertEquals(h[j], enc.relus(l).get(j).output().output().expr().evaluate(s.values()), 1e-6,
                  what + ", layer " + l + " unit " + j);
            }
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------- tightness

  /**
   * The LP relaxation bounds every output, both ways, at least as tightly as big-M with the same bounds (interval,
   * or symbolic which are tighter than the group sums), strictly more on some; one group per term (the convex hull
   * of each unit) is never looser than any partition.
   */
  @Test
  void lpBoundsAreNeverLooserThanBigMAndSometimesStrictlyTighter() {
    int[] partitions = {2, 3, 100};
    int instances = 0;
    int[] strict = new int[partitions.length];
    double[][] closed = new double[partitions.length][2];
    int[] withGap = new int[2];
    List<String> table = new ArrayList<>();
    for (boolean symbolic : new boolean[] {false, true}) {
      for (int seed = 0; seed < 12; seed++) {
        FixedNetwork net = randomNetwork(new Random(100 + seed), 5, 8, 8, 2);
        double[] lo = box(5, -1);
        double[] hi = box(5, 1);
        for (int o = 0; o < 2; o++) {
          for (Sense sense : Sense.values()) {
            double bigM = lpBound(net, lo, hi, new ReluBigMFormulation(), symbolic, o, sense);
            double exact = milpOptimum(net, lo, hi, new ReluBigMFormulation(), symbolic, o, sense);
            double sign = sense == Sense.MAXIMIZE ? 1 : -1;
            double hull = Double.NaN;
            instances++;
            boolean gap = sign * (bigM - exact) > 1e-6;
            withGap[symbolic ? 1 : 0] += gap ? 1 : 0;
            for (int p = partitions.length - 1; p >= 0; p--) {
              double split = lpBound(net, lo, hi, new ReluPartitionFormulation(partitions[p]), symbolic, o, sense);
              String what = (symbolic ? "symbolic" : "interval") + " seed " + seed + " output " + o + " " + sense
                  + " psplit:" + partitions[p];
              assertTrue(sign * (split - bigM) <= 1e-7, what + ": " + split + " looser than big-M's " + bigM);
              assertTrue(sign * (exact - split) <= 1e-6, what + ": " + split + " cuts off the optimum " + exact);
              if (p == partitions.length - 1) {
                hull = split;
              } else {
                assertTrue(sign * (hull - split) <= 1e-7, what + ": " + split + " tighter than the hull's " + hull);
              }
              if (sign * (bigM - split) > 1e-6) {
                strict[p]++;
              }
              if (gap) {
                closed[p][symbolic ? 1 : 0] += (bigM - split) / (bigM - exact);
              }
            }
          }
        }
      }
    }
    for (int p = 0; p < partitions.length; p++) {
      table.add(String.format(Locale.ROOT, "psplit:%d strictly tighter on %d of %d; mean share of big-M's LP gap"
          + " closed: interval %.3f (%d instances with a gap), symbolic %.3f (%d)", partitions[p], strict[p],
          instances, closed[p][0] / withGap[0], withGap[0], closed[p][1] / withGap[1], withGap[1]));
      assertTrue(strict[p] > 0, table.get(p));
    }
    table.forEach(System.out::println);
  }

  // ---------------------------------------------------------------------------------------------------- soundness

  /** The MILP optimum (max of an output over the box) is big-M's: the same network function, encoded exactly. */
  @Test
  void milpOptimaEqualBigMs() {
    for (int seed = 0; seed < 10; seed++) {
      FixedNetwork net = randomNetwork(new Random(200 + seed), 3, 6, 6, 2);
      double[] lo = box(3, -1);
      double[] hi = box(3, 1);
      double bigM = milpOptimum(net, lo, hi, new ReluBigMFormulation(), false, 0, Sense.MAXIMIZE);
      for (int n : new int[] {2, 3}) {
        double split = milpOptimum(net, lo, hi, new ReluPartitionFormulation(n), false, 0, Sense.MAXIMIZE);
        assertEquals(bigM, split, 1e-6 * (1 + Math.abs(bigM)), "seed " + seed + ", psplit:" + n);
      }
    }
  }

  // ------------------------------------------------------------------------------------------------- start values

  /**
   * A start written from a forward pass (z, h of every unstable unit) is feasible once the copies are completed, and
   * infeasible without them as soon as a unit is active with a nonzero group sum (so the completion is needed).
   */
  @Test
  void forwardPassStartIsFeasibleOnceTheCopiesAreCompleted() {
    FeasibilityCheck check = new FeasibilityCheck(1e-9);
    int incompleteInfeasible = 0;
    for (int seed = 0; seed < 10; seed++) {
      Random random = new Random(300 + seed);
      FixedNetwork net = randomNetwork(random, 4, 6, 5, 2);
      for (int n : PARTITIONS) {
        NetworkEncoding enc = NetworkEncoding.over(net, box(4, -1), box(4, 1), new ReluPartitionFormulation(n),
            seed % 2 == 1);
        double[] x = new double[4];
        for (int i = 0; i < x.length; i++) {
          x[i] = 2 * random.nextDouble() - 1;
        }
        double[] start = startValues(enc, x, true);
        List<String> violations = check.violations(enc.model(), start);
        assertTrue(violations.isEmpty(), "seed " + seed + ", psplit:" + n + ": " + violations);
        double[] expected = net.evaluate(x);
        for (int o = 0; o < expected.length; o++) {
          assertEquals(expected[o], enc.outputs()[o].expr().evaluate(start), 1e-12);
        }
        incompleteInfeasible += check.isFeasible(enc.model(), startValues(enc, x, false)) ? 0 : 1;
      }
    }
    assertTrue(incompleteInfeasible > 0, "copies left at 0 never made a start infeasible");
  }

  @Test
  void bigMHasNoCopiesToComplete() {
    Model m = new Model("t");
    Var x = m.addContinuous(-1, 1, "x");
    ReluOutput out = new ReluBigMFormulation().encode(m, LinearExpr.of(x), new Interval(-1, 1), "[u]");
    assertTrue(out.copies().isEmpty());
    double[] values = {0.5, 0.5, 1};
    out.completeStart(values);
    assertArrayEquals(new double[] {0.5, 0.5, 1}, values);
    ReluOutput split = new ReluPartitionFormulation(1).encode(m, LinearExpr.of(x), new Interval(-1, 1), "[v]");
    assertEquals(1, split.copies().size());
    assertFalse(split.copies().get(0).var().equals(split.value()));
  }

  // ------------------------------------------------------------------------------------------------------ helpers

  /** A random dense ReLU network: weights uniform in [-1, 1], biases in [-0.5, 0.5], a linear output layer. */
  static FixedNetwork randomNetwork(Random random, int inputs, int... widths) {
    List<DenseLayer> layers = new ArrayList<>();
    int in = inputs;
    for (int l = 0; l < widths.length; l++) {
      double[][] w = new double[widths[l]][in];
      double[] b = new double[widths[l]];
      for (int j = 0; j < widths[l]; j++) {
        for (int k = 0; k < in; k++) {
          w[j][k] = 2 * random.nextDouble() - 1;
        }
        b[j] = random.nextDouble() - 0.5;
      }
      layers.add(new DenseLayer(w, b, l == widths.length - 1 ? Activation.LINEAR : Activation.RELU, ""));
      in = widths[l];
    }
    return new FixedNetwork(layers);
  }

  /**
   * The full assignment of the forward pass at {@code x} in the verifier's encoding: inputs, then every unstable
   * unit's z (1 when a > 0), h and the formulation's copies ({@link ReluOutput#completeStart}, skipped when
   * {@code complete} is false).
   */
  static double[] startValues(NetworkEncoding enc, double[] x, boolean complete) {
    double[] values = new double[enc.model().numVars()];
    Arrays.fill(values, Double.NaN);
    for (int i = 0; i < x.length; i++) {
      values[enc.inputs()[i].index()] = x[i];
    }
    for (NetworkEncoding.EncodedRelu unit : enc.relus()) {
      ReluOutput out = unit.output();
      if (out.phase() == null) {
        continue;
      }
      double a = unit.preActivation().evaluate(values);
      values[out.phase().index()] = a > 0 ? 1 : 0;
      values[out.value().index()] = Math.max(0.0, a);
      if (complete) {
        out.completeStart(values);
      }
    }
    for (int v = 0; v < values.length; v++) {
      if (Double.isNaN(values[v])) {
        values[v] = 0.0;
      }
    }
    return values;
  }

  private static Model withObjective(FixedNetwork net, double[] lo, double[] hi, ReluFormulation f, boolean symbolic,
      int output, Sense sense) {
    NetworkEncoding enc = NetworkEncoding.over(net, lo, hi, f, symbolic);
    enc.model().setObjective(sense, enc.outputs()[output].expr());
    return enc.model();
  }

  static double lpBound(FixedNetwork net, double[] lo, double[] hi, ReluFormulation f, boolean symbolic,
      int output, Sense sense) {
    Model m = new LpRelaxation().apply(withObjective(net, lo, hi, f, symbolic, output, sense));
    Solution s = GLOP.solve(m, SolveOptions.defaults());
    assertEquals(SolveStatus.OPTIMAL, s.status(), s.toString());
    return s.objective();
  }

  static double milpOptimum(FixedNetwork net, double[] lo, double[] hi, ReluFormulation f, boolean symbolic,
      int output, Sense sense) {
    Solution s = SCIP.solve(withObjective(net, lo, hi, f, symbolic, output, sense), EXACT);
    assertEquals(SolveStatus.OPTIMAL, s.status(), s.toString());
    return s.objective();
  }
}
