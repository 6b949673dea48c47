package io.milpnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signals and memory on real processes (acceptance 3 of issue 19): {@code solve}, {@code train}, {@code bench} and
 * {@code verify}, each interrupted mid-solve by one SIGINT, by two (as {@code timeout -s INT} sends) and by SIGTERM,
 * keep their incumbent, finished rows or undecided answer and exit with the shell's code for the signal (130, 143;
 * docs/cli.md, Exit codes); a JVM with too small a heap ends in one line and exit code 5.
 * The processes run at once (a few seconds in all, JVM starts included), and each is signalled only when its log shows
 * the work under way, so a loaded machine makes the test slower, not flaky.
 */
class InterruptProcessTest {
  @TempDir
  Path dir;

  /** A started milpnet process with its output collected. */
  private static final class Run {
    final Process process;
    final StringBuilder out = new StringBuilder();
    final StringBuilder err = new StringBuilder();
    final CompletableFuture<Void> started = new CompletableFuture<>();
    final CompletableFuture<Void> outDone;
    final CompletableFuture<Void> errDone;

    Run(Path dir, String readyText, List<String> jvm, String... args) throws IOException {
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
      // Quick starts for short processes: the C1 compiler only, one GC thread (five JVMs share the machine at once).
      cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
      cmd.addAll(jvm);
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
      cmd.addAll(List.of(args));
      process = new ProcessBuilder(cmd).directory(dir.toFile()).start();
      outDone = CompletableFuture.runAsync(() -> pump(new BufferedReader(new InputStreamReader(
          process.getInputStream(), StandardCharsets.UTF_8)), out, readyText));
      errDone = CompletableFuture.runAsync(() -> pump(new BufferedReader(new InputStreamReader(
          process.getErrorStream(), StandardCharsets.UTF_8)), err, null));
    }

    private void pump(BufferedReader in, StringBuilder into, String readyText) {
      try {
        for (String line; (line = in.readLine()) != null; ) {
          synchronized (into) {
            into.append(line).append('\n');
          }
          if (readyText != null && line.contains(readyText)) {
            started.complete(null);
          }
        }
      } catch (IOException e) {
        // the process ended
      }
      started.complete(null); // ended before it was ready: the assertions say so
    }

    void signal(String... signals) throws Exception {
      started.get(120, TimeUnit.SECONDS);
      for (String s : signals) {
        new ProcessBuilder("kill", "-" + s, Long.toString(process.pid())).start().waitFor();
        Thread.sleep(20);
      }
    }

    int exit() throws Exception {
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the process did not end: " + out);
      outDone.get(10, TimeUnit.SECONDS);
      errDone.get(10, TimeUnit.SECONDS);
      return process.exitValue();
    }
  }

