package io.milpnet.backend.ojalgo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.milpnet.core.conformance.BackendConformanceKit;
import io.milpnet.core.model.FeasibilityCheck;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Sense;
import io.milpnet.core.model.Var;
import io.milpnet.core.solver.InterruptSignal;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.core.solver.UnsupportedModelException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.type.context.NumberContext;

/** Known answers and the measured behaviour the capabilities of {@link OjAlgoBackend} rest on. */
class OjAlgoBackendTest {
  private final OjAlgoBackend backend = new OjAlgoBackend();

  /**
   * x, y integer in [0, 10]; 3 <= x + 2y <= 7.5 and -1 <= x - y <= 1 (two range rows); objective x + 3y + 0.5.
   * Maximum: y = 3 needs x >= 2 and x <= 1.5, impossible; y = 2 allows x <= 3, so (3, 2) with 9.5. Minimum: x = 0
   * forces y <= 1 and x + 2y <= 2 < 3; (1, 1) reaches x + 2y = 3 with 4.5. Brute force agrees below.
   */
  private static Model rangeModel(Sense sense) {
    Model m = new Model("ranges-" + sense);
    Var x = m.addInteger(0, 10, "x");
    Var y = m.addInteger(0, 10, "y");
    m.addConstraint("sum", LinearExpr.builder().add(x).add(2, y).build(), 3, 7.5);
    m.addConstraint("diff", LinearExpr.builder().add(x).add(-1, y).build(), -1, 1);
    m.setObjective(sense, LinearExpr.builder().add(x).add(3, y).addConstant(0.5).build());
    return m;
  }

  @Test
  void rangeRowsAreNativeAndGiveTheHandComputedOptimum() {
    Model max = rangeModel(Sense.MAXIMIZE);
    assertEquals(2, new OjAlgoModelTranslator().translate(max, new Optimisation.Options()).model().countExpressions(),
        "each range row is one ojAlgo expression with two limits");
    double bruteMax = Double.NEGATIVE_INFINITY;
    double bruteMin = Double.POSITIVE_INFINITY;
    for (int x = 0; x <= 10; x++) {
      for (int y = 0; y <= 10; y++) {
        if (x + 2 * y >= 3 && x + 2 * y <= 7.5 && Math.abs(x - y) <= 1) {
          bruteMax = Math.max(bruteMax, x + 3 * y + 0.5);
          bruteMin = Math.min(bruteMin, x + 3 * y + 0.5);
        }
      }
    }
    assertEquals(9.5, bruteMax);
    assertEquals(4.5, bruteMin);

    Solution s = backend.solve(max, SolveOptions.defaults());
    assertEquals(SolveStatus.OPTIMAL, s.status(), s.toString());
    assertEquals(9.5, s.objective(), 1e-9, "objective includes the constant 0.5");
    assertEquals(3.0, s.value(0), 1e-9);
    assertEquals(2.0, s.value(1), 1e-9);
    assertTrue(s.bestBound() >= s.objective() && s.gap() <= 1.0002e-4,
        "an OPTIMAL MILP reports its objective widened by ojAlgo's pruning tolerance (1e-4 here): " + s);

    Solution min = backend.solve(rangeModel(Sense.MINIMIZE), SolveOptions.defaults());
    assertEquals(SolveStatus.OPTIMAL, min.status(), min.toString());
    assertEquals(4.5, min.objective(), 1e-9);
    assertEquals(1.0, min.value(0), 1e-9);
    assertEquals(1.0, min.value(1), 1e-9);
  }

  @Test
  void timeLimitOnAHardMilpStopsNearTheLimitAndNeverClaimsOptimality() {
    // 300 binaries in 40 knapsack rows: without the stop at the limit ojAlgo's first dive ran to 3 s after a 1 s
    // limit; with it, ojAlgo returned 20-60 ms after the limit. ojAlgo cannot prove this optimal in a second.
    Model m = BackendConformanceKit.hardModel(300, 5, 40);
    double limit = 1.0;
    long t = System.nanoTime();
    Solution s = backend.solve(m, SolveOptions.defaults().withTimeLimit(limit));
    double elapsed = (System.nanoTime() - t) / 1e9;
    assertTrue(elapsed < limit + OjAlgoBackend.graceSeconds(limit), "returned " + elapsed + " s after a 1 s limit");
    assertFalse(s.message().contains("abandoned"), "ojAlgo stopped by itself: " + s);
    assertTrue(s.status() == SolveStatus.FEASIBLE || s.status() == SolveStatus.NO_SOLUTION, s.toString());
    assertTrue(Double.isNaN(s.bestBound()), "no bound is claimed without a proof");
    if (s.hasSolution()) {
      assertTrue(new FeasibilityCheck(1e-6).isFeasible(m, s.values()));
    }
  }

