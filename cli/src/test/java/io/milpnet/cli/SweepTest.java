package io.milpnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweeps: {@code train --sweep} and suites with a {@code grid:}, their tables and Pareto marks, and bad grids. */
class SweepTest {
  @TempDir
  Path dir;

  /** Hand-computed fronts: (0.9, 5) and (0.8, 3) and (0.95, 9) trade off; (0.8, 4) and (0.7, 3) are dominated. */
  @Test
  void paretoFrontOfKnownPoints() {
    double[] acc = {0.9, 0.8, 0.8, 0.95, 0.7, Double.NaN, 0.9};
    double[] cost = {5, 4, 3, 9, 3, 1, 5};
    String[] group = {"a", "a", "a", "a", "a", "a", "a"};
    assertArrayEquals(new boolean[] {true, false, true, true, false, false, true},
        ParetoFront.optimal(acc, cost, group));
    // In its own group, the dominated (0.7, 3) is on the front.
    group[4] = "b";
    assertTrue(ParetoFront.optimal(acc, cost, group)[4]);
  }

  @Test
  void namesAreSafeAndUnique() {
    SweepExpansion s = SweepExpansion.ofFlags(List.of("arch=dense:4,dense:2;dense:3", "data=a/iris.csv,b/iris.csv"),
        k -> true);
    List<String> names = s.points().stream().map(SweepExpansion.Point::name).toList();
    assertEquals(List.of("arch-dense4-dense2__data-iris", "arch-dense4-dense2__data-iris-2", "arch-dense3__data-iris",
        "arch-dense3__data-iris-2"), names);
  }

  /**
   * Iris, 8 rows per class, three L0 penalties, a few seconds each: one row per run with the swept value, and the
   * Pareto marks equal a brute-force dominance check on the table's own numbers.
   */
  @Test
  void aSweepOverL0WritesOneTableWithItsParetoRuns() throws IOException {
    Path train = TrainCommandTest.resource(dir, "iris-train-8-per-class.csv");
    Path test = TrainCommandTest.resource(dir, "iris-test-rest.csv");
    Path out = dir.resolve("sweep");
    CliRun run = CliRun.of("train", "--data", train.toString(), "--test", test.toString(), "--arch", "dense:2",
        "--time-limit", "1", "--gradient-epochs", "60", "--sweep", "l0=0,0.05,0.3", "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(4, csv.size(), csv.toString());
    List<String> header = List.of(csv.get(0).split(","));
    assertEquals(List.of("run", "l0"), header.subList(0, 2));
    int acc = header.indexOf("testAccuracy");
    int nz = header.indexOf("nonzeroWeights");
    int units = header.indexOf("activeNeurons");
    double[] a = new double[3];
    double[] w = new double[3];
    double[] u = new double[3];
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String[] row = csv.get(i + 1).split(",", -1);
      rows.add(row);
      assertEquals(List.of("l0-0", "l0-0.05", "l0-0.3").get(i), row[0]);
      assertEquals(List.of("0", "0.05", "0.3").get(i), row[1]);
      JsonNode summary = TrainCommandTest.json(out.resolve(row[0]).resolve("summary.json"));
      assertEquals(Double.parseDouble(row[1]), summary.path("run").path("l0").asDouble(), 0);
      a[i] = Double.parseDouble(row[acc]);
      w[i] = Double.parseDouble(row[nz]);
      u[i] = Double.parseDouble(row[units]);
      assertEquals(summary.get("nonzeroWeights").asDouble(), w[i], 0);
    }
    for (int i = 0; i < 3; i++) {
      assertEquals(bruteForceFront(a, w, i) ? "yes" : "", rows.get(i)[header.indexOf("paretoWeights")],
          "run " + i + " " + Arrays.toString(a) + " " + Arrays.toString(w));
      assertEquals(bruteForceFront(a, u, i) ? "yes" : "", rows.get(i)[header.indexOf("paretoUnits")]);
    }
    assertTrue(rows.stream().anyMatch(r -> r[header.indexOf("paretoWeights")].equals("yes")));
    assertTrue(w[2] <= w[0], "a 0.3 penalty per weight keeps at most the weights of none: " + Arrays.toString(w));
    JsonNode sweep = TrainCommandTest.json(out.resolve("sweep.json"));
    assertEquals("l0", sweep.get("keys").get(0).asText());
    assertEquals(3, sweep.get("runs").size());
    assertEquals(4, Files.readAllLines(out.resolve("results.md")).size() - 1);
  }

