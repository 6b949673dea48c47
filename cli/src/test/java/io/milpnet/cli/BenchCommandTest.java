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

  @Test
  void unknownSuitesAreNamed() {
    CliRun run = CliRun.of("bench", "--suite", "nonesuch", "--out", dir.resolve("x").toString());
    assertEquals(ExitCode.BAD_INPUT, run.exitCode());
    assertTrue(run.err().contains("no suite file suites/nonesuch.yaml"), run.err());
    assertFalse(Files.exists(dir.resolve("x")));
  }
}