  @Test
  void aSolveThatIgnoresItsLimitIsStoppedThenAbandonedAtLimitPlusGrace() throws InterruptedException {
    // Stands in for ojAlgo's presolve or root cut generation, which check no limit: it runs until released.
    CountDownLatch release = new CountDownLatch(1);
    AtomicLong limitSeenAt = new AtomicLong(-1);
    OjAlgoBackend stubborn = new OjAlgoBackend((model, maximise) -> {
      long t0 = System.nanoTime();
      try {
        while (!release.await(10, TimeUnit.MILLISECONDS)) {
          if (model.options.time_abort == 0L && limitSeenAt.get() < 0) {
            limitSeenAt.set(System.nanoTime() - t0);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Optimisation.Result.of(Optimisation.State.FAILED, new double[model.countVariables()]);
    });
    double limit = 0.2;
    long t = System.nanoTime();
    Solution s = stubborn.solve(rangeModel(Sense.MAXIMIZE), SolveOptions.defaults().withTimeLimit(limit));
    double elapsed = (System.nanoTime() - t) / 1e9;
    release.countDown();
    assertEquals(SolveStatus.NO_SOLUTION, s.status(), s.toString());
    assertNull(s.values());
    assertTrue(s.message().contains("did not stop at its time limit") && s.message().contains("abandoned"),
        s.message());
    double grace = OjAlgoBackend.graceSeconds(limit);
    assertTrue(elapsed >= limit + grace - 0.05 && elapsed < limit + grace + 1.0, "gave up after " + elapsed + " s");
    assertTrue(limitSeenAt.get() > 0 && limitSeenAt.get() / 1e9 < limit + 0.5,
        "ojAlgo's limits were zeroed at the time limit, not only at the end: " + limitSeenAt.get() / 1e9);
  }

  @Test
  void optimalBoundIsTheObjectiveWidenedInTheImprovingDirection() {
    // Gap 1e-4 gives ojAlgo epsilon 1e-4; the widened bound is 1e-4 / (1 - 1e-4) * |z| + 1e-8 away.
    double slack = 1e-4 / (1 - 1e-4) * 200 + 1e-8;
    assertEquals(200 + slack, OjAlgoBackend.optimalBound(Sense.MAXIMIZE, 200, 1e-4), 1e-12);
    assertEquals(-200 - slack, OjAlgoBackend.optimalBound(Sense.MINIMIZE, -200, 1e-4), 1e-12);
    assertEquals(-1e-8, OjAlgoBackend.optimalBound(Sense.MINIMIZE, 0, 1e-4), 1e-15, "a zero loss keeps a tiny slack");
    Solution lp = backend.solve(lpOf(rangeModel(Sense.MAXIMIZE)), SolveOptions.defaults());
    assertEquals(SolveStatus.OPTIMAL, lp.status());
    assertEquals(lp.objective(), lp.bestBound(), 0.0, "an optimal LP is its own bound");
  }

  private static Model lpOf(Model m) {
    Model lp = m.copy(m.name() + "-lp");
    for (int v = 0; v < lp.numVars(); v++) {
      lp.setType(v, io.milpnet.core.model.VarType.CONTINUOUS);
    }
    return lp;
  }

  @Test
  void graceIsTenPercentAtLeastTwoSeconds() {
    assertEquals(2.0, OjAlgoBackend.graceSeconds(1.0));
    assertEquals(2.0, OjAlgoBackend.graceSeconds(20.0));
    assertEquals(30.0, OjAlgoBackend.graceSeconds(300.0));
  }

  @Test
  void interruptStopsAHardMilpWithoutATimeLimit() {
    Model m = BackendConformanceKit.hardModel(200, 5, 20);
    InterruptSignal signal = new InterruptSignal();
    Thread interrupter = new Thread(() -> {
      try {
        Thread.sleep(700);
      } catch (InterruptedException e) {
        return;
      }
      signal.interrupt();
    });
    interrupter.start();
    long t = System.nanoTime();
    Solution s = backend.solve(m, SolveOptions.defaults().withInterrupt(signal));
    double elapsed = (System.nanoTime() - t) / 1e9;
    assertTrue(signal.isInterrupted());
    // Measured 10-40 ms after the interrupt; without it ojAlgo runs for minutes on this model.
    assertTrue(elapsed < 0.7 + 1.5, "returned " + elapsed + " s after an interrupt at 0.7 s");
    assertTrue(s.status() == SolveStatus.FEASIBLE || s.status() == SolveStatus.NO_SOLUTION, s.toString());
    assertTrue(s.message().contains("interrupted") || s.status() == SolveStatus.FEASIBLE, s.message());
  }

  @Test
  void aFeasibleStartBecomesTheIncumbent() {
    // Measured: within 0.5 s ojAlgo alone finds nothing on this model (NO_SOLUTION); with a greedy start it returns
    // FEASIBLE and never worse than the start.
    Model m = BackendConformanceKit.hardModel(60, 11, 8);
    double[] start = greedy(m);
    double startObjective = m.objective().evaluate(start);
    assertTrue(startObjective > 0);
    Solution s = backend.solve(m, SolveOptions.defaults().withTimeLimit(0.5).withStartValues(start));
    assertTrue(s.hasSolution(), s.toString());
    assertTrue(s.objective() >= startObjective - 1e-9, s + " is worse than the start " + startObjective);
    assertTrue(new FeasibilityCheck(1e-6).isFeasible(m, s.values()));
  }

  @Test
  void aPartialStartIsIgnoredAndSaysSo() {
    Model m = rangeModel(Sense.MAXIMIZE);
    Solution s = backend.solve(m, SolveOptions.defaults().withStartValues(new double[] {3, Double.NaN}));
    assertEquals(SolveStatus.OPTIMAL, s.status());
    assertEquals(9.5, s.objective(), 1e-9);
    assertTrue(s.message().contains("start values ignored"), s.message());
  }

  @Test
  void unboundedIntegerProgramIsProvenUnbounded() {
    // max x + y, x - y <= 1, x, y integer >= 0: feasible (0, 0) and the ray (1, 1). ojAlgo itself throws here.
    Model m = new Model("unbounded-int");
    Var x = m.addInteger(0, Double.POSITIVE_INFINITY, "x");
    Var y = m.addInteger(0, Double.POSITIVE_INFINITY, "y");
    m.addLessOrEqual("c", LinearExpr.builder().add(x).add(-1, y).build(), 1);
    m.setObjective(Sense.MAXIMIZE, LinearExpr.builder().add(x).add(y).build());
    Solution s = backend.solve(m, SolveOptions.defaults().withTimeLimit(20));
    assertEquals(SolveStatus.UNBOUNDED, s.status(), s.toString());
  }

  @Test
  void infeasibleModelWithAnImprovingRayIsInfeasible() {
    // max x + y, x + y <= -1, x, y >= 0 free above: the ray (1, 0) is not one of the feasible set (there is none).
    Model m = new Model("infeasible-ray");
    Var x = m.addContinuous(0, Double.POSITIVE_INFINITY, "x");
    Var y = m.addContinuous(0, Double.POSITIVE_INFINITY, "y");
    m.addLessOrEqual("c", LinearExpr.builder().add(x).add(y).build(), -1);
    m.setObjective(Sense.MAXIMIZE, LinearExpr.builder().add(x).add(y).build());
    assertEquals(SolveStatus.INFEASIBLE, backend.solve(m, SolveOptions.defaults()).status());
  }

  @Test
  void improvingRayProblemFindsTheRayOfAnUnboundedModelOnly() {
    Model unbounded = new Model("u");
    Var x = unbounded.addContinuous(0, Double.POSITIVE_INFINITY, "x");
    Var y = unbounded.addContinuous(Double.NEGATIVE_INFINITY, 3, "y");
    unbounded.addConstraint("r", LinearExpr.builder().add(x).add(-1, y).build(), -2, Double.POSITIVE_INFINITY);
    unbounded.setObjective(Sense.MINIMIZE, LinearExpr.builder().add(-1, x).addConstant(7).build());
    Solution ray = backend.solve(UnboundednessCertificate.rayProblem(unbounded), SolveOptions.defaults());
    assertEquals(SolveStatus.OPTIMAL, ray.status());
    assertEquals(-1.0, ray.objective(), 1e-9, "d = (1, 0): x grows, the constant 7 is not part of the ray");

    Model bounded = new Model("b");
    Var a = bounded.addContinuous(0, Double.POSITIVE_INFINITY, "a");
    bounded.addLessOrEqual("cap", LinearExpr.of(a), 5);
    bounded.setObjective(Sense.MAXIMIZE, LinearExpr.of(a));
    Solution none = backend.solve(UnboundednessCertificate.rayProblem(bounded), SolveOptions.defaults());
    assertEquals(0.0, none.objective(), 1e-9, "a <= 5 leaves no improving direction");
  }

  @Test
  void indicatorsReachingTheBackendDirectlyAreRefused() {
    Model m = new Model("indicator");
    Var x = m.addContinuous(0, 10, "x");
    Var z = m.addBinary("z");
    m.addIndicator("on", z, true, LinearExpr.of(x), Double.NEGATIVE_INFINITY, 2);
    m.setObjective(Sense.MAXIMIZE, LinearExpr.of(x));
    UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
        () -> backend.solve(m, SolveOptions.defaults()));
    assertTrue(e.getMessage().contains("bridges"), e.getMessage());
  }

  @Test
  void emptyRowThatExcludesZeroIsInfeasible() {
    Model m = new Model("empty-row");
    m.addContinuous(0, 1, "x");
    m.addConstraint("nothing", LinearExpr.zero(), 1, 2);
    assertEquals(SolveStatus.INFEASIBLE, backend.solve(m, SolveOptions.defaults()).status());
  }

  @Test
  void gapPrecisionKeepsTheRequestedRelativeGap() {
    // ojAlgo prunes when |a - b| / max(|a|, |b|) <= epsilon of the NumberContext; epsilon must not exceed the gap.
    for (double gap : new double[] {1e-2, 1e-4, 5e-4, 1e-6, 1e-9}) {
      int p = OjAlgoBackend.gapPrecision(gap);
      assertTrue(NumberContext.of(p, 8).epsilon() <= gap * (1 + 1e-9), "gap " + gap + " precision " + p);
      assertTrue(NumberContext.of(p - 1, 8).epsilon() > gap, "gap " + gap + ": precision " + p + " is the smallest");
    }
    assertEquals(15, OjAlgoBackend.gapPrecision(0.0));
    NumberContext fourDigits = NumberContext.of(OjAlgoBackend.gapPrecision(1e-4), 8);
    assertTrue(fourDigits.isDifferent(1000.0, 1000.2), "2e-4 apart is a gap above 1e-4");
    assertFalse(fourDigits.isDifferent(1000.0, 1000.05), "5e-5 apart is within 1e-4");
  }

  @Test
  void stdoutSuppressionIsInPlaceBeforeTheFirstModelIsBuilt() {
    new OjAlgoModelTranslator().translate(rangeModel(Sense.MAXIMIZE), new Optimisation.Options());
    assertNotEquals(null, System.getProperty(OjAlgoConsole.PROPERTY), "the banner property is set by translation");
  }

  @Test
  void versionComesFromTheJar() {
    assertEquals("ojAlgo 55.0.0", backend.version());
    assertTrue(backend.availability().available());
    assertEquals("ojalgo", backend.name());
  }

  @Test
  void moduleBindsTheBackendByName() {
    Map<String, SolverBackend> backends = Guice.createInjector(new OjAlgoModule())
        .getInstance(Key.get(new TypeLiteral<Map<String, SolverBackend>>() {}));
    assertEquals(1, backends.size());
    assertTrue(backends.get("ojalgo") instanceof OjAlgoBackend);
  }

  @Test
  void declaredCapabilities() {
    var c = backend.capabilities();
    assertTrue(c.integers() && c.rangeRows() && c.timeLimit() && c.startValues() && c.interrupt());
    assertFalse(c.indicators() || c.bestBound() || c.nodeCount());
  }

  /** Adds items by decreasing value while the point stays feasible. */
  private static double[] greedy(Model m) {
    double[] point = new double[m.numVars()];
    LinearExpr obj = m.objective();
    Integer[] order = new Integer[obj.size()];
    for (int k = 0; k < order.length; k++) {
      order[k] = k;
    }
    Arrays.sort(order, (p, q) -> Double.compare(obj.coef(q), obj.coef(p)));
    FeasibilityCheck check = new FeasibilityCheck(0.0);
    for (int k : order) {
      point[obj.var(k)] = 1;
      if (!check.isFeasible(m, point)) {
        point[obj.var(k)] = 0;
      }
    }
    return point;
  }

  /** The public translation (used by the benchmarks): one ojAlgo variable per model variable, one expression per row. */
  @Test
  void translateBuildsTheModelWithoutSolving() {
    Model m = BackendConformanceKit.knapsack(12, 5);
    var translated = backend.translate(m);
    assertEquals(12, translated.getVariables().size());
    assertTrue(translated.getExpressions().size() >= 1, "the capacity row");
  }
}
