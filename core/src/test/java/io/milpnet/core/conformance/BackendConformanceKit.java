package io.milpnet.core.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.milpnet.core.bridge.BridgingSolver;
import io.milpnet.core.model.FeasibilityCheck;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Sense;
import io.milpnet.core.model.Var;
import io.milpnet.core.solver.Capabilities;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolutionCheck;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.core.io.MpsReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The known-answer suite every backend runs (MathOptInterface's {@code MOI.Test} in spirit): each model's optimum
 * is computed by hand in its comment or by brute force in the test. A test that needs a capability the backend does
 * not declare is skipped, not failed. Every returned point must pass both an absolute 1e-5 check and the shared
 * relative check every backend applies ({@link SolutionCheck}, {@code FeasibilityCheck.forSolutions()}), and be
 * priced at the reported objective. Subclasses provide the backend; {@link #viaBridges()} runs it through the
 * bridges instead of raw.
 */
public abstract class BackendConformanceKit {
  protected static final double TOL = 1e-6;

  protected abstract SolverBackend backend();

  /** Override to return true to run every model through {@link BridgingSolver}. */
  protected boolean viaBridges() {
    return false;
  }

  private SolverBackend solver;

  /**
   * Backends named in {@code $MILPNET_REQUIRE_BACKENDS} (comma-separated; CI sets it) must be available: there an
   * unavailable backend fails the suite instead of skipping it, so a missing system library cannot pass unnoticed.
   */
  @BeforeEach
  public void checkAvailable() {
    SolverBackend raw = backend();
    String required = System.getenv().getOrDefault("MILPNET_REQUIRE_BACKENDS", "");
    if (java.util.Arrays.asList(required.split(",")).contains(raw.name())) {
      assertTrue(raw.availability().available(), () -> raw.name() + " is required but unavailable: "
          + raw.availability().reason());
    }
    assumeTrue(raw.availability().available(), () -> raw.name() + " unavailable: " + raw.availability().reason());
    solver = viaBridges() ? new BridgingSolver(raw) : raw;
  }

  protected Capabilities caps() {
    return solver.capabilities();
  }

  protected Solution solve(Model m) {
    return solve(m, SolveOptions.defaults().withTimeLimit(60));
  }

  protected Solution solve(Model m, SolveOptions options) {
    Solution s = solver.solve(m, options);
    if (s.hasSolution()) {
      assertEquals(m.numVars(), s.values().length, "one value per variable");
      assertTrue(new FeasibilityCheck(1e-5).isFeasible(m, s.values()),
          () -> "solution violates the model: " + new FeasibilityCheck(1e-5).violations(m, s.values()));
      assertTrue(SolutionCheck.accepts(m, s.values()), () -> "the shared check (FeasibilityCheck.forSolutions)"
          + " rejects the returned point: " + SolutionCheck.violations(m, s.values()));
      assertEquals(m.objective().evaluate(s.values()), s.objective(), 1e-6 * Math.max(1, Math.abs(s.objective())),
          "reported objective equals the objective at the returned values");
    }
    return s;
  }

  @Test
  public void linearProgram() {
    // max 3x + 2y  s.t.  x + y <= 4, x + 3y <= 6, x <= 3, x, y >= 0.  Vertices: (3,1) gives 11, the optimum.
    Model m = new Model("lp");
    Var x = m.addContinuous(0, 3, "x");
    Var y = m.addContinuous(0, Double.POSITIVE_INFINITY, "y");
    m.addLessOrEqual("c1", LinearExpr.builder().add(x).add(y).build(), 4);
    m.addLessOrEqual("c2", LinearExpr.builder().add(x).add(3, y).build(), 6);
    m.setObjective(Sense.MAXIMIZE, LinearExpr.builder().add(3, x).add(2, y).build());
    Solution s = solve(m);
    assertEquals(SolveStatus.OPTIMAL, s.status());
    assertEquals(11.0, s.objective(), TOL);
    assertEquals(3.0, s.value(x.index()), TOL);
    assertEquals(1.0, s.value(y.index()), TOL);
    if (caps().bestBound()) {
      assertEquals(11.0, s.bestBound(), 1e-4);
    }
  }

  @Test
  public void integerProgramMatchesBruteForce() {
    assumeTrue(caps().integers());
    // max 5x + 4y + 3w  s.t. 6x + 4y + 5w <= 24, x + 2y + w <= 6, x, y, w in {0..6}
    Model m = new Model("ip");
    Var x = m.addInteger(0, 6, "x");
    Var y = m.addInteger(0, 6, "y");
    Var w = m.addInteger(0, 6, "w");
    m.addLessOrEqual("c1", LinearExpr.builder().add(6, x).add(4, y).add(5, w).build(), 24);
    m.addLessOrEqual("c2", LinearExpr.builder().add(x).add(2, y).add(w).build(), 6);
    m.setObjective(Sense.MAXIMIZE, LinearExpr.builder().add(5, x).add(4, y).add(3, w).addConstant(1.5).build());
    double best = Double.NEGATIVE_INFINITY;
    for (int a = 0; a <= 6; a++) {
      for (int b = 0; b <= 6; b++) {
        for (int c = 0; c <= 6; c++) {
          if (6 * a + 4 * b + 5 * c <= 24 && a + 2 * b + c <= 6) {
            best = Math.max(best, 5 * a + 4 * b + 3 * c + 1.5);
          }
        }
      }
    }
    Solution s = solve(m);
    assertEquals(SolveStatus.OPTIMAL, s.status());
    assertEquals(best, s.objective(), TOL);
  }

  @Test
  public void infeasible() {
    Model m = new Model("infeasible");
    Var x = m.addContinuous(0, 10, "x");
    Var y = m.addContinuous(0, 10, "y");
    m.addGreaterOrEqual("lo", LinearExpr.builder().add(x).add(y).build(), 5);
    m.addLessOrEqual("hi", LinearExpr.builder().add(x).add(y).build(), 3);
    m.setObjective(Sense.MINIMIZE, LinearExpr.of(x));
    assertEquals(SolveStatus.INFEASIBLE, solve(m).status());
  }

  @Test
  public void infeasibleInteger() {
    assumeTrue(caps().integers());
    // 2x + 2y = 3 has no integer solution although its LP relaxation is feasible.
    Model m = new Model("infeasible-int");
    Var x = m.addInteger(0, 5, "x");
    Var y = m.addInteger(0, 5, "y");
    m.addEquality("odd", LinearExpr.builder().add(2, x).add(2, y).build(), 3);
    m.setObjective(Sense.MINIMIZE, LinearExpr.of(x));
    assertEquals(SolveStatus.INFEASIBLE, solve(m).status());
  }

  @Test
  public void unbounded() {
    // max x + y  s.t.  x - y <= 1, x, y >= 0: the ray (1, 1) is feasible and improving.
    Model m = new Model("unbounded");
    Var x = m.addContinuous(0, Double.POSITIVE_INFINITY, "x");
    Var y = m.addContinuous(0, Double.POSITIVE_INFINITY, "y");
    m.addLessOrEqual("c", LinearExpr.builder().add(x).add(-1, y).build(), 1);
    m.setObjective(Sense.MAXIMIZE, LinearExpr.builder().add(x).add(y).build());
    assertEquals(SolveStatus.UNBOUNDED, solve(m).status());
  }

  @Test
  public void freeAndNegativeVariablesAndRanges() {
    // min x + 2y with x free, y in [-3, -1], -2 <= x - y <= 0.5 (a range row): x = y - 2 at best, y = -3 -> -11.
    Model m = new Model("free");
    Var x = m.addContinuous(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, "x");
    Var y = m.addContinuous(-3, -1, "y");
    m.addConstraint("range", LinearExpr.builder().add(x).add(-1, y).build(), -2, 0.5);
    m.setObjective(Sense.MINIMIZE, LinearExpr.builder().add(x).add(2, y).build());
    Solution s = solve(m);
    assertEquals(SolveStatus.OPTIMAL, s.status());
    assertEquals(-11.0, s.objective(), TOL);
    assertEquals(-5.0, s.value(x.index()), TOL);
  }

  @Test
  public void emptyModelReturnsTheConstant() {
    Model m = new Model("empty");
    m.setObjective(Sense.MINIMIZE, LinearExpr.constant(4.25));
    Solution s = solve(m);
    assertEquals(SolveStatus.OPTIMAL, s.status());
    assertEquals(4.25, s.objective(), TOL);
  }

  @Test
  public void indicatorsPickTheBetterBranch() {
    assumeTrue(caps().integers() && caps().indicators());
    // x in [0, 10]; z = 1 => x <= 2; z = 0 => x >= 8.  max x + c z: z = 1 gives 2 + c, z = 0 gives 10.
    for (double c : new double[] {5, 9}) {
      Model m = new Model("indicator-" + c);
      Var x = m.addContinuous(0, 10, "x");
      Var z = m.addBinary("z");
      m.addIndicator("on", z, true, LinearExpr.of(x), Double.NEGATIVE_INFINITY, 2);
      m.addIndicator("off", z, false, LinearExpr.of(x), 8, Double.POSITIVE_INFINITY);
      m.setObjective(Sense.MAXIMIZE, LinearExpr.builder().add(x).add(c, z).build());
      Solution s = solve(m);
      assertEquals(SolveStatus.OPTIMAL, s.status());
      assertEquals(Math.max(2 + c, 10), s.objective(), TOL, "c = " + c);
      assertEquals(2 + c > 10 ? 1.0 : 0.0, s.value(z.index()), TOL);
    }
  }

  @Test
  public void startValuesAreAccepted() {
    assumeTrue(caps().integers() && caps().startValues());
    Model m = knapsack(30, 7);
    double[] start = new double[m.numVars()]; // the empty knapsack is feasible
    Solution s = solve(m, SolveOptions.defaults().withTimeLimit(60).withStartValues(start));
    assertEquals(SolveStatus.OPTIMAL, s.status());
    assertEquals(knapsackOptimum(30, 7), s.objective(), TOL);
  }

  @Test
  public void timeLimitReturnsIncumbentWithHonestGap() {
    assumeTrue(caps().integers() && caps().timeLimit() && caps().startValues());
    // A market-split-like equality knapsack family is hard to prove; a start value guarantees an incumbent.
    Model m = hardModel(60, 11);
    double[] start = new double[m.numVars()];
    Solution s = solve(m, SolveOptions.defaults().withTimeLimit(0.5).withStartValues(start));
    assertTrue(s.seconds() < 30, "time limit respected: " + s.seconds());
    assertTrue(s.status() == SolveStatus.FEASIBLE || s.status() == SolveStatus.OPTIMAL, s.toString());
    if (s.status() == SolveStatus.FEASIBLE && caps().bestBound()) {
      assertFalse(Double.isNaN(s.bestBound()));
      assertTrue(s.bestBound() >= s.objective() - TOL, "max problem: bound above incumbent " + s);
    }
    if (s.status() == SolveStatus.OPTIMAL && caps().bestBound()) {
      assertTrue(s.gap() <= SolveOptions.DEFAULT_RELATIVE_GAP + 1e-9, "OPTIMAL within the requested gap: " + s);
    }
  }

  @Test
  public void timeLimitIsRespectedWithoutAStart() {
    assumeTrue(caps().integers() && caps().timeLimit());
    Model m = hardModel(200, 5, 20);
    long start = System.nanoTime();
    Solution s = solve(m, SolveOptions.defaults().withTimeLimit(1.0));
    double elapsed = (System.nanoTime() - start) / 1e9;
    assertTrue(elapsed < 1.0 + 3.0, "returned " + elapsed + " s after a 1 s limit");
    assertTrue(s.status() == SolveStatus.FEASIBLE || s.status() == SolveStatus.NO_SOLUTION
        || s.status() == SolveStatus.OPTIMAL, s.toString());
    if (s.status() == SolveStatus.FEASIBLE && caps().bestBound()) {
      assertTrue(s.bestBound() >= s.objective() - TOL, "max problem: bound above incumbent " + s);
    }
    if (s.status() == SolveStatus.NO_SOLUTION) {
      assertTrue(s.values() == null);
    }
  }

  /** The real instances of {@code src/test/resources/mps} with their published optima (see PROVENANCE.md there). */
  public static Stream<Arguments> publishedInstances() {
    return Stream.of(
        Arguments.of("afiro", -464.75314286),
        Arguments.of("p0033", 3089.0),
        Arguments.of("egout", 568.1007),
        Arguments.of("stein27", 18.0),
        Arguments.of("flugpl", 1201500.0));
  }

  /** Time budget per published instance; a backend that does not finish in it is skipped on that instance. */
  protected double instanceTimeLimitSeconds() {
    return 20;
  }

  /**
   * Published optima, relative 1e-6 (the published values carry 8 significant digits). A backend that returns
   * OPTIMAL with another value fails; one that runs out of its budget is skipped, not failed.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("publishedInstances")
  public void publishedOptimum(String instance, double optimum) throws IOException {
    Model m = published(instance);
    assumeTrue(caps().integers() || !m.hasIntegerVars());
    Solution s = solve(m, SolveOptions.defaults().withTimeLimit(instanceTimeLimitSeconds()).withRelativeGap(1e-9));
    if (s.status() == SolveStatus.FEASIBLE || s.status() == SolveStatus.NO_SOLUTION) {
      Assumptions.abort(backend().name() + " did not finish " + instance + " within " + instanceTimeLimitSeconds()
          + " s: " + s);
    }
    assertEquals(SolveStatus.OPTIMAL, s.status(), s.toString());
    assertEquals(optimum, s.objective(), 1e-6 * Math.max(1, Math.abs(optimum)), instance + " published optimum");
  }

  private static Model published(String instance) throws IOException {
    try (InputStream in = BackendConformanceKit.class.getResourceAsStream("/mps/" + instance + ".mps")) {
      assertTrue(in != null, "instance " + instance + " is on the test classpath");
      return new MpsReader().read(new String(in.readAllBytes(), StandardCharsets.US_ASCII), instance + ".mps");
    }
  }

  /**
   * A memory limit stops the search like a time limit: stein27 (published optimum 18) under 6 MB stops with an
   * incumbent and a bound that bracket 18 and does not claim optimality (measured with SCIP 9.2: it stops at the root
   * from 3 MB to 7 MB, proves 18 from about 20 MB); an ample limit changes nothing.
   */
  @Test
  public void aMemoryLimitStopsWithIncumbentAndBound() throws IOException {
    assumeTrue(caps().memoryLimit());
    Model m = published("stein27");
    Solution stopped = solve(m, SolveOptions.defaults().withRelativeGap(1e-9).withMemoryLimit(6));
    assertEquals(SolveStatus.FEASIBLE, stopped.status(), stopped.toString());
    assertTrue(stopped.objective() >= 18 - 1e-6, "an incumbent is a solution: " + stopped);
    assertTrue(stopped.bestBound() <= 18 + 1e-6 && stopped.bestBound() < stopped.objective() - 1e-6,
        "the bound is valid and below the incumbent: " + stopped);
    Solution ample = solve(m, SolveOptions.defaults().withRelativeGap(1e-9).withMemoryLimit(100_000));
    assertEquals(SolveStatus.OPTIMAL, ample.status(), ample.toString());
    assertEquals(18, ample.objective(), 1e-6);
  }

  @Test
  public void repeatedSolvesAgree() {
    assumeTrue(caps().integers());
    Model m = knapsack(25, 3);
    Solution a = solve(m);
    Solution b = solve(m);
    assertEquals(a.objective(), b.objective(), TOL);
    assertArrayEquals(new double[] {knapsackOptimum(25, 3)}, new double[] {a.objective()}, TOL);
  }

  /** max sum v_i x_i s.t. sum w_i x_i <= W, x binary; small enough for dynamic programming. */
  public static Model knapsack(int n, long seed) {
    Random r = new Random(seed);
    Model m = new Model("knapsack-" + n + "-" + seed);
    LinearExpr.Builder weight = LinearExpr.builder();
    LinearExpr.Builder value = LinearExpr.builder();
    int total = 0;
    for (int i = 0; i < n; i++) {
      Var x = m.addBinary("x" + i);
      int w = 1 + r.nextInt(40);
      int v = 1 + r.nextInt(60);
      total += w;
      weight.add(w, x);
      value.add(v, x);
    }
    m.addLessOrEqual("capacity", weight.build(), total / 3);
    m.setObjective(Sense.MAXIMIZE, value.build());
    return m;
  }

  public static double knapsackOptimum(int n, long seed) {
    Random r = new Random(seed);
    int[] w = new int[n];
    int[] v = new int[n];
    int total = 0;
    for (int i = 0; i < n; i++) {
      w[i] = 1 + r.nextInt(40);
      v[i] = 1 + r.nextInt(60);
      total += w[i];
    }
    int cap = total / 3;
    long[] best = new long[cap + 1];
    for (int i = 0; i < n; i++) {
      for (int c = cap; c >= w[i]; c--) {
        best[c] = Math.max(best[c], best[c - w[i]] + v[i]);
      }
    }
    return best[cap];
  }

  /** Several random knapsack rows at once with many equal-ratio items: easy incumbents, slow proofs. */
  public static Model hardModel(int n, long seed) {
    return hardModel(n, seed, 8);
  }

  /**
   * max sum v_i x_i over n binaries with {@code rows} knapsack rows at half their total weight: the empty set is
   * feasible and incumbents come at once, but the proof takes long. Backend tests share it for time-limit checks.
   */
  public static Model hardModel(int n, long seed, int rows) {
    Random r = new Random(seed);
    Model m = new Model("hard-" + n);
    Var[] x = new Var[n];
    for (int i = 0; i < n; i++) {
      x[i] = m.addBinary("x" + i);
    }
    for (int row = 0; row < rows; row++) {
      LinearExpr.Builder b = LinearExpr.builder();
      long sum = 0;
      for (int i = 0; i < n; i++) {
        int a = 1000 + r.nextInt(1000);
        sum += a;
        b.add(a, x[i]);
      }
      m.addLessOrEqual("row" + row, b.build(), sum / 2.0 + 0.5);
    }
    LinearExpr.Builder obj = LinearExpr.builder();
    for (int i = 0; i < n; i++) {
      obj.add(1000 + r.nextInt(1000), x[i]);
    }
    m.setObjective(Sense.MAXIMIZE, obj.build());
    return m;
  }
}