  /** Brute force: run i is on the front unless another run is as good in both and better in one. */
  private static boolean bruteForceFront(double[] acc, double[] cost, int i) {
    for (int j = 0; j < acc.length; j++) {
      if (j != i && acc[j] >= acc[i] && cost[j] <= cost[i] && (acc[j] > acc[i] || cost[j] < cost[i])) {
        return false;
      }
    }
    return true;
  }

  /** A suite's grid over two data sets: one row per data set, the data set a column and the Pareto group. */
  @Test
  void aSuiteGridSweepsDataSets() throws IOException {
    Path xor = TrainCommandTest.resource(dir, "xor.csv");
    Path copy = Files.copy(xor, dir.resolve("xor-again.csv"));
    Path suite = Files.writeString(dir.resolve("grid.yaml"), """
        description: xor twice
        train: {arch: "dense:2", time-limit: 5}
        grid:
          data: [%s, %s]
        """.formatted(xor, copy));
    Path out = dir.resolve("bench");
    CliRun run = CliRun.of("bench", "--suite", suite.toString(), "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(3, csv.size(), csv.toString());
    assertTrue(csv.get(1).startsWith("data-xor," + xor + ",OPTIMAL,0,"), csv.get(1));
    assertTrue(csv.get(2).startsWith("data-xor-again," + copy + ",OPTIMAL,0,"), csv.get(2));
    // Each data set is its own group: both runs are on their front.
    assertTrue(csv.get(1).endsWith(",yes,yes") && csv.get(2).endsWith(",yes,yes"), csv.toString());
    assertTrue(Files.exists(out.resolve("data-xor-again").resolve("network.json")));
  }

  @Test
  void anUnknownKeyOrAnEmptyGridIsOneLineAndWritesNothing() throws IOException {
    Path xor = TrainCommandTest.resource(dir, "xor.csv");
    Path out = dir.resolve("never");
    CliRun unknown = CliRun.of("train", "--data", xor.toString(), "--sweep", "lzero=0,1", "--out", out.toString());
    assertEquals(ExitCode.BAD_INPUT, unknown.exitCode());
    assertTrue(unknown.err().contains("unknown sweep key 'lzero'"), unknown.err());
    assertEquals(1, unknown.err().strip().lines().count(), unknown.err());
    CliRun empty = CliRun.of("train", "--data", xor.toString(), "--sweep", "l0=", "--out", out.toString());
    assertEquals(ExitCode.BAD_INPUT, empty.exitCode());
    assertTrue(empty.err().contains("no values to sweep"), empty.err());
    CliRun twice = CliRun.of("train", "--data", xor.toString(), "--l0", "1", "--sweep", "l0=0,1", "--out",
        out.toString());
    assertEquals(ExitCode.BAD_INPUT, twice.exitCode());
    CliRun badValue = CliRun.of("train", "--data", xor.toString(), "--sweep", "l0=0,abc", "--out", out.toString());
    assertEquals(ExitCode.BAD_INPUT, badValue.exitCode());
    assertTrue(badValue.err().contains("sweep point l0-abc") && badValue.err().contains("abc"), badValue.err());
    assertEquals(1, badValue.err().strip().lines().count(), badValue.err());
    Path suite = Files.writeString(dir.resolve("empty.yaml"), "train: {data: %s}\ngrid: {}\n".formatted(xor));
    CliRun emptyGrid = CliRun.of("bench", "--suite", suite.toString(), "--out", out.toString());
    assertEquals(ExitCode.BAD_INPUT, emptyGrid.exitCode());
    assertTrue(emptyGrid.err().contains("grid is empty"), emptyGrid.err());
    Path badKey = Files.writeString(dir.resolve("bad.yaml"), "train: {data: %s}\ngrid: {out: [a, b]}\n".formatted(xor));
    CliRun bad = CliRun.of("bench", "--suite", badKey.toString(), "--out", out.toString());
    assertEquals(ExitCode.BAD_INPUT, bad.exitCode());
    assertTrue(bad.err().contains("unknown sweep key 'out'"), bad.err());
    assertFalse(Files.exists(out), "nothing is written");
  }
}
