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
 * {@code scripts/slurm-single-node.sh} starts one on this machine): a suite of two runs, a tightness suite and a sweep
 * as job arrays give the local executor's rows, up to the timing columns; a rejected partition is one line and leaves
 * nothing. Without a cluster, the same job arrays run through {@code --jobs 2} on this machine.
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

  /** A tightness suite (training and verification instances, two formulations each) and a two-point sweep. */
  private List<Path> tightnessAndSweep() throws IOException {
    Path tightness = BenchCommandTest.twinsAndAbs(dir, "tight.yaml", BenchCommandTest.BIGM_AND_LIPSCHITZ);
    Path xor = TrainCommandTest.resource(dir, "xor.csv");
    Path sweep = Files.writeString(dir.resolve("sweep.yaml"), """
        description: xor, two penalties
        train: {data: %s, arch: "dense:2", time-limit: 10}
        grid:
          l0: [0, 0.1]
        """.formatted(xor.toAbsolutePath()));
    return List.of(tightness, sweep);
  }

  /** Runs {@code suite} with the executor's flags into {@code name}: its table, checked against the sequential one. */
  private List<String> sameRows(Path suite, String name, String... executor) throws IOException {
    Path local = dir.resolve(name + "-local");
    if (!Files.exists(local)) {
      CliRun here = CliRun.of("bench", "--suite", suite.toString(), "--out", local.toString());
      assertEquals(0, here.exitCode(), here.err());
    }
    Path there = dir.resolve(name);
    List<String> args = new java.util.ArrayList<>(List.of("bench", "--suite", suite.toString(), "--out",
        there.toString()));
    args.addAll(List.of(executor));
    CliRun run = CliRun.of(args.toArray(new String[0]));
    assertEquals(0, run.exitCode(), run.err());
    List<String> expected = withoutTimes(Files.readAllLines(local.resolve("results.csv")));
    List<String> got = withoutTimes(Files.readAllLines(there.resolve("results.csv")));
    assertEquals(expected, got, run.out());
    assertTrue(run.out().contains("collected "), run.out());
    // --collect again gives the same table, and so does the Markdown beside it (up to the timings).
    CliRun collect = CliRun.of("bench", "--collect", there.toString());
    assertEquals(0, collect.exitCode(), collect.err());
    assertEquals(got, withoutTimes(Files.readAllLines(there.resolve("results.csv"))));
    assertEquals(Files.readAllLines(local.resolve("results.md")).size(),
        Files.readAllLines(there.resolve("results.md")).size());
    return got;
  }

  /** Every suite kind runs as a job array: a tightness suite and a sweep through {@code --jobs 2}. */
  @Test
  void tightnessAndSweepSuitesThroughJobsGiveTheSequentialRows() throws Exception {
    List<Path> suites = tightnessAndSweep();
    List<String> tight = sameRows(suites.get(0), "tight-jobs", "--jobs", "2");
    assertEquals(5, tight.size(), tight.toString());
    assertTrue(tight.get(1).startsWith("twins,bigm,interval,"), tight.get(1));
    assertTrue(Files.exists(dir.resolve("tight-jobs").resolve("twins__bigm__interval.log")));
    List<String> sweep = sameRows(suites.get(1), "sweep-jobs", "--jobs", "2");
    assertEquals(3, sweep.size(), sweep.toString());
    assertTrue(sweep.get(0).startsWith("run,l0,status,"), sweep.get(0));
    assertTrue(Files.exists(dir.resolve("sweep-jobs").resolve("sweep.json")));
    // One job again, alone, into the same directory: the table still has both rows.
    CliRun again = CliRun.of("bench", "--suite", suites.get(1).toString(), "--jobs", "2", "--only", "l0-0.1",
        "--out", dir.resolve("sweep-jobs").toString());
    assertEquals(0, again.exitCode(), again.err());
    assertEquals(sweep, withoutTimes(Files.readAllLines(dir.resolve("sweep-jobs").resolve("results.csv"))));
  }

  @Test
  void tightnessAndSweepSuitesOnSlurmGiveTheLocalRows() throws Exception {
    requireCluster();
    List<Path> suites = tightnessAndSweep();
    assertEquals(5, sameRows(suites.get(0), "tight-slurm", "--executor", "slurm").size());
    assertEquals(3, sameRows(suites.get(1), "sweep-slurm", "--executor", "slurm").size());
  }

  /** The job arrays' own flags: one line, exit 2, nothing written. */
  @Test
  void badJobArrayInputIsOneLineAndWritesNothing() throws Exception {
    Path xor = TrainCommandTest.resource(dir, "xor.csv");
    Path suite = Files.writeString(dir.resolve("one.yaml"), """
        runs:
          - name: exact
            train: {data: %s, arch: "dense:2"}
        """.formatted(xor.toAbsolutePath()));
    Path plain = Files.createDirectories(dir.resolve("plain"));
    Path never = dir.resolve("never");
    List<List<String>> cases = List.of(
        List.of("bench", "--collect", plain.toString()),
        List.of("bench", "--collect", never.toString()),
        List.of("bench", "--run-job", "exact", "--out", plain.toString()),
        List.of("bench", "--run-job", "exact"),
        List.of("bench", "--collect", plain.toString(), "--out", never.toString()),
        List.of("bench", "--collect", plain.toString(), "--only", "exact"),
        List.of("bench", "--suite", suite.toString(), "--no-wait", "--out", never.toString()),
        List.of("bench", "--suite", suite.toString(), "--jobs", "2", "--executor", "slurm", "--out", never.toString()),
        List.of("bench", "--suite", suite.toString(), "--jobs", "2", "--only", "nonesuch", "--out",
            never.toString()),
        List.of("bench", "--vnncomp", dir.resolve("instances.csv").toString(), "--jobs", "2", "--out",
            never.toString()));
    for (List<String> args : cases) {
      CliRun run = CliRun.of(args.toArray(new String[0]));
      assertEquals(ExitCode.BAD_INPUT, run.exitCode(), args + ": " + run.out() + run.err());
      assertEquals(1, run.err().strip().lines().count(), args + ": " + run.err());
      assertFalse(Files.exists(never), args.toString());
      try (var files = Files.list(plain)) {
        assertEquals(0, files.count(), args.toString());
      }
    }
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

  /** The rows without the solve times (solveSeconds, a tightness suite's seconds), which differ from run to run. */
  private static List<String> withoutTimes(List<String> csv) {
    List<String> header = List.of(csv.get(0).split(","));
    return csv.stream().map(line -> {
      String[] f = line.split(",", -1);
      // Times and peak memory are measurements of the process, not results: a job in a process of its own and one in
      // the bench's JVM differ in them.
      for (String time : List.of("solveSeconds", "seconds", "peakMemoryMB")) {
        if (header.contains(time)) {
          f[header.indexOf(time)] = "";
        }
      }
      return String.join(",", f);
    }).toList();
  }
}
