package io.milpnet.backend.lpsolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.milpnet.core.conformance.BackendConformanceKit;
import io.milpnet.core.model.FeasibilityCheck;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Sense;
import io.milpnet.core.model.Var;
import io.milpnet.core.solver.Availability;
import io.milpnet.core.solver.InterruptSignal;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.core.solver.UnsupportedModelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the conformance kit does not cover: library lookup, native ranges, time limit, interrupt, lp_solve quirks. */
class LpSolveBackendTest {
  private static final double TOL = 1e-6;

  private final LpSolveBackend backend = new LpSolveBackend();

  private void assumeInstalled() {
    assumeTrue(backend.availability().available(), () -> "lp_solve not installed: " + backend.availability().reason());
  }

  // ------------------------------------------------------------------ library lookup

  @Test
  void missingLibraryIsReportedNotThrown(@TempDir Path empty) {
    LpSolveBackend missing = new LpSolveBackend(new LpSolveNatives(null, List.of(empty), false));
    Availability a = missing.availability();
    assertFalse(a.available());
    assertTrue(a.reason().contains("install the lp-solve package"), a.reason());
    assertTrue(a.reason().contains(empty.toString()), "names where it looked: " + a.reason());
    assertEquals("unavailable", missing.version());
    assertEquals("lpsolve", missing.name());

    Solution s = missing.solve(rangeModel(Sense.MAXIMIZE, 0), SolveOptions.defaults());
    assertEquals(SolveStatus.ERROR, s.status());
    assertTrue(s.message().contains("install the lp-solve package"), s.message());
  }