  /**
   * A market split instance (Cornuejols and Dawande): 4 equality rows of random weights over 30 binaries, slack
   * minimised. An incumbent is found at once; proving its optimality takes SCIP far longer than this test waits.
   */
  private Path marketSplit() throws IOException {
    Random r = new Random(1);
    int m = 4;
    int n = 30;
    StringBuilder mps = new StringBuilder("NAME marketsplit\nROWS\n N obj\n");
    int[][] a = new int[m][n];
    for (int i = 0; i < m; i++) {
      mps.append(" E c").append(i).append('\n');
      for (int j = 0; j < n; j++) {
        a[i][j] = r.nextInt(100);
      }
    }
    mps.append("COLUMNS\n    M1 'MARKER' 'INTORG'\n");
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < m; i++) {
        mps.append("    x").append(j).append(" c").append(i).append(' ').append(a[i][j]).append('\n');
      }
    }
    mps.append("    M2 'MARKER' 'INTEND'\n");
    for (int i = 0; i < m; i++) {
      mps.append("    sp").append(i).append(" obj 1 c").append(i).append(" 1\n");
      mps.append("    sm").append(i).append(" obj 1 c").append(i).append(" -1\n");
    }
    mps.append("RHS\n");
    for (int i = 0; i < m; i++) {
      int sum = 0;
      for (int j = 0; j < n; j++) {
        sum += a[i][j];
      }
      mps.append("    RHS c").append(i).append(' ').append(sum / 2).append('\n');
    }
    mps.append("BOUNDS\n");
    for (int j = 0; j < n; j++) {
      mps.append(" UP BND x").append(j).append(" 1\n");
    }
    return Files.writeString(dir.resolve("marketsplit.mps"), mps.append("ENDATA\n").toString());
  }

  /**
   * Whether this JVM ignores SIGINT (bit 2 of SigIgn in /proc/self/status): a shell starts background jobs that way
   * when it has no job control ({@code cmd &} in a script), the JVM then installs no handler, and processes started
   * from it inherit the ignored signal, so a Ctrl-C cannot reach them.
   */
  private static boolean sigintIgnored() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("SigIgn:")) {
          return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 2L) != 0;
        }
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
    return false;
  }

  @Test
  void interruptedRunsKeepTheirResultsAndATooSmallHeapIsOneLine() throws Exception {
    Path mps = marketSplit();
    Path iris = TrainCommandTest.resource(dir, "iris-train-10-per-class.csv");
    Path suite = Files.writeString(dir.resolve("suite.yaml"), """
        runs:
          - name: first
            train: {data: %s, arch: "dense:3", l0: 0.01, time-limit: 100, verbose: true}
          - name: second
            train: {data: %s, arch: "dense:3", time-limit: 100}
        """.formatted(iris, iris));
    List<String> none = List.of();
    String scipLog = "presolving:";
    Path acas = Path.of("../data/acasxu").toAbsolutePath();
    // Every command under every signal pattern, all at once: one SIGINT, two (as `timeout -s INT` sends), SIGTERM.
    Map<String, String[]> patterns = new LinkedHashMap<>();
    if (!sigintIgnored()) {
      patterns.put("int", new String[] {"INT"});
      patterns.put("twoints", new String[] {"INT", "INT"});
    } else {
      System.err.println("InterruptProcessTest: this JVM ignores SIGINT (started as a background job without job"
          + " control), so would its processes: only SIGTERM is tested");
    }
    patterns.put("term", new String[] {"TERM"});
    Map<String, Run> runs = new LinkedHashMap<>();
    for (String p : patterns.keySet()) {
      runs.put("solve-" + p, new Run(dir, scipLog, none, "solve", mps.toString(), "--time-limit", "100",
          "--verbose"));
      runs.put("train-" + p, new Run(dir, scipLog, none, "train", "--data", iris.toString(), "--arch", "dense:3",
          "--l0", "0.01", "--time-limit", "100", "--verbose", "--out", dir.resolve("train-" + p).toString()));
      runs.put("bench-" + p, new Run(dir, scipLog, none, "bench", "--suite", suite.toString(), "--out",
          dir.resolve("bench-" + p).toString()));
      // ACAS Xu 1_1 property 2 holds after about a thousand boxes: the verifier is mid-search when the signal comes.
      runs.put("verify-" + p, new Run(dir, "milpnet verify:", none, "verify", "--network",
          acas.resolve("nnet/ACASXU_run2a_1_1_batch_2000.nnet").toString(), "--property",
          acas.resolve("vnnlib/prop_2.vnnlib").toString(), "--time-limit", "100", "--out",
          dir.resolve("verify-" + p).toString()));
    }
    // 30 rows x dense:60 pass the size estimate (13 MB of 16) but not the JVM: the last-resort handler's case.
    Run small = new Run(dir, null, List.of("-Xmx16m"), "train", "--data", iris.toString(), "--arch", "dense:60",
        "--time-limit", "5", "--out", dir.resolve("small").toString());
    for (Map.Entry<String, Run> r : runs.entrySet()) {
      r.getValue().signal(patterns.get(r.getKey().substring(r.getKey().indexOf('-') + 1)));
    }

    for (String p : patterns.keySet()) {
      int code = p.equals("term") ? 143 : 130;
      Run solve = runs.get("solve-" + p);
      assertEquals(code, solve.exit(), p + ": " + solve.err + solve.out);
      assertTrue(solve.out.toString().contains("status FEASIBLE  objective "), p + ": " + solve.out);
      assertTrue(solve.out.toString().contains("interrupted: the solver was stopped early"), p + ": " + solve.out);

      Run train = runs.get("train-" + p);
      assertEquals(code, train.exit(), p + ": " + train.err);
      String summary = Files.readString(dir.resolve("train-" + p).resolve("summary.json"));
      assertTrue(summary.contains("\"status\" : \"FEASIBLE\""), p + ": " + summary);
      assertTrue(Files.exists(dir.resolve("train-" + p).resolve("network.json")), p);

      Run bench = runs.get("bench-" + p);
      assertEquals(code, bench.exit(), p + ": " + bench.err);
      List<String> rows = Files.readAllLines(dir.resolve("bench-" + p).resolve("results.csv"));
      assertEquals(2, rows.size(), p + ": the header and the interrupted run's row, no second run: " + rows);
      assertTrue(rows.get(1).startsWith("first,") && rows.get(1).contains(",FEASIBLE,"), p + ": " + rows.get(1));
      assertTrue(bench.out.toString().contains("interrupted: kept 1 row(s)"), p + ": " + bench.out);
      assertFalse(Files.exists(dir.resolve("bench-" + p).resolve("second")), p);

      Run verify = runs.get("verify-" + p);
      assertEquals(code, verify.exit(), p + ": " + verify.err);
      String verified = Files.readString(dir.resolve("verify-" + p).resolve("summary.json"));
      assertTrue(verified.contains("\"result\" : \"unknown\"") && verified.contains("interrupted"),
          p + ": " + verified);
      assertTrue(verify.out.toString().contains("result: unknown"), p + ": " + verify.out);
    }

    assertEquals(5, small.exit(), small.out + small.err.toString());
    List<String> errLines = small.err.toString().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(1, errLines.size(), small.err.toString());
    assertTrue(errLines.get(0).startsWith("milpnet: error: out of memory (the JVM may use "), errLines.get(0));
    assertFalse(Files.exists(dir.resolve("small")));
  }

  /**
   * {@code bench --jobs 2} signalled alone (as {@code kill}, {@code timeout} or a batch system does, not a terminal's
   * Ctrl-C, which reaches the whole process group): its two running jobs stop with their incumbents, their rows are
   * tabulated, and no job process outlives it.
   */
  @Test
  void aSignalledLocalJobArrayStopsItsJobsAndKeepsTheirRows() throws Exception {
    Path iris = TrainCommandTest.resource(dir, "iris-train-10-per-class.csv");
    Path suite = Files.writeString(dir.resolve("jobs.yaml"), """
        runs:
          - name: first
            train: {data: %s, arch: "dense:3", l0: 0.01, time-limit: 100, verbose: true}
          - name: second
            train: {data: %s, arch: "dense:3", l0: 0.02, time-limit: 100, verbose: true}
        """.formatted(iris.toAbsolutePath(), iris.toAbsolutePath()));
    Path out = dir.resolve("jobs");
    Run bench = new Run(dir, "2 at once", List.of(), "bench", "--suite", suite.toString(), "--jobs", "2", "--out",
        out.toString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!(solving(out.resolve("slurm/first.log")) && solving(out.resolve("slurm/second.log")))) {
      assertTrue(System.nanoTime() < deadline && bench.process.isAlive(), "the jobs did not start: " + bench.out);
      Thread.sleep(200);
    }
    List<ProcessHandle> jobs = bench.process.descendants().toList();
    assertFalse(jobs.isEmpty());
    bench.signal("TERM");
    assertEquals(143, bench.exit(), bench.err.toString() + bench.out);
    for (ProcessHandle job : jobs) {
      assertFalse(job.isAlive(), "a job outlived its bench process: " + job.info());
    }
    List<String> rows = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(3, rows.size(), "the header and both interrupted runs' rows: " + rows);
    assertTrue(rows.get(1).startsWith("first,") && rows.get(1).contains(",FEASIBLE,"), rows.get(1));
    assertTrue(rows.get(2).startsWith("second,") && rows.get(2).contains(",FEASIBLE,"), rows.get(2));
    assertTrue(bench.out.toString().contains("interrupted: the runs that ended are tabulated"), bench.out.toString());
  }

  private static boolean solving(Path log) throws IOException {
    return Files.isRegularFile(log) && Files.readString(log).contains("presolving:");
  }
}
