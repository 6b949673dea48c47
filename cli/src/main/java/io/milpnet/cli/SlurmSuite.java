package io.milpnet.cli;

import io.milpnet.core.io.AtomicTextFile;
import io.milpnet.core.solver.InterruptSignal;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The job-array executors of {@code milpnet bench}: a suite's jobs ({@link SuiteJobs}, any kind) as one Slurm job
 * array ({@code --executor slurm}, one array task per job), or as processes on this machine ({@code --jobs N}, the same
 * job script with the task index set by us). Task i runs {@code milpnet bench --run-job NAME --out DIR} with the same
 * JVM and class path as this command, in the same working directory (the compute nodes must share the file system, as
 * they do on a cluster's home or scratch space): that reads the suite from {@code DIR/slurm/suite.yaml} and runs its
 * job NAME as the local executor would. {@code DIR/slurm/} holds the suite, the job script, the names of each
 * submission's tasks, a task's log ({@code NAME.log}) and exit code ({@code NAME.exit}); {@code jobs.txt} lists every
 * job submitted into {@code DIR}, so that {@code --only} resubmits some jobs into the same directory. Collecting
 * ({@code --collect DIR}, also done after waiting) tabulates the jobs by the suite's own {@link SuiteJobs#tabulate}, so
 * the tables are the local executor's.
 */
final class SlurmSuite {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

  private final PrintWriter out;

  SlurmSuite(PrintWriter out) {
    this.out = out;
  }

  /** The first executable {@code command} on {@code path} (the PATH variable's form), or null. */
  static Path onPath(String command, String path) {
    if (path == null) {
      return null;
    }
    for (String d : path.split(File.pathSeparator)) {
      Path p = Path.of(d.isEmpty() ? "." : d, command);
      if (Files.isExecutable(p) && !Files.isDirectory(p)) {
        return p;
      }
    }
    return null;
  }

  /** The suite of a submission directory: its text, the path it was read from, and the --time-limit it ran with. */
  record Stored(String text, Path file, Double timeLimit) {}

  /** What {@code DIR/slurm/} says about the suite submitted into DIR; null when DIR holds no submission. */
  static Stored stored(Path dir) throws IOException {
    Path slurm = dir.resolve("slurm");
    if (!Files.isRegularFile(slurm.resolve("jobs.txt"))) {
      return null;
    }
    if (!Files.isRegularFile(slurm.resolve("suite.yaml")) || !Files.isRegularFile(slurm.resolve("suite-file"))) {
      throw new UserInputException(dir + ": the submission there has no slurm/suite.yaml (an older milpnet wrote it):"
          + " submit the suite again into a new directory");
    }
    Path limit = slurm.resolve("time-limit");
    Double timeLimit = null;
    if (Files.isRegularFile(limit)) {
      try {
        timeLimit = Double.parseDouble(Files.readString(limit).strip());
      } catch (NumberFormatException e) {
        throw new UserInputException(limit + " is not a number of seconds: '" + Files.readString(limit).strip() + "'");
      }
    }
    return new Stored(Files.readString(slurm.resolve("suite.yaml")), Path.of(Files.readString(
        slurm.resolve("suite-file")).strip()), timeLimit);
  }

  /** The files of one submission: its jobs' names, the list of its tasks, the job script. */
  private record Submission(List<String> names, Path list, Path script) {}

  /**
   * Writes what the jobs read (the suite's own files, {@link SuiteJobs#prepare}), the suite and its time limit, the
   * submission's task list and the job script into {@code dir}.
   */
  private Submission prepare(Path dir, Stored suite, SuiteJobs jobs) throws IOException {
    List<String> names = jobs.names();
    jobs.prepare(dir);
    Path slurm = dir.resolve("slurm");
    Files.createDirectories(slurm);
    for (String name : names) {
      Files.deleteIfExists(slurm.resolve(name + ".exit"));
    }
    AtomicTextFile.write(slurm.resolve("suite.yaml"), w -> w.write(suite.text()));
    AtomicTextFile.write(slurm.resolve("suite-file"), w -> w.write(suite.file() + "\n"));
    if (suite.timeLimit() != null) {
      AtomicTextFile.write(slurm.resolve("time-limit"), w -> w.write(Double.toString(suite.timeLimit())));
    }
    Path list = slurm.resolve("submit-" + LocalDateTime.now().format(STAMP) + ".txt");
    AtomicTextFile.write(list, w -> w.write(String.join("\n", names) + "\n"));
    Path script = slurm.resolve("job.sh");
    AtomicTextFile.write(script, w -> w.write(jobScript(dir)));
    Set<String> all = new LinkedHashSet<>(readJobs(dir));
    all.addAll(names);
    AtomicTextFile.write(slurm.resolve("jobs.txt"), w -> w.write(String.join("\n", all) + "\n"));
    return new Submission(names, list, script);
  }

  /**
   * {@code bench --jobs N} (local executor): the same job array as {@link #submit}, its tasks run as processes on this
   * machine, at most {@code parallel} at once, then collected into the same tables with every job submitted into
   * {@code dir} before ({@code all} is the whole suite, {@code jobs} the part of it to run).
   */
  int runLocally(Path dir, Stored suite, SuiteJobs jobs, SuiteJobs all, int parallel) throws IOException {
    Submission s = prepare(dir, suite, jobs);
    int total = s.names().size();
    out.printf(Locale.ROOT, "milpnet bench: %s (%s), %d run(s), %d at once on this machine, results in %s%n",
        suite.file(), jobs.kind(), total, parallel, dir);
    out.flush();
    List<Process> running = new ArrayList<>();
    int started = 0;
    int ended = 0;
    InterruptSignal stop = new InterruptSignal();
    // A signal to this process alone (kill, timeout, Slurm's scancel) reaches the running jobs too: they stop with
    // their incumbents and write their results, and this process tabulates them before it exits.
    try (InterruptOnShutdown guard = new InterruptOnShutdown(stop, 180);
        SuiteProgress progress = new SuiteProgress("bench --jobs " + parallel, total, out, true)) {
      while (ended < total) {
        if (stop.isInterrupted()) {
          stopJobs(running);
          out.println("interrupted: the runs that ended are tabulated, no run starts");
          return collect(dir, suite, all);
        }
        while (started < total && running.size() < parallel) {
          ProcessBuilder task = new ProcessBuilder("bash", s.script().toAbsolutePath().toString(),
              s.list().toAbsolutePath().toString()).redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD);
          task.environment().put("SLURM_ARRAY_TASK_ID", Integer.toString(started));
          running.add(task.start());
          started++;
        }
        progress.ended(ended, running.size());
        Process first = running.stream().filter(p -> !p.isAlive()).findFirst().orElse(running.get(0));
        first.waitFor(1, TimeUnit.SECONDS);
        for (Process p : new ArrayList<>(running)) {
          if (!p.isAlive()) {
            running.remove(p);
            ended++;
          }
        }
        progress.ended(ended, running.size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopJobs(running);
      out.println("interrupted: the runs that ended are tabulated");
    }
    return collect(dir, suite, all);
  }

  /**
   * Stops the running tasks as a signal stops one run: SIGTERM to each task's JVM (its shell's children), so that it
   * keeps its incumbent and writes its results, and the shell writes the exit code; then waits for the tasks to end
   * (a task still there after two minutes is killed).
   */
  private static void stopJobs(List<Process> running) {
    for (Process p : running) {
      p.descendants().forEach(ProcessHandle::destroy);
    }
    for (Process p : running) {
      boolean ended = false;
      try {
        ended = p.waitFor(120, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (!ended) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }
  }

  /** Submits the jobs as a Slurm job array, then waits and collects unless {@code noWait}. */
  int submit(Path dir, Stored suite, SuiteJobs jobs, SuiteJobs all, String partition, String timePerJob,
      boolean noWait) throws IOException {
    for (String tool : List.of("sbatch", "squeue")) {
      if (onPath(tool, System.getenv("PATH")) == null) {
        throw new UserInputException("--executor slurm: no '" + tool + "' on PATH: run on a login node of a Slurm"
            + " cluster (or start one: scripts/slurm-single-node.sh as root), or use --executor local");
      }
    }
    boolean existed = Files.exists(dir);
    Map<Path, byte[]> before = existed ? snapshot(dir) : Map.of();
    Result sbatch;
    Submission prepared = null;
    try {
      prepared = prepare(dir, suite, jobs);
      Path slurm = dir.resolve("slurm");
      List<String> command = new ArrayList<>(List.of("sbatch", "--parsable", "--job-name=milpnet-bench",
          "--array=0-" + (prepared.names().size() - 1), "--chdir=" + Path.of("").toAbsolutePath(),
          "--output=" + slurm.toAbsolutePath().resolve("task-%A_%a.out")));
      if (partition != null) {
        command.add("--partition=" + partition);
      }
      if (timePerJob != null) {
        command.add("--time=" + timePerJob);
      }
      command.add(prepared.script().toAbsolutePath().toString());
      command.add(prepared.list().toAbsolutePath().toString());
      sbatch = exec(command);
    } catch (IOException | RuntimeException e) {
      putBack(dir, existed, before);
      throw e;
    }
    if (sbatch.code != 0 || !sbatch.stdout.strip().matches("\\d+(;.*)?")) {
      putBack(dir, existed, before);
      String why = sbatch.stderr.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("exit " + sbatch.code);
      throw new UserInputException("--executor slurm: sbatch refused the suite: " + why.strip()
          + (partition != null ? " (check --partition " + partition + ": sinfo lists the partitions)" : ""));
    }
    String id = sbatch.stdout.strip().split(";")[0];
    out.printf(Locale.ROOT, "milpnet bench: submitted Slurm job array %s: %s (%s), %d run(s), results in %s%n", id,
        suite.file(), jobs.kind(), prepared.names().size(), dir);
    out.flush();
    if (noWait) {
      out.println("collect when done: milpnet bench --collect " + dir);
      out.flush();
      return ExitCode.OK;
    }
    await(id, dir.resolve("slurm"), prepared.names());
    return collect(dir, suite, all);
  }

  /**
   * The job script: task i runs the i-th job of the submission's list with this JVM and class path, and writes its
   * exit code beside its log.
   */
  private static String jobScript(Path dir) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cp = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      cp.add(Path.of(e).toAbsolutePath().toString());
    }
    Path abs = dir.toAbsolutePath();
    return "#!/bin/bash\n"
        + "# milpnet bench: one array task per job of the suite (written by milpnet; $1 lists the jobs)\n"
        + "name=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" \"$1\")\n"
        + "dir=" + quote(abs.toString()) + "\n"
        + "cd " + quote(Path.of("").toAbsolutePath().toString()) + " || exit 1\n"
        + quote(java) + " -cp " + quote(String.join(File.pathSeparator, cp)) + " io.milpnet.cli.Main bench --run-job"
        + " \"$name\" --out \"$dir\" > \"$dir/slurm/$name.log\" 2>&1\n"
        + "code=$?\n"
        + "echo $code > \"$dir/slurm/$name.exit\"\n"
        + "exit $code\n";
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** Polls squeue until the array has left the queue, showing how many jobs have ended. */
  private void await(String id, Path slurm, List<String> names) throws IOException {
    try (SuiteProgress progress = new SuiteProgress("slurm " + id, names.size(), out, true)) {
      while (true) {
        Result q = exec(List.of("squeue", "-h", "-j", id, "-o", "%i %T"));
        int ended = 0;
        for (String n : names) {
          ended += Files.exists(slurm.resolve(n + ".exit")) ? 1 : 0;
        }
        int running = (int) q.stdout.lines().filter(l -> l.endsWith(" RUNNING")).count();
        progress.ended(ended, q.code == 0 ? running : -1);
        if (q.code != 0 || q.stdout.isBlank()) {
          return;
        }
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          out.println("stopped waiting; the jobs go on: milpnet bench --collect " + slurm.getParent());
          return;
        }
      }
    }
  }

  /**
   * {@code --collect DIR}: the tables of every job submitted into DIR (in the suite's order), and the jobs that did not
   * finish. {@code jobs} is the whole suite.
   */
  int collect(Path dir, Stored suite, SuiteJobs jobs) throws IOException {
    Set<String> submitted = new LinkedHashSet<>(readJobs(dir));
    Map<String, Integer> codes = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (String name : jobs.names()) {
      if (!submitted.remove(name)) {
        continue;
      }
      Path exit = dir.resolve("slurm").resolve(name + ".exit");
      int code = SuiteJobs.NOT_FINISHED;
      if (Files.isRegularFile(exit)) {
        try {
          code = Integer.parseInt(Files.readString(exit).strip());
        } catch (NumberFormatException e) {
          code = SuiteJobs.NOT_FINISHED;
        }
      }
      if (code != ExitCode.OK) {
        missing.add(name);
      }
      codes.put(name, code);
    }
    if (!submitted.isEmpty()) {
      throw new UserInputException("--collect " + dir + ": job(s) " + String.join(", ", submitted) + " of slurm/jobs.txt"
          + " are not in the suite of slurm/suite.yaml: was the directory written by another suite?");
    }
    jobs.tabulate(dir, codes);
    out.printf(Locale.ROOT, "collected %d of %d run(s); wrote %s and results.md%n", codes.size() - missing.size(),
        codes.size(), dir.resolve("results.csv"));
    if (!missing.isEmpty()) {
      out.println("failed or not finished: " + String.join(", ", missing) + " (logs in " + dir.resolve("slurm")
          + "; resubmit them alone: milpnet bench --suite " + suite.file() + " --executor slurm --only "
          + String.join(",", missing) + " --out " + dir + ")");
    }
    out.flush();
    return ExitCode.OK;
  }

  /** The regular files directly in {@code dir} and {@code dir/slurm}, with their bytes. */
  private static Map<Path, byte[]> snapshot(Path dir) throws IOException {
    Map<Path, byte[]> files = new LinkedHashMap<>();
    for (Path d : List.of(dir, dir.resolve("slurm"))) {
      if (!Files.isDirectory(d)) {
        continue;
      }
      try (Stream<Path> list = Files.list(d)) {
        for (Path p : list.filter(Files::isRegularFile).toList()) {
          files.put(p, Files.readAllBytes(p));
        }
      }
    }
    return files;
  }

  /**
   * Nothing half-written: a refused submission takes away the directory it created, or puts back the files directly
   * in it and in its {@code slurm/} as they were.
   */
  private static void putBack(Path dir, boolean existed, Map<Path, byte[]> before) throws IOException {
    if (!existed) {
      deleteTree(dir);
      return;
    }
    for (Map.Entry<Path, byte[]> f : snapshot(dir).entrySet()) {
      if (!before.containsKey(f.getKey())) {
        Files.deleteIfExists(f.getKey());
      }
    }
    for (Map.Entry<Path, byte[]> f : before.entrySet()) {
      Files.write(f.getKey(), f.getValue());
    }
  }

  private static List<String> readJobs(Path dir) throws IOException {
    Path jobs = dir.resolve("slurm").resolve("jobs.txt");
    if (!Files.isRegularFile(jobs)) {
      return List.of();
    }
    return Files.readAllLines(jobs).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private record Result(int code, String stdout, String stderr) {}

  private static Result exec(List<String> command) throws IOException {
    Path o = Files.createTempFile("milpnet-slurm-", ".out");
    Path e = Files.createTempFile("milpnet-slurm-", ".err");
    try {
      Process p = new ProcessBuilder(command).redirectOutput(o.toFile()).redirectError(e.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "", command.get(0) + " did not answer within 120 s");
      }
      return new Result(p.exitValue(), Files.readString(o, StandardCharsets.UTF_8),
          Files.readString(e, StandardCharsets.UTF_8));
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return new Result(-1, "", "interrupted");
    } finally {
      Files.deleteIfExists(o);
      Files.deleteIfExists(e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ex) {
          throw new UncheckedIOException(ex);
        }
      });
    } catch (IOException | UncheckedIOException ignored) {
      // best effort
    }
  }
}
