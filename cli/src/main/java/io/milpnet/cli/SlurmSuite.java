package io.milpnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.milpnet.core.io.AtomicTextFile;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code bench --executor slurm}: a train suite's runs as one Slurm job array, one array task per run, each running
 * {@code milpnet train --config DIR/NAME.yaml --out DIR/NAME} with the same JVM and class path as this command, in the
 * same working directory (the compute nodes must share the file system, as they do on a cluster's home or scratch
 * space). {@code DIR/slurm/} holds the job script, the names of each submission's tasks, a task's log
 * ({@code NAME.log}) and exit code ({@code NAME.exit}); {@code jobs.txt} lists every run of the suite submitted into
 * {@code DIR}, so that {@code --only} resubmits some runs into the same directory. Collecting ({@code --collect DIR},
 * also done after waiting) writes the same {@code results.csv} and {@code results.md} as the local executor: rows
 * come from the runs' {@code summary.json} by the same code.
 */
final class SlurmSuite {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

  private final BenchCommand bench;
  private final PrintWriter out;

  SlurmSuite(BenchCommand bench, PrintWriter out) {
    this.bench = bench;
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

  /** The files of one submission: the runs' names, the list of its tasks, the job script, what it wrote. */
  private record Submission(List<String> names, Path list, Path script, List<Path> written) {}

  /** Writes each run's experiment file, the submission's task list and the job script into {@code dir}. */
  private Submission prepare(Path dir, List<JsonNode> runs) throws IOException {
    List<Path> written = new ArrayList<>();
    Path slurm = dir.resolve("slurm");
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<String> names = new ArrayList<>();
    Files.createDirectories(slurm);
    for (JsonNode run : runs) {
      String name = run.get("name").asText();
      names.add(name);
      ObjectNode train = (ObjectNode) run.get("train").deepCopy();
      Path experiment = dir.resolve(name + ".yaml");
      AtomicTextFile.write(experiment, w -> w.write(yaml.writeValueAsString(train)));
      written.add(experiment);
      Files.deleteIfExists(slurm.resolve(name + ".exit"));
    }
    Path list = slurm.resolve("submit-" + LocalDateTime.now().format(STAMP) + ".txt");
    AtomicTextFile.write(list, w -> w.write(String.join("\n", names) + "\n"));
    written.add(list);
    Path script = slurm.resolve("job.sh");
    AtomicTextFile.write(script, w -> w.write(jobScript(dir)));
    written.add(script);
    Set<String> all = new LinkedHashSet<>(readJobs(dir));
    all.addAll(names);
    AtomicTextFile.write(slurm.resolve("jobs.txt"), w -> w.write(String.join("\n", all) + "\n"));
    if (bench.timeLimit != null) {
      AtomicTextFile.write(slurm.resolve("time-limit"), w -> w.write(Double.toString(bench.timeLimit)));
    }
    return new Submission(names, list, script, written);
  }

  /**
   * {@code bench --jobs N} (local executor): the same job array as {@link #submit}, its tasks run as processes on this
   * machine, at most {@code jobs} at once, then collected into the same tables.
   */
  int runLocally(Path dir, List<JsonNode> runs, int jobs) throws IOException {
    Submission s = prepare(dir, runs);
    out.printf(Locale.ROOT, "milpnet bench: %d run(s), %d at once on this machine, results in %s%n", s.names().size(),
        jobs, dir);
    out.flush();
    List<Process> running = new ArrayList<>();
    int started = 0;
    int ended = 0;
    try {
      while (ended < s.names().size()) {
        while (started < s.names().size() && running.size() < jobs) {
          ProcessBuilder task = new ProcessBuilder("bash", s.script().toAbsolutePath().toString(),
              s.list().toAbsolutePath().toString()).redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD);
          task.environment().put("SLURM_ARRAY_TASK_ID", Integer.toString(started));
          running.add(task.start());
          started++;
        }
        Process first = running.get(0);
        for (Process p : running) {
          if (!p.isAlive()) {
            first = p;
            break;
          }
        }
        first.waitFor(1, TimeUnit.SECONDS);
        for (Process p : new ArrayList<>(running)) {
          if (!p.isAlive()) {
            running.remove(p);
            ended++;
            out.printf(Locale.ROOT, "  %d/%d run(s) ended%n", ended, s.names().size());
            out.flush();
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.forEach(Process::destroy);
      out.println("interrupted: the runs that ended are tabulated");
    }
    return collect(dir);
  }

  /** Submits the runs, then waits and collects unless {@code noWait}. */
  int submit(Path dir, List<JsonNode> runs, String partition, String timePerJob, boolean noWait) throws IOException {
    for (String tool : List.of("sbatch", "squeue")) {
      if (onPath(tool, System.getenv("PATH")) == null) {
        throw new UserInputException("--executor slurm: no '" + tool + "' on PATH: run on a login node of a Slurm"
            + " cluster (or start one: scripts/slurm-single-node.sh as root), or use --executor local");
      }
    }
    boolean existed = Files.exists(dir);
    Path jobsBefore = dir.resolve("slurm").resolve("jobs.txt");
    String previousJobs = Files.isRegularFile(jobsBefore) ? Files.readString(jobsBefore) : null;
    Path limitBefore = dir.resolve("slurm").resolve("time-limit");
    String previousLimit = Files.isRegularFile(limitBefore) ? Files.readString(limitBefore) : null;
    Submission prepared = prepare(dir, runs);
    List<String> names = prepared.names();
    List<Path> written = prepared.written();
    Path slurm = dir.resolve("slurm");
    Path list = prepared.list();
    Path script = prepared.script();
    List<String> command = new ArrayList<>(List.of("sbatch", "--parsable", "--job-name=milpnet-bench",
        "--array=0-" + (names.size() - 1), "--chdir=" + Path.of("").toAbsolutePath(),
        "--output=" + slurm.toAbsolutePath().resolve("task-%A_%a.out")));
    if (partition != null) {
      command.add("--partition=" + partition);
    }
    if (timePerJob != null) {
      command.add("--time=" + timePerJob);
    }
    command.add(script.toAbsolutePath().toString());
    command.add(list.toAbsolutePath().toString());
    Result sbatch = exec(command);
    if (sbatch.code != 0 || !sbatch.stdout.strip().matches("\\d+(;.*)?")) {
      // Nothing half-written: what this submission wrote goes again.
      if (!existed) {
        deleteTree(dir);
      } else {
        for (Path p : written) {
          Files.deleteIfExists(p);
        }
        restore(jobsBefore, previousJobs);
        restore(limitBefore, previousLimit);
      }
      String why = sbatch.stderr.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("exit " + sbatch.code);
      throw new UserInputException("--executor slurm: sbatch refused the suite: " + why.strip()
          + (partition != null ? " (check --partition " + partition + ": sinfo lists the partitions)" : ""));
    }
    String id = sbatch.stdout.strip().split(";")[0];
    out.printf(Locale.ROOT, "milpnet bench: submitted Slurm job array %s, %d run(s), results in %s%n", id, names.size(),
        dir);
    out.flush();
    if (noWait) {
      out.println("collect when done: milpnet bench --collect " + dir);
      out.flush();
      return ExitCode.OK;
    }
    await(id, slurm, names);
    return collect(dir);
  }

  /**
   * The job script: task i runs the i-th name of the submission's list with this JVM and class path, and writes its
   * exit code beside its log.
   */
  private String jobScript(Path dir) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cp = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      cp.add(Path.of(e).toAbsolutePath().toString());
    }
    Path abs = dir.toAbsolutePath();
    String limit = bench.timeLimit != null ? " --time-limit " + bench.timeLimit : "";
    return "#!/bin/bash\n"
        + "# milpnet bench --executor slurm: one array task per run of the suite (written by milpnet; $1 lists the runs)\n"
        + "name=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" \"$1\")\n"
        + "dir=" + quote(abs.toString()) + "\n"
        + quote(java) + " -cp " + quote(String.join(File.pathSeparator, cp)) + " io.milpnet.cli.Main train --config"
        + " \"$dir/$name.yaml\" --out \"$dir/$name\"" + limit + " > \"$dir/slurm/$name.log\" 2>&1\n"
        + "code=$?\n"
        + "echo $code > \"$dir/slurm/$name.exit\"\n"
        + "exit $code\n";
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** Polls squeue until the array has left the queue, printing how many runs have ended. */
  private void await(String id, Path slurm, List<String> names) throws IOException {
    int reported = -1;
    while (true) {
      Result q = exec(List.of("squeue", "-h", "-j", id, "-o", "%i %T"));
      int ended = 0;
      for (String n : names) {
        ended += Files.exists(slurm.resolve(n + ".exit")) ? 1 : 0;
      }
      if (ended != reported) {
        out.printf(Locale.ROOT, "  %d/%d run(s) ended%n", ended, names.size());
        out.flush();
        reported = ended;
      }
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

  /** {@code --collect DIR}: the tables of every run submitted into DIR, and the runs that did not finish. */
  int collect(Path dir) throws IOException {
    List<String> names = readJobs(dir);
    if (names.isEmpty()) {
      throw new UserInputException("--collect " + dir + ": no Slurm submission there (no slurm/jobs.txt): give the"
          + " --out directory of a bench --executor slurm");
    }
    Path limit = dir.resolve("slurm").resolve("time-limit");
    if (bench.timeLimit == null && Files.isRegularFile(limit)) {
      bench.timeLimit = Double.parseDouble(Files.readString(limit).strip());
    }
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<List<String>> rows = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String name : names) {
      ObjectNode train = (ObjectNode) yaml.readTree(dir.resolve(name + ".yaml").toFile());
      Path exit = dir.resolve("slurm").resolve(name + ".exit");
      int code = Files.isRegularFile(exit) ? Integer.parseInt(Files.readString(exit).strip()) : -1;
      if (code != ExitCode.OK) {
        missing.add(name);
      }
      List<String> row = bench.row(name, train, dir.resolve(name).resolve("summary.json"), code);
      if (code == -1 && !Files.exists(dir.resolve(name).resolve("summary.json"))) {
        row.set(BenchCommand.COLUMNS.indexOf("status"), "NOT_FINISHED");
      }
      rows.add(row);
    }
    BenchCommand.writeTables(dir, BenchCommand.COLUMNS, rows);
    out.printf(Locale.ROOT, "collected %d of %d run(s); wrote %s and results.md%n", names.size() - missing.size(),
        names.size(), dir.resolve("results.csv"));
    if (!missing.isEmpty()) {
      out.println("failed or not finished: " + String.join(", ", missing) + " (logs in " + dir.resolve("slurm")
          + "; resubmit them alone: milpnet bench --suite SUITE --executor slurm --only " + String.join(",", missing)
          + " --out " + dir + ")");
    }
    out.flush();
    return ExitCode.OK;
  }

  /** Puts back a file's earlier text, or removes the file when it had none. */
  private static void restore(Path file, String text) throws IOException {
    if (text != null) {
      AtomicTextFile.write(file, w -> w.write(text));
    } else {
      Files.deleteIfExists(file);
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
