package io.milpnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.milpnet.core.io.AtomicTextFile;
import io.milpnet.core.io.TextInput;
import io.milpnet.core.solver.InterruptSignal;
import io.milpnet.core.solver.SolverRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code milpnet bench}: runs a suite of training experiments declared in a YAML file and tabulates them. A suite
 * file has a {@code description} and {@code runs}; each run has a {@code name} and a {@code train} map, which is an
 * experiment file (the keys of {@code milpnet train}). Every run writes its own directory; the tables
 * ({@code results.csv}, {@code results.md}) are rewritten after each run, so an interrupted suite keeps the rows
 * already done.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Run a benchmark suite (suites/NAME.yaml or a file) and write its results as CSV and Markdown.")
final class BenchCommand implements Callable<Integer> {
  private final SolverRegistry registry;

  @jakarta.inject.Inject
  BenchCommand(SolverRegistry registry) {
    this.registry = registry;
  }

  static final List<String> COLUMNS = List.of("run", "trainSamples", "testSamples", "arch", "strategy", "backend",
      "timeLimit",
      "status", "objective", "bestBound", "gap", "solveSeconds", "gradientTestAccuracy", "gradientNonzeroWeights",
      "trainAccuracy", "testAccuracy", "nonzeroWeights", "totalWeights", "decodeMismatches");

  @Spec
  CommandSpec spec;

  @Option(names = "--suite", paramLabel = "NAME|FILE.yaml",
      description = "A suite of the repository (suites/NAME.yaml, e.g. mnist) or a suite file.")
  String suite;

  @Option(names = "--vnncomp", paramLabel = "DIR/instances.csv",
      description = "Instead of a suite: a VNN-COMP benchmark's instances.csv (rows onnx,vnnlib,timeout), each"
          + " instance verified within its timeout, with the competition's result words and counterexample files.")
  Path vnncomp;

  @Option(names = "--timeout-scale", defaultValue = "1", paramLabel = "F",
      description = "With --vnncomp: multiply every instance's timeout by F (default: ${DEFAULT-VALUE}).")
  double timeoutScale;

