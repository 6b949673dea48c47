package io.milpnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --executor slurm} on a real Slurm cluster (skipped, with a message, when none answers {@code sinfo};
 * {@code scripts/slurm-single-node.sh} starts one on this machine): a suite of two runs as a job array gives the local
 * executor's rows, up to the timing column; a rejected partition is one line and leaves nothing.
 */
class SlurmExecutorTest {
  @TempDir
  Path dir;

  private static void requireCluster() throws Exception {
    boolean up = false;
    if (SlurmSuite.onPath("sinfo", System.getenv("PATH")) != null) {
      Process p = new ProcessBuilder("sinfo", "-h", "-o", "%T").redirectErrorStream(true).start();
      up = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0
          && new String(p.getInputStream().readAllBytes()).matches("(?s).*(idle|mixed|alloc).*");
    }
    Assumptions.assumeTrue(up, "no Slurm cluster answers sinfo (start one as root: scripts/slurm-single-node.sh):"
        + " the Slurm executor test is skipped");
  }

  @Test
  void aJobArrayGivesTheLocalRows() throws Exception {
    requireCluster();
    Path xor = TrainCommandTest.resource(dir, "xor.csv");
    Path suite = Files.writeString(dir.resolve("small.yaml"), """
        description: two XOR runs
        runs:
          - name: exact
            train: {data: %s, arch: "dense:2", time-limit: 10}
          - name: sparse
            train: {data: %s, arch: "dense:2", l0: 0.1, time-limit: 10}
        """.formatted(xor.toAbsolutePath(), xor.toAbsolutePath()));
    Path local = dir.resolve("local");
    CliRun here = CliRun.of("bench", "--suite", suite.toString(), "--out", local.toString());
    assertEquals(0, here.exitCode(), here.err());
    Path slurm = dir.resolve("slurm");
    CliRun there = CliRun.of("bench", "--suite", suite.toString(), "--executor", "slurm", "--out", slurm.toString());
    assertEquals(0, there.exitCode(), there.err());
    assertTrue(there.out().contains("submitted Slurm job array"), there.out());
    List<String> a = withoutTimes(Files.readAllLines(local.resolve("results.csv")));
    List<String> b = withoutTimes(Files.readAllLines(slurm.resolve("results.csv")));
    assertEquals(a, b);
    assertEquals(3, b.size());
    // --collect again gives the same table.
    CliRun collect = CliRun.of("bench", "--collect", slurm.toString());
    assertEquals(0, collect.exitCode(), collect.err());
    assertEquals(b, withoutTimes(Files.readAllLines(slurm.resolve("results.csv"))));
    assertTrue(collect.out().contains("collected 2 of 2"), collect.out());
  }

  /** {@code --jobs 2} runs the same job array as processes on this machine: the sequential rows, no cluster needed. */
  @Test
  void localJobsGiveTheSequentialRows() throws Exception {
    Path xor = TrainCommandTest.resource(dir, "xor.csv");
    Path suite = Files.writeString(dir.resolve("small.yaml"), """
        runs:
          - name: exact
            train: {data: %s, arch: "dense:2", time-limit: 10}
          - name: sparse
            train: {data: %s, arch: "dense:2", l0: 0.1, time-limit: 10}
          - name: wide
            train: {data: %s, arch: "dense:3", time-limit: 10}
        """.formatted(xor.toAbsolutePath(), xor.toAbsolutePath(), xor.toAbsolutePath()));
    Path one = dir.resolve("one");
    CliRun sequential = CliRun.of("bench", "--suite", suite.toString(), "--out", one.toString());
    assertEquals(0, sequential.exitCode(), sequential.err());
    Path two = dir.resolve("two");
    CliRun parallel = CliRun.of("bench", "--suite", suite.toString(), "--jobs", "2", "--out", two.toString());
    assertEquals(0, parallel.exitCode(), parallel.err());
    assertTrue(parallel.out().contains("2 at once") && parallel.out().contains("collected 3 of 3"), parallel.out());
    List<String> a = withoutTimes(Files.readAllLines(one.resolve("results.csv")));
    assertEquals(a, withoutTimes(Files.readAllLines(two.resolve("results.csv"))));
    assertEquals(4, a.size());
    CliRun bad = CliRun.of("bench", "--suite", suite.toString(), "--jobs", "0", "--out", dir.resolve("x").toString());
    assertEquals(ExitCode.BAD_INPUT, bad.exitCode());
    assertEquals(1, bad.err().strip().lines().count(), bad.err());
    assertFalse(Files.exists(dir.resolve("x")));
  }

  @Test
  void aRejectedPartitionIsOneLineAndLeavesNothing() throws Exception {
    requireCluster();
    Path xor = TrainCommandTest.resource(dir, "xor.csv");
    Path suite = Files.writeString(dir.resolve("one.yaml"), """
        runs:
          - name: exact
            train: {data: %s, arch: "dense:2"}
        """.formatted(xor.toAbsolutePath()));
    Path out = dir.resolve("never");
    CliRun run = CliRun.of("bench", "--suite", suite.toString(), "--executor", "slurm", "--partition",
        "no-such-partition", "--out", out.toString());
    assertEquals(ExitCode.BAD_INPUT, run.exitCode());
    assertTrue(run.err().contains("sbatch refused") && run.err().contains("no-such-partition"), run.err());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void commandsAreLookedUpOnThePath() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path tool = Files.writeString(bin.resolve("sbatch"), "#!/bin/sh\n");
    assertNull(SlurmSuite.onPath("sbatch", bin.toString()), "not executable yet");
    assertTrue(tool.toFile().setExecutable(true));
    assertEquals(tool, SlurmSuite.onPath("sbatch", "/nonexistent:" + bin));
    assertNull(SlurmSuite.onPath("sbatch", null));
  }

  /** The rows without the solve time, which differs from run to run. */
  private static List<String> withoutTimes(List<String> csv) {
    int col = List.of(csv.get(0).split(",")).indexOf("solveSeconds");
    return csv.stream().map(line -> {
      String[] f = line.split(",", -1);
      f[col] = "";
      return String.join(",", f);
    }).toList();
  }
}