  @Test
  void aFileThatIsNotTheLibraryIsReportedNotThrown(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve(System.mapLibraryName(LpSolveNatives.LIBRARY_NAME)), "not a shared object");
    LpSolveBackend broken = new LpSolveBackend(new LpSolveNatives(null, List.of(dir), false));
    assertFalse(broken.availability().available());
    assertTrue(broken.availability().reason().contains("install the lp-solve package"));
    assertEquals(SolveStatus.ERROR, broken.solve(rangeModel(Sense.MINIMIZE, 0), SolveOptions.defaults()).status());
  }

  @Test
  void aWrongExplicitPathNamesTheOverride(@TempDir Path dir) {
    LpSolveBackend wrong = new LpSolveBackend(new LpSolveNatives(dir.resolve("nowhere.so"), List.of(), true));
    String reason = wrong.availability().reason();
    assertFalse(wrong.availability().available());
    assertTrue(reason.contains(LpSolveNatives.ENVIRONMENT_OVERRIDE), reason);
    assertTrue(reason.contains("install the lp-solve package"), reason);
  }

  @Test
  void anExplicitPathToTheRealLibraryLoadsIt() {
    Path debian = Path.of("/usr/lib/lp_solve", System.mapLibraryName(LpSolveNatives.LIBRARY_NAME));
    assumeTrue(Files.isRegularFile(debian), "no Debian lp-solve library at " + debian);
    LpSolveBackend explicit = new LpSolveBackend(new LpSolveNatives(debian, List.of(), false));
    assertTrue(explicit.availability().available(), explicit.availability().reason());
    assertTrue(explicit.version().matches("lp_solve 5\\.5\\.\\d+\\.\\d+"), explicit.version());
  }

  @Test
  void versionNamesLpSolve55() {
    assumeInstalled();
    assertTrue(backend.version().matches("lp_solve 5\\.5\\.\\d+\\.\\d+"), backend.version());
  }

  // ------------------------------------------------------------------ model translation

  /**
   * x, y in [-10, 10]; 1 <= x - y <= 2 and 3 <= x + y <= 5 are both range rows. Since x = ((x-y) + (x+y))/2 and
   * y = ((x+y) - (x-y))/2, each objective picks one corner of the two ranges:
   * max x = (2+5)/2 = 3.5 at (3.5, 1.5); min x = (1+3)/2 = 2 at (2, 1);
   * max y = (5-1)/2 = 2 at (3, 2); min y = (3-2)/2 = 0.5 at (2.5, 0.5).
   * So every side of both ranges is binding in one of the four solves.
   */
  private static Model rangeModel(Sense sense, int objectiveVar) {
    Model m = new Model("ranges");
    Var x = m.addContinuous(-10, 10, "x");
    Var y = m.addContinuous(-10, 10, "y");
    m.addConstraint("diff", LinearExpr.builder().add(x).add(-1, y).build(), 1, 2);
    m.addConstraint("sum", LinearExpr.builder().add(x).add(y).build(), 3, 5);
    m.setObjective(sense, LinearExpr.of(objectiveVar == 0 ? x : y));
    return m;
  }

  @Test
  void rangeRowsBindOnBothSides() {
    assumeInstalled();
    assertTrue(backend.capabilities().rangeRows());
    double[][] expected = {
        // sense (1 = max), variable, objective, x, y
        {1, 0, 3.5, 3.5, 1.5},
        {0, 0, 2.0, 2.0, 1.0},
        {1, 1, 2.0, 3.0, 2.0},
        {0, 1, 0.5, 2.5, 0.5},
    };
    for (double[] e : expected) {
      Model m = rangeModel(e[0] == 1 ? Sense.MAXIMIZE : Sense.MINIMIZE, (int) e[1]);
      Solution s = backend.solve(m, SolveOptions.defaults());
      String what = m.sense() + " " + (e[1] == 0 ? "x" : "y");
      assertEquals(SolveStatus.OPTIMAL, s.status(), what);
      assertEquals(e[2], s.objective(), TOL, what);
      assertEquals(e[3], s.value(0), TOL, what + ": x");
      assertEquals(e[4], s.value(1), TOL, what + ": y");
      assertEquals(s.objective(), s.bestBound(), TOL, "a solved LP is its own bound");
    }
  }

  @Test
  void integerRangeRowWithObjectiveConstant() {
    assumeInstalled();
    // a, b integer in [0, 5], 7 <= 3a + 2b <= 8: the points are (1,2), (2,1), (0,4). max a + b + 10 = 14 at (0, 4);
    // min a + b + 10 = 13. A missing lower side would allow (0,0) for the minimum; a missing upper side (5,5).
    for (Sense sense : Sense.values()) {
      Model m = new Model("int-range");
      Var a = m.addInteger(0, 5, "a");
      Var b = m.addInteger(0, 5, "b");
      m.addConstraint("r", LinearExpr.builder().add(3, a).add(2, b).build(), 7, 8);
      m.setObjective(sense, LinearExpr.builder().add(a).add(b).addConstant(10).build());
      Solution s = backend.solve(m, SolveOptions.defaults());
      assertEquals(SolveStatus.OPTIMAL, s.status());
      assertEquals(sense == Sense.MAXIMIZE ? 14.0 : 13.0, s.objective(), TOL, sense.toString());
      assertTrue(new FeasibilityCheck(1e-6).isFeasible(m, s.values()));
      assertTrue(Double.isNaN(s.bestBound()), "no proven bound for a MIP: " + s);
      assertTrue(s.nodes() >= 0, "node count for a MIP: " + s);
    }
  }

  @Test
  void everyIncumbentIsATracePointInTheModelsOwnObjective() {
    assumeInstalled();
    // A seeded 0-1 knapsack of 40 items with an objective constant, maximised and (negated) minimised: branch and bound
    // finds incumbents one after another; each is reported with the constant, in the model's sense, and the last is
    // the optimum lp_solve returns. lp_solve proves no bound during the search: NaN.
    java.util.Random r = new java.util.Random(5);
    for (Sense sense : Sense.values()) {
      Model m = new Model("knapsack");
      LinearExpr.Builder weight = LinearExpr.builder();
      LinearExpr.Builder value = LinearExpr.builder();
      for (int i = 0; i < 40; i++) {
        Var x = m.addBinary("x" + i);
        int w = 10 + r.nextInt(90);
        weight.add(w, x);
        value.add((sense == Sense.MAXIMIZE ? 1 : -1) * (w + r.nextInt(20)), x);
      }
      m.addConstraint("capacity", weight.build(), Double.NEGATIVE_INFINITY, 1000);
      m.setObjective(sense, value.addConstant(7).build());
      List<double[]> points = new java.util.ArrayList<>();
      Solution s = backend.solve(m, SolveOptions.defaults().withTrace((t, incumbent, bound) ->
          points.add(new double[] {t, incumbent, bound})));
      assertEquals(SolveStatus.OPTIMAL, s.status());
      assertFalse(points.isEmpty(), "no incumbent reported");
      double sign = sense == Sense.MAXIMIZE ? 1 : -1;
      for (int k = 0; k < points.size(); k++) {
        assertTrue(Double.isNaN(points.get(k)[2]));
        assertTrue(sign * points.get(k)[1] <= sign * s.objective() + TOL, "an incumbent beyond the optimum");
        if (k > 0) {
          assertTrue(points.get(k)[0] >= points.get(k - 1)[0]);
          assertTrue(sign * points.get(k)[1] >= sign * points.get(k - 1)[1] - TOL, "incumbents only improve");
        }
      }
      assertEquals(s.objective(), points.get(points.size() - 1)[1], TOL, sense + ": the last incumbent is the optimum");
    }
  }

  @Test
  void aFixedBinaryStaysFixed() {
    assumeInstalled();
    // max -z with z binary fixed to 1 by bound tightening: set_binary would reset the bounds to [0, 1] and give 0.
    Model m = new Model("fixed-binary");
    Var z = m.addBinary("z");
    m.setBounds(z.index(), 1, 1);
    m.setObjective(Sense.MAXIMIZE, LinearExpr.term(-1, z));
    Solution s = backend.solve(m, SolveOptions.defaults());
    assertEquals(SolveStatus.OPTIMAL, s.status());
    assertEquals(1.0, s.value(z.index()), TOL);
  }

  @Test
  void emptyRowsAndModelsWithoutVariables() {
    assumeInstalled();
    Model noVars = new Model("no-vars");
    noVars.addConstraint("impossible", LinearExpr.zero(), 1, 2);
    assertEquals(SolveStatus.INFEASIBLE, backend.solve(noVars, SolveOptions.defaults()).status());

    Model emptyRow = new Model("empty-row");
    Var x = emptyRow.addContinuous(0, 1, "x");
    emptyRow.addConstraint("impossible", LinearExpr.zero(), 1, 2);
    emptyRow.setObjective(Sense.MAXIMIZE, LinearExpr.of(x));
    assertEquals(SolveStatus.INFEASIBLE, backend.solve(emptyRow, SolveOptions.defaults()).status());

    Model harmless = new Model("harmless-rows");
    Var y = harmless.addContinuous(0, 1, "y");
    harmless.addConstraint("contains-zero", LinearExpr.zero(), -1, 2);
    harmless.addConstraint("free", LinearExpr.of(y), Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    harmless.setObjective(Sense.MAXIMIZE, LinearExpr.of(y));
    Solution s = backend.solve(harmless, SolveOptions.defaults());
    assertEquals(SolveStatus.OPTIMAL, s.status());
    assertEquals(1.0, s.objective(), TOL);
  }

  @Test
  void indicatorsAreRefused() {
    assumeInstalled();
    Model m = new Model("indicator");
    Var x = m.addContinuous(0, 10, "x");
    Var z = m.addBinary("z");
    m.addIndicator("on", z, true, LinearExpr.of(x), Double.NEGATIVE_INFINITY, 2);
    m.setObjective(Sense.MAXIMIZE, LinearExpr.of(x));
    UnsupportedModelException e =
        assertThrows(UnsupportedModelException.class, () -> backend.solve(m, SolveOptions.defaults()));
    assertTrue(e.getMessage().contains("bridges"), e.getMessage());
  }

  // ------------------------------------------------------------------ stopping early

  /**
   * Eight random knapsack rows over n binaries with capacities at half the row sums: incumbents come quickly, but
   * lp_solve's depth-first branch and bound cannot prove optimality for n = 200 in minutes.
   */
  private static void assertStoppedEarly(Model m, Solution s) {
    assertTrue(s.status() == SolveStatus.FEASIBLE || s.status() == SolveStatus.NO_SOLUTION, s.toString());
    if (s.hasSolution()) {
      assertTrue(new FeasibilityCheck(1e-6).isFeasible(m, s.values()),
          () -> "incumbent violates the model: " + new FeasibilityCheck(1e-6).violations(m, s.values()));
      assertEquals(m.objective().evaluate(s.values()), s.objective(), TOL * Math.abs(s.objective()));
      assertTrue(Double.isNaN(s.bestBound()), "no bound is claimed for an unfinished MIP: " + s);
    }
  }

  @Test
  void timeLimitStopsAHardModel() {
    assumeInstalled();
    Model m = BackendConformanceKit.hardModel(200, 11);
    // 0.4 s is rounded up to lp_solve's whole second; a grace of 2 s covers model loading and JVM noise.
    Solution s = backend.solve(m, SolveOptions.defaults().withTimeLimit(0.4));
    assertStoppedEarly(m, s);
    assertTrue(s.seconds() < 1.0 + 2.0, "time limit respected: " + s);
    assertTrue(s.seconds() >= 0.4, "ran until the limit: " + s);
  }

  @Test
  void interruptFromAnotherThreadStopsALongSolve() throws Exception {
    assumeInstalled();
    assertTrue(backend.capabilities().interrupt());
    Model m = BackendConformanceKit.hardModel(200, 5);
    InterruptSignal signal = new InterruptSignal();
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      signal.interrupt();
    });
    watchdog.start();
    Solution s = backend.solve(m, SolveOptions.defaults().withTimeLimit(120).withInterrupt(signal));
    watchdog.join();
    assertStoppedEarly(m, s);
    assertTrue(s.seconds() < 5.0, "stopped soon after the interrupt, long before the 120 s limit: " + s);
    assertTrue(s.message().contains("interrupted"), s.message());
  }

  @Test
  void aSignalRaisedBeforeTheSolveStopsItAtOnce() {
    assumeInstalled();
    Model m = BackendConformanceKit.hardModel(200, 7);
    InterruptSignal signal = new InterruptSignal();
    signal.interrupt();
    Solution s = backend.solve(m, SolveOptions.defaults().withTimeLimit(120).withInterrupt(signal));
    assertStoppedEarly(m, s);
    assertTrue(s.seconds() < 5.0, s.toString());
  }

  // ------------------------------------------------------------------ concurrency

  @Test
  void concurrentSolvesDoNotInterfere() throws Exception {
    assumeInstalled();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<double[]>> results = new ArrayList<>();
      for (int k = 0; k < 12; k++) {
        long seed = k;
        results.add(pool.submit(() -> {
          Solution s = backend.solve(knapsack(22, seed), SolveOptions.defaults().withTimeLimit(60));
          return new double[] {s.status() == SolveStatus.OPTIMAL ? 1 : 0, s.objective(), knapsackOptimum(22, seed)};
        }));
      }
      for (Future<double[]> f : results) {
        double[] r = f.get(120, TimeUnit.SECONDS);
        assertEquals(1.0, r[0], "OPTIMAL");
        assertEquals(r[2], r[1], TOL);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static Model knapsack(int n, long seed) {
    Random r = new Random(seed);
    Model m = new Model("knapsack-" + seed);
    LinearExpr.Builder weight = LinearExpr.builder();
    LinearExpr.Builder value = LinearExpr.builder();
    int total = 0;
    for (int i = 0; i < n; i++) {
      Var x = m.addBinary("x" + i);
      int w = 1 + r.nextInt(40);
      total += w;
      weight.add(w, x);
      value.add(1 + r.nextInt(60), x);
    }
    m.addLessOrEqual("capacity", weight.build(), total / 3);
    m.setObjective(Sense.MAXIMIZE, value.build());
    return m;
  }

  /** The same knapsack by dynamic programming over capacities. */
  private static double knapsackOptimum(int n, long seed) {
    Random r = new Random(seed);
    int[] w = new int[n];
    int[] v = new int[n];
    int total = 0;
    for (int i = 0; i < n; i++) {
      w[i] = 1 + r.nextInt(40);
      total += w[i];
      v[i] = 1 + r.nextInt(60);
    }
    long[] best = new long[total / 3 + 1];
    for (int i = 0; i < n; i++) {
      for (int c = best.length - 1; c >= w[i]; c--) {
        best[c] = Math.max(best[c], best[c - w[i]] + v[i]);
      }
    }
    assertNotEquals(0, best[best.length - 1]);
    return best[best.length - 1];
  }

  // ------------------------------------------------------------------ public translation entry point

  @Test
  void loadWithoutSolvingLoadsAndFreesTheProblem() {
    assumeInstalled();
    backend.loadWithoutSolving(rangeModel(Sense.MAXIMIZE, 0)); // no exception: make_lp, translation, delete_lp
    assertEquals(SolveStatus.OPTIMAL, backend.solve(rangeModel(Sense.MAXIMIZE, 0), SolveOptions.defaults()).status(),
        "solve, which shares the loading code, still works");
  }

  @Test
  void loadWithoutSolvingNamesAMissingLibrary(@TempDir Path empty) {
    LpSolveBackend missing = new LpSolveBackend(new LpSolveNatives(null, List.of(empty), false));
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> missing.loadWithoutSolving(rangeModel(Sense.MAXIMIZE, 0)));
    assertTrue(e.getMessage().contains("install the lp-solve package"), e.getMessage());
  }
}