  @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: runs/bench-<suite>-<time>).")
  Path out;

  @Option(names = "--time-limit", paramLabel = "SECONDS",
      description = "Override every run's time limit (e.g. for a quick look).")
  Double timeLimit;

  @Option(names = "--only", split = ",", paramLabel = "RUN", description = "Run only these runs of the suite.")
  List<String> only;

  @Option(names = "--executor", defaultValue = "local", paramLabel = "local|slurm",
      description = "Run the suite's runs here, one after another (local), or as a Slurm job array (slurm; train"
          + " suites with runs:) (default: ${DEFAULT-VALUE}).")
  String executor;

  @Option(names = "--jobs", defaultValue = "1", paramLabel = "N",
      description = "With the local executor: run up to N runs of a train suite (runs:) at once on this machine, each"
          + " in its own process (default: ${DEFAULT-VALUE}, one after another in this process).")
  int jobs;

  @Option(names = "--partition", paramLabel = "P", description = "Slurm partition of the job array (default: the"
      + " cluster's).")
  String partition;

  @Option(names = "--time-per-job", paramLabel = "TIME", description = "Slurm time limit of each run's job (sbatch"
      + " --time: minutes, or HH:MM:SS).")
  String timePerJob;

  @Option(names = "--no-wait", description = "With --executor slurm: submit and return; collect later with --collect.")
  boolean noWait;

  @Option(names = "--collect", paramLabel = "DIR", description = "Tabulate the runs a Slurm submission wrote into DIR"
      + " (instead of running a suite).")
  Path collect;

  @Option(names = "--report", description = "Also write report.html (plots, tables) in the output directory and print"
      + " its path.")
  boolean report;

  @Override
  public Integer call() throws IOException {
    int code = runSuite();
    if (report && !(noWait && "slurm".equals(executor))) {
      ReportWriter.printed(out, spec.commandLine().getOut());
    }
    return code;
  }

  private int runSuite() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    if (collect != null) {
      if (suite != null || vnncomp != null) {
        throw new UserInputException("--collect DIR tabulates a Slurm submission: give it without --suite or"
            + " --vnncomp");
      }
      out = collect;
      return new SlurmSuite(this, stdout).collect(collect);
    }
    if ((suite == null) == (vnncomp == null)) {
      throw new UserInputException(suite == null ? "give --suite NAME|FILE.yaml, --vnncomp DIR/instances.csv, or"
          + " --collect DIR for a Slurm submission" : "give either --suite or --vnncomp, not both");
    }
    if (!List.of("local", "slurm").contains(executor)) {
      throw new UserInputException("--executor '" + executor + "' is not an executor: use local or slurm");
    }
    if (vnncomp != null) {
      if (!(timeoutScale > 0) || Double.isInfinite(timeoutScale)) {
        throw new UserInputException("--timeout-scale must be a positive number, got "
            + TrainCommand.fmt(timeoutScale));
      }
      if (timeLimit != null || only != null) {
        throw new UserInputException("--time-limit and --only belong to --suite; with --vnncomp use --timeout-scale");
      }
      if (executor.equals("slurm")) {
        throw new UserInputException("--executor slurm runs train suites; run --vnncomp with --executor local");
      }
      if (out != null) {
        OutputPaths.checkDirectory("--out", out);
      }
      out = out != null ? out : Path.of("runs", "bench-vnncomp-" + java.time.LocalDateTime.now()
          .format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
      VnncompRun run = new VnncompRun(vnncomp, timeoutScale, registry, stdout);
      run.instances();
      return run.run(out);
    }
    Path file = suite.endsWith(".yaml") || suite.endsWith(".yml") ? Path.of(suite) : Path.of("suites", suite + ".yaml");
    if (!Files.exists(file)) {
      throw new UserInputException("--suite " + suite + ": no suite file " + file + " (suites of the repository: "
          + String.join(", ", knownSuites()) + "; run from the repository root, or give a suite file)");
    }
    String text;
    try {
      text = TextInput.readString(file, TextInput.Limits.DEFAULT);
    } catch (IOException e) {
      throw new UserInputException("--suite '" + file + "' " + TextInput.describe(e));
    }
    if (out != null) {
      OutputPaths.checkDirectory("--out", out);
    }
    out = out != null ? out : defaultDir(file);
    if (timeLimit != null && !(timeLimit > 0)) {
      throw new UserInputException("--time-limit must be a positive number of seconds, got " + timeLimit);
    }
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    JsonNode root;
    try {
      root = yaml.readTree(text);
    } catch (IOException e) {
      throw new UserInputException(file + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    String kind = root == null ? "" : root.path("kind").asText("train");
    if (jobs < 1) {
      throw new UserInputException("--jobs must be a whole number >= 1, got " + jobs);
    }
    if (jobs > 1 && executor.equals("slurm")) {
      throw new UserInputException("--jobs belongs to the local executor: Slurm runs the job array as the cluster"
          + " allows");
    }
    if (jobs > 1 && (!kind.equals("train") || root.has("grid"))) {
      throw new UserInputException("--jobs N runs train suites with a list of runs; " + file + " is a "
          + (root.has("grid") ? "grid" : kind) + " suite: run it without --jobs");
    }
    if (executor.equals("slurm") && (!kind.equals("train") || root.has("grid"))) {
      throw new UserInputException("--executor slurm runs train suites with a list of runs; " + file + " is a "
          + (root.has("grid") ? "grid" : kind) + " suite: run it with --executor local");
    }
    if (kind.equals("tightness") || kind.equals("backends")) {
      Path dir = out != null ? out : defaultDir(file);
      return new TightnessSuite(file, root, registry, timeLimit, only, stdout).run(dir);
    }
    if (kind.equals("baselines")) {
      Path dir = out != null ? out : defaultDir(file);
      return new BaselinesSuite(file, root, timeLimit, only, stdout).run(dir);
    }
    if (!kind.equals("train")) {
      throw new UserInputException(file + ": unknown suite kind '" + kind + "': use train (the default), tightness,"
          + " backends or baselines");
    }
    if (root != null && root.has("grid")) {
      return SweepSuite.run(file, root, spec, out != null ? out : defaultDir(file), timeLimit);
    }
    JsonNode runs = root == null ? null : root.get("runs");
    if (runs == null || !runs.isArray() || runs.isEmpty()) {
      throw new UserInputException(file + " has no runs: give a list 'runs' of {name, train} entries");
    }
    List<JsonNode> selected = new ArrayList<>();
    java.util.Set<String> names = new java.util.HashSet<>();
    for (JsonNode run : runs) {
      if (!run.path("name").isValueNode() || run.path("name").isNull() || !run.path("train").isObject()) {
        throw new UserInputException(file + ": every run needs a name and a train map (the keys of milpnet train)");
      }
      checkRunName(file, "run", run.get("name").asText(), names);
      if (only == null || only.contains(run.get("name").asText())) {
        selected.add(run);
      }
    }
    if (selected.isEmpty()) {
      throw new UserInputException("--only " + only + " names no run of " + file);
    }
    Path dir = out != null ? out : defaultDir(file);
    if (executor.equals("slurm")) {
      return new SlurmSuite(this, stdout).submit(dir, selected, partition, timePerJob, noWait);
    }
    if (jobs > 1) {
      return new SlurmSuite(this, stdout).runLocally(dir, selected, jobs);
    }
    Files.createDirectories(dir);
    stdout.printf(Locale.ROOT, "milpnet bench: %s, %d run(s), results in %s%n", file, selected.size(), dir);
    stdout.flush();
    List<List<String>> rows = new ArrayList<>();
    // Ctrl-C or SIGTERM: the running train writes its network (its own hook), this suite its row, and no run starts.
    InterruptSignal stop = new InterruptSignal();
    try (InterruptOnShutdown guard = new InterruptOnShutdown(stop, 120)) {
      runAll(selected, dir, yaml, rows, stop, stdout);
      stdout.println((stop.isInterrupted() ? "interrupted: kept " + rows.size() + " row(s) in " : "wrote ")
          + dir.resolve("results.csv") + " and results.md");
      stdout.flush();
    }
    return ExitCode.OK;
  }

  private void runAll(List<JsonNode> selected, Path dir, ObjectMapper yaml, List<List<String>> rows,
      InterruptSignal stop, PrintWriter stdout) throws IOException {
    for (int r = 0; r < selected.size() && !stop.isInterrupted(); r++) {
      JsonNode run = selected.get(r);
      String name = run.get("name").asText();
      Path experiment = dir.resolve(name + ".yaml");
      ObjectNode train = (ObjectNode) run.get("train").deepCopy();
      AtomicTextFile.write(experiment, w -> w.write(yaml.writeValueAsString(train)));
      List<String> args = new ArrayList<>(List.of("train", "--config", experiment.toString(), "--out",
          dir.resolve(name).toString()));
      if (timeLimit != null) {
        args.addAll(List.of("--time-limit", Double.toString(timeLimit)));
      }
      stdout.printf(Locale.ROOT, "run %d/%d: %s%n", r + 1, selected.size(), name);
      stdout.flush();
      int code = Main.run(args.toArray(new String[0]), stdout, spec.commandLine().getErr());
      rows.add(row(name, train, dir.resolve(name).resolve("summary.json"), code));
      writeTables(dir, COLUMNS, rows);
    }
  }

  /** A run's name becomes file names under --out: a plain name, and each once in its suite. */
  private static final java.util.regex.Pattern SAFE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /**
   * Refuses a name that would write outside the output directory or into another run's files ({@code ../../escape},
   * {@code a/b}, a hidden or empty name), and a name given twice, which would overwrite the first run's results.
   */
  static void checkRunName(Path file, String what, String name, java.util.Set<String> seen) {
    if (!SAFE_NAME.matcher(name).matches() || name.length() > 100) {
      throw new UserInputException(file + ": " + what + " name '" + name + "' is not a plain file name: use letters,"
          + " digits, '.', '_' and '-' (not first), at most 100 characters");
    }
    if (!seen.add(name)) {
      throw new UserInputException(file + ": " + what + " name '" + name + "' is given twice: every " + what
          + " needs its own name (it names the run's files)");
    }
  }

  static Path defaultDir(Path file) {
    return Path.of("runs", "bench-" + file.getFileName().toString().replaceAll("\\.ya?ml$", "") + "-"
        + java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }

  private static List<String> knownSuites() {
    try (var files = Files.list(Path.of("suites"))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
          .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
    } catch (IOException e) {
      return List.of("(none found in ./suites)");
    }
  }

  List<String> row(String name, ObjectNode train, Path summary, int exitCode) throws IOException {
    List<String> row = new ArrayList<>();
    if (!Files.exists(summary)) {
      row.add(name);
      for (int c = 1; c < COLUMNS.size(); c++) {
        row.add(c == COLUMNS.indexOf("status") ? "FAILED(exit " + exitCode + ")" : "");
      }
      return row;
    }
    JsonNode s = new ObjectMapper().readTree(summary.toFile());
    JsonNode run = s.path("run");
    JsonNode warm = s.path("warmStart");
    for (String c : COLUMNS) {
      String v = switch (c) {
        case "run" -> name;
        case "trainSamples", "testSamples", "arch" -> text(run.get(c));
        case "strategy" -> text(s.get("strategy"));
        case "timeLimit" -> timeLimit != null ? fmt(timeLimit) : text(train.has("time-limit") ? train.get("time-limit")
            : train.path("solver").get("time-limit"));
        case "gradientTestAccuracy" -> text(warm.get("testAccuracy"));
        case "gradientNonzeroWeights" -> text(warm.get("nonzeroWeights"));
        default -> text(s.get(c));
      };
      row.add(v);
    }
    return row;
  }

  /** A summary field as a table cell: empty when missing or null, numbers by {@link #fmt}. */
  static String text(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return "";
    }
    return n.isNumber() ? fmt(n.asDouble()) : n.asText();
  }

  static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.6g", v);
  }

  /** results.csv and results.md, written atomically. */
  static void writeTables(Path dir, List<String> columns, List<List<String>> rows) {
    AtomicTextFile.write(dir.resolve("results.csv"), w -> {
      w.write(String.join(",", columns) + "\n");
      for (List<String> row : rows) {
        w.write(String.join(",", row.stream().map(BenchCommand::csv).toList()) + "\n");
      }
    });
    AtomicTextFile.write(dir.resolve("results.md"), w -> {
      w.write("| " + String.join(" | ", columns) + " |\n");
      w.write("|" + "---|".repeat(columns.size()) + "\n");
      for (List<String> row : rows) {
        w.write("| " + String.join(" | ", row.stream().map(v -> v.replace("|", "\\|")).toList()) + " |\n");
      }
    });
  }

  private static String csv(String v) {
    return v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
  }
}
