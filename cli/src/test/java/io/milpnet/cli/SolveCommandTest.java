package io.milpnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code milpnet solve} and {@code train --export-model}: models move between milpnet and other solvers. */
class SolveCommandTest {
  @TempDir
  Path dir;

  static final Path P0033 = Path.of("../core/src/test/resources/mps/p0033.mps");

  private static JsonNode json(String text) throws IOException {
    return new ObjectMapper().readTree(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ortools-scip", "ortools-cbc", "ortools-highs"})
  void publishedOptimumAsJson(String backend) throws IOException {
    CliRun run = CliRun.of("solve", P0033.toString(), "--backend", backend, "--json");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode s = json(run.out());
    assertEquals("OPTIMAL", s.get("status").asText());
    assertEquals(3089.0, s.get("objective").asDouble(), 1e-6);
    assertEquals(backend, s.get("backend").asText());
    assertEquals(33, s.get("model").get("integers").asInt());
  }

  @Test
  void textOutputNamesStatusObjectiveBoundAndTime() {
    CliRun run = CliRun.of("solve", P0033.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("status OPTIMAL  objective 3089  best bound 3089"), run.out());
  }

  /** stein27 (optimum 18) needs about 20 MB of SCIP memory to prove 18: at 6 MB it stops, with a gap, and says why. */
  @Test
  void aSolveStoppedAtItsMemoryLimitSaysSo() {
    CliRun run = CliRun.of("solve", "../core/src/test/resources/mps/stein27.mps", "--solver-memory", "6");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("status FEASIBLE  objective 18"), run.out());
    assertTrue(run.out().contains("at its memory limit of 6 MB, before its time limit"), run.out());
    CliRun none = CliRun.of("solve", "../core/src/test/resources/mps/stein27.mps", "--solver-memory", "none");
    assertEquals(0, none.exitCode(), none.err());
    assertTrue(none.out().contains("status OPTIMAL  objective 18"), none.out());
  }

  /** stein27 takes more than 5 nodes to prove 18: SCIP's own node limit stops it there, and the output says why. */
  @Test
  void aSolverParameterReachesTheSolver() {
    CliRun run = CliRun.of("solve", "../core/src/test/resources/mps/stein27.mps", "--solver-param", "limits/nodes=5");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("status FEASIBLE"), run.out());
    assertTrue(run.out().contains("nodes 5  (ortools-scip)"), run.out());
    assertTrue(run.out().contains("at a limit among its solver parameters, before its time limit"), run.out());
  }

  @Test
  void malformedModelIsALineNumberedError() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.mps"), "NAME x\nROWS\n N obj\n L c1\nCOLUMNS\n    x c9 1\nENDATA\n");
    CliRun run = CliRun.of("solve", bad.toString());
    assertEquals(2, run.exitCode());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.err().contains("line 6"), run.err());
    CliRun missing = CliRun.of("solve", dir.resolve("none.mps").toString());
    assertEquals(2, missing.exitCode());
    assertTrue(missing.err().contains("does not exist"), missing.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"bigm", "indicator"})
  void anExportedTrainingModelSolvesToTheTrainingOptimum(String relu) throws IOException {
    // Iris, 8 samples per class, one hidden unit: a nonzero optimum SCIP proves in seconds.
    Path data = Files.copy(Path.of("../examples/iris-train-8-per-class.csv"), dir.resolve("iris8.csv"));
    Path mps = dir.resolve("train.mps");
    Path lp = dir.resolve("train.lp");
    Path out = dir.resolve("run");
    CliRun train = CliRun.of("train", "--data", data.toString(), "--arch", "dense:1", "--relu", relu,
        "--time-limit", "120", "--gap", "0", "--export-model", mps.toString(), "--out", out.toString());
    assertEquals(0, train.exitCode(), train.err());
    JsonNode summary = new ObjectMapper().readTree(Files.readString(out.resolve("summary.json")));
    assertEquals("OPTIMAL", summary.get("status").asText());
    double optimum = summary.get("objective").asDouble();
    assertTrue(optimum > 1, "a nonzero optimum: " + optimum);

    CliRun solved = CliRun.of("solve", mps.toString(), "--json", "--gap", "0", "--time-limit", "120");
    assertEquals(0, solved.exitCode(), solved.err());
    JsonNode s = json(solved.out());
    assertEquals("OPTIMAL", s.get("status").asText());
    assertEquals(optimum, s.get("objective").asDouble(), 1e-6 * optimum);

    CliRun lpExport = CliRun.of("train", "--data", data.toString(), "--arch", "dense:1", "--relu", relu,
        "--time-limit", "1", "--export-model", lp.toString(), "--out", dir.resolve("run2").toString());
    assertEquals(0, lpExport.exitCode(), lpExport.err());
    String text = Files.readString(lp);
    assertTrue(text.contains("Subject To") && text.contains("End"), "an LP file");
    assertEquals(relu.equals("indicator"), text.contains("->"), "indicators kept in LP only when present");
  }

  @Test
  void exportPathIsCheckedBeforeAnyWork() throws IOException {
    Path data = Files.copy(Path.of("../data/xor.csv"), dir.resolve("xor.csv"));
    CliRun run = CliRun.of("train", "--data", data.toString(), "--export-model", dir.resolve("m.txt").toString(),
        "--out", dir.resolve("out").toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("must end in .mps or .lp"), run.err());
    assertTrue(!Files.exists(dir.resolve("out")));
  }
}
