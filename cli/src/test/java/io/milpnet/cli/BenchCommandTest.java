package io.milpnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code milpnet bench} on a small suite: one row per run, in CSV and Markdown. */
class BenchCommandTest {
  @TempDir
  Path dir;

  @Test
  void aSuiteOfTwoRunsGivesTwoRows() throws IOException {
    Path xor = TrainCommandTest.resource(dir, "xor.csv");
    Path suite = Files.writeString(dir.resolve("small.yaml"), """
        description: two XOR runs
        runs:
          - name: exact
            train: {data: %s, arch: "dense:2", time-limit: 30}
          - name: hybrid
            train: {data: %s, arch: "dense:2", strategy: hybrid, l0: 0.01, time-limit: 6}
        """.formatted(xor, xor));
    Path out = dir.resolve("bench");
    CliRun run = CliRun.of("bench", "--suite", suite.toString(), "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(3, csv.size(), csv.toString());
    assertEquals(String.join(",", BenchCommand.COLUMNS), csv.get(0));
    assertTrue(csv.get(1).startsWith("exact,4,0,dense:2,exact,ortools-scip,30,OPTIMAL,0,"), csv.get(1));
    assertTrue(csv.get(2).startsWith("hybrid,4,0,dense:2,hybrid,ortools-scip,6,"), csv.get(2));
    List<String> md = Files.readAllLines(out.resolve("results.md"));
    assertEquals(4, md.size());
    assertTrue(Files.exists(out.resolve("exact").resolve("network.json")));
    CliRun one = CliRun.of("bench", "--suite", suite.toString(), "--only", "hybrid", "--out",
        dir.resolve("one").toString());
    assertEquals(0, one.exitCode(), one.err());
    assertEquals(2, Files.readAllLines(dir.resolve("one").resolve("results.csv")).size());
  }

  /** A run name is a file name under --out: one that climbs out of it, or a second run of one name, is refused. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "runs: [{name: ../../escape, train: {data: x.csv}}]|run name '../../escape' is not a plain file name",
      "runs: [{name: a/b, train: {data: x.csv}}]|run name 'a/b' is not a plain file name",
      "runs: [{name: .hidden, train: {data: x.csv}}]|run name '.hidden' is not a plain file name",
      "runs: [{name: 7, train: {data: x.csv}}, {name: 7, train: {data: y.csv}}]|run name '7' is given twice",
      "runs: [{name: [a], train: {data: x.csv}}]|every run needs a name",
      "{kind: tightness, instances: [{name: /etc/x, train: {data: x.csv}}]}|instance name '/etc/x' is not a plain",
      "{kind: baselines, datasets: [{name: d, train: {}}, {name: d, train: {}}]}|data set name 'd' is given twice"})
  void runNamesAreSafeAndUnique(String yaml, String expected) throws IOException {
    Path work = Files.createDirectories(dir.resolve("deep").resolve("er"));
    Path suite = Files.writeString(work.resolve("s.yaml"), yaml);
    Path out = work.resolve("bench");
    CliRun run = CliRun.of("bench", "--suite", suite.toString(), "--out", out.toString());
    assertEquals(2, run.exitCode(), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.err().contains(expected), run.err());
    assertFalse(Files.exists(out), "nothing written under --out");
    try (var files = Files.walk(dir)) {
      assertEquals(List.of(suite), files.filter(Files::isRegularFile).toList(), "nothing written anywhere else");
    }
  }

  /**
   * A baselines suite: the default run and the float network on the same rows, in one row whose verdicts follow from
   * the two summaries it wrote (the scikit-learn columns are filled only where Python with scikit-learn is installed).
   */
  @Test
  void aBaselinesSuitePutsTheDefaultRunBesideTheFloatNetwork() throws IOException {
    Path iris = TrainCommandTest.resource(dir, "iris.csv");
    Path suite = Files.writeString(dir.resolve("baselines.yaml"), """
        kind: baselines
        seeds: [0]
        datasets:
          - name: iris
            train: {data: %s, test-split: 0.3, arch: "dense:2", time-limit: 5}
        """.formatted(iris));
    Path out = dir.resolve("baselines");
    CliRun run = CliRun.of("bench", "--suite", suite.toString(), "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(2, csv.size(), csv.toString());
    assertEquals(String.join(",", BaselinesSuite.COLUMNS), csv.get(0));
    String[] row = csv.get(1).split(",", -1);
    Path base = out.resolve("iris__seed0");
    var def = TrainCommandTest.json(base.resolve("default/summary.json"));
    var flt = TrainCommandTest.json(base.resolve("float/summary.json"));
    assertEquals("FLOAT", flt.get("status").asText());
    assertEquals("iris", row[0]);
    assertEquals("105", row[3]);
    double mine = def.get("testAccuracy").asDouble();
    double theirs = flt.get("testAccuracy").asDouble();
    assertEquals(mine, Double.parseDouble(row[COL.indexOf("milpnetTest")]), 1e-5);
    assertEquals(theirs, Double.parseDouble(row[COL.indexOf("floatTest")]), 1e-5);
    assertEquals(mine >= theirs - 0.01 ? "yes" : "no", row[COL.indexOf("withinFloat")]);
    assertEquals(def.get("nonzeroWeights").asInt() < flt.get("nonzeroWeights").asInt() ? "yes" : "no",
        row[COL.indexOf("fewerWeights")]);
    assertEquals("yes", row[COL.indexOf("validationKept")], "every kept change kept validation: " + csv.get(1));
    assertTrue(Files.exists(base.resolve("split/train.csv")) && Files.exists(base.resolve("split/test.csv")));
  }

  private static final List<String> COL = BaselinesSuite.COLUMNS;

  /** Two formulations of each kind: big-M with and without the Lipschitz cuts; interval and LP bounds. */
  static final String BIGM_AND_LIPSCHITZ = """
        train:
          - {formulation: bigm, bounds: interval, options: {lipschitz-cuts: 0}}
          - {formulation: bigm+lipschitz, bounds: interval, options: {}}
        verify:
          - {formulation: bigm, bounds: interval, options: {bounds: interval}}
          - {formulation: bigm, bounds: lp, options: {bounds: lp}}
      """;

  /**
   * A tightness suite in {@code dir/file} with two instances of known answers, the twins (training: two copies of one
   * point with different labels, loss 1 at the optimum) and abs (verification: y = |x - 0.5| against y >= 0.6, margin
   * -0.1), under {@code formulations} (the suite's {@code formulations:} map, its lines indented by two spaces).
   */
  static Path twinsAndAbs(Path dir, String file, String formulations) throws IOException {
    Path data = Files.writeString(dir.resolve("twins.csv"), "a,b,label\n0.3,0.8,0\n0.3,0.8,1\n0.9,0.1,1\n");
    Path nets = Path.of("../formulation/src/test/resources/verify").toAbsolutePath();
    return Files.writeString(dir.resolve(file), """
        kind: tightness
        time-limit: 30
        instances:
          - name: twins
            train: {data: %s, arch: "dense:2"}
          - name: abs
            verify: {network: %s, property: %s}
        formulations:
        """.formatted(data.toAbsolutePath(), nets.resolve("abs.nnet"), nets.resolve("abs-holds.vnnlib"))
        + formulations);
  }

  /**
   * A tightness suite with hand-computed answers. Training: two copies of one point with different labels (margin
   * 0.5) have loss at least 2 x 0.5 = 1 in any network, which the optimum attains; the plain relaxation's bound is 0
   * (rootGap 1), the Lipschitz cut's is exactly 1 (rootGap 0). Verification: y = |x - 0.5| on [0, 1] against
   * y >= 0.6 has the largest margin 0.5 - 0.6 = -0.1 under every bound method.
   */
  @Test
  void aTightnessSuiteTabulatesRootGapsAgainstTheBestRow() throws IOException {
    Path suite = twinsAndAbs(dir, "tight.yaml", BIGM_AND_LIPSCHITZ);
    Path out = dir.resolve("tight");
    CliRun run = CliRun.of("bench", "--suite", suite.toString(), "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(String.join(",", TightnessSuite.TIGHTNESS_COLUMNS), csv.get(0));
    assertEquals(5, csv.size(), csv.toString());
    java.util.function.BiFunction<Integer, String, String> cell = (row, column) ->
        csv.get(row).split(",", -1)[TightnessSuite.TIGHTNESS_COLUMNS.indexOf(column)];
    assertEquals("bigm", cell.apply(1, "formulation"));
    assertEquals(1.0, Double.parseDouble(cell.apply(1, "objective")), 1e-6);
    assertEquals(0.0, Double.parseDouble(cell.apply(1, "lpBound")), 1e-7);
    assertEquals(1.0, Double.parseDouble(cell.apply(1, "rootGap")), 1e-6);
    assertEquals(1.0, Double.parseDouble(cell.apply(2, "lpBound")), 1e-6);
    assertEquals(0.0, Double.parseDouble(cell.apply(2, "rootGap")), 1e-6);
    for (int row = 3; row <= 4; row++) {
      assertEquals("abs", cell.apply(row, "instance"));
      assertEquals(-0.1, Double.parseDouble(cell.apply(row, "objective")), 1e-6);
      assertTrue(cell.apply(row, "status").startsWith("OPTIMAL (holds)"), csv.get(row));
    }
    assertTrue(Files.exists(out.resolve("twins__bigm__interval.log")));
    assertEquals(6, Files.readAllLines(out.resolve("results.md")).size());
  }

  /**
   * A formulation row's {@code solver-param} map reaches the solver of both kinds of job (train through its experiment
   * file, verify through its flags): the twins' optimum (1) and the abs property's margin (-0.1) are unchanged, and
   * each job's summary lists the parameter.
   */
  @Test
  void aSuiteRowPassesSolverParametersToItsJobs() throws IOException {
    Path suite = twinsAndAbs(dir, "params.yaml", """
          train:
            - {formulation: no-root-cuts, bounds: interval, options: {solver-param: {separating/maxroundsroot: 0}}}
          verify:
            - {formulation: node-limit, bounds: interval, options: {solver-param: {limits/nodes: 1000}}}
        """);
    Path out = dir.resolve("params");
    CliRun run = CliRun.of("bench", "--suite", suite.toString(), "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(3, csv.size(), csv.toString());
    int objective = TightnessSuite.TIGHTNESS_COLUMNS.indexOf("objective");
    assertEquals(1.0, Double.parseDouble(csv.get(1).split(",", -1)[objective]), 1e-6);
    assertEquals(-0.1, Double.parseDouble(csv.get(2).split(",", -1)[objective]), 1e-6);
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    assertEquals("0", json.readTree(out.resolve("twins__no-root-cuts__interval/summary.json").toFile())
        .get("run").get("solverParameters").get("separating/maxroundsroot").asText());
    assertEquals("1000", json.readTree(out.resolve("abs__node-limit__interval/summary.json").toFile())
        .get("solverParameters").get("limits/nodes").asText());
  }

  @Test
  void unknownSuitesAreNamed() {
    CliRun run = CliRun.of("bench", "--suite", "nonesuch", "--out", dir.resolve("x").toString());
    assertEquals(ExitCode.BAD_INPUT, run.exitCode());
    assertTrue(run.err().contains("no suite file suites/nonesuch.yaml"), run.err());
    assertFalse(Files.exists(dir.resolve("x")));
  }
}
