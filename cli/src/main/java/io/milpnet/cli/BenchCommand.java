package io.milpnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.milpnet.core.io.AtomicTextFile;
import io.milpnet.core.io.TextInput;
import io.milpnet.core.solver.SolverRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code milpnet bench}: runs a suite declared in a YAML file and tabulates it. A suite is a list of independent jobs
 * ({@link SuiteJobs}; its kind says what a job is: a train suite's run or grid point, a tightness or backends suite's
 * instance under one formulation or backend, a baselines suite's data set and seed), each writing its own directory,
 * run one after another here ({@link LocalSuite}: the tables rewritten after each job, so an interrupted suite keeps
 * the rows already done), as processes ({@code --jobs N}) or as a Slurm job array ({@link SlurmSuite}); every executor
 * writes the same tables ({@code results.csv}, {@code results.md}). {@code --vnncomp} runs a VNN-COMP benchmark.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Run a benchmark suite (suites/NAME.yaml or a file) and write its results as CSV and Markdown.")
final class BenchCommand implements Callable<Integer> {
  private final SolverRegistry registry;

  @jakarta.inject.Inject
  BenchCommand(SolverRegistry registry) {
    this.registry = registry;
  }

  static final List<String> COLUMNS = TrainRunsSuite.COLUMNS;

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
      description = "Run the suite's jobs here, one after another (local), or as a Slurm job array (slurm), one job"
          + " per run, instance and formulation, or data set and seed (default: ${DEFAULT-VALUE}).")
  String executor;

  @Option(names = "--jobs", defaultValue = "1", paramLabel = "N",
      description = "With the local executor: run up to N jobs of the suite at once on this machine, each in its own"
          + " process (default: ${DEFAULT-VALUE}, one after another in this process).")
  int jobs;

  @Option(names = "--partition", paramLabel = "P", description = "Slurm partition of the job array (default: the"
      + " cluster's).")
  String partition;

  @Option(names = "--time-per-job", paramLabel = "TIME", description = "Slurm time limit of each run's job (sbatch"
      + " --time: minutes, or HH:MM:SS).")
  String timePerJob;

  @Option(names = "--no-wait", description = "With --executor slurm: submit and return; collect later with --collect.")
  boolean noWait;

  @Option(names = "--collect", paramLabel = "DIR", description = "Tabulate the jobs a Slurm submission (or --jobs N)"
      + " wrote into DIR (instead of running a suite).")
  Path collect;

  /** A job array's task: runs one job of the suite submitted into --out (its slurm/suite.yaml). */
  @Option(names = "--run-job", hidden = true, paramLabel = "NAME")
  String runJob;

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
    if (collect != null || runJob != null) {
      return fromSubmission(stdout);
    }
    if ((suite == null) == (vnncomp == null)) {
      throw new UserInputException(suite == null ? "give --suite NAME|FILE.yaml, --vnncomp DIR/instances.csv, or"
          + " --collect DIR for a Slurm submission" : "give either --suite or --vnncomp, not both");
    }
    if (!List.of("local", "slurm").contains(executor)) {
      throw new UserInputException("--executor '" + executor + "' is not an executor: use local or slurm");
    }
    if (jobs < 1) {
      throw new UserInputException("--jobs must be a whole number >= 1, got " + jobs);
    }
    if (jobs > 1 && executor.equals("slurm")) {
      throw new UserInputException("--jobs belongs to the local executor: Slurm runs the job array as the cluster"
          + " allows");
    }
    if (!executor.equals("slurm") && (noWait || partition != null || timePerJob != null)) {
      throw new UserInputException("--no-wait, --partition and --time-per-job belong to --executor slurm");
    }
    if (vnncomp != null) {
      if (!(timeoutScale > 0) || Double.isInfinite(timeoutScale)) {
        throw new UserInputException("--timeout-scale must be a positive number, got "
            + TrainCommand.fmt(timeoutScale));
      }
      if (timeLimit != null || only != null) {
        throw new UserInputException("--time-limit and --only belong to --suite; with --vnncomp use --timeout-scale");
      }
      if (executor.equals("slurm") || jobs > 1) {
        throw new UserInputException("--executor slurm and --jobs run suites; run --vnncomp with neither");
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
    SuiteJobs suiteJobs = jobsOf(file, text, timeLimit, only);
    SlurmSuite.Stored stored = new SlurmSuite.Stored(text, file, timeLimit);
    // A job array's table also holds the jobs submitted into the same directory before (--only resubmits some).
    if (executor.equals("slurm")) {
      return new SlurmSuite(stdout).submit(out, stored, suiteJobs, jobsOf(file, text, timeLimit, null), partition,
          timePerJob, noWait);
    }
    if (jobs > 1) {
      return new SlurmSuite(stdout).runLocally(out, stored, suiteJobs, jobsOf(file, text, timeLimit, null), jobs);
    }
    return new LocalSuite(suiteJobs, stdout, spec.commandLine().getErr()).run(file, out);
  }

  /** {@code --collect DIR}, or a job array's task ({@code --run-job NAME --out DIR}): the suite stored in DIR. */
  private int fromSubmission(PrintWriter stdout) throws IOException {
    if (suite != null || vnncomp != null || only != null || timeLimit != null || jobs != 1 || noWait
        || !executor.equals("local") || (collect != null && (runJob != null || out != null))) {
      throw new UserInputException("--collect DIR tabulates a job array's directory as it was submitted: give it"
          + " alone (without --suite, --vnncomp, --out, --only, --time-limit, --jobs or --executor)");
    }
    Path dir = collect != null ? collect : out;
    if (dir == null) {
      throw new UserInputException("--run-job NAME runs a job of the suite submitted into --out DIR: give --out");
    }
    out = dir;
    SlurmSuite.Stored stored = Files.isDirectory(dir) ? SlurmSuite.stored(dir) : null;
    if (stored == null) {
      throw new UserInputException((collect != null ? "--collect " : "--out ") + dir + ": no job array there (no"
          + " slurm/jobs.txt): give the --out directory of a bench --executor slurm or --jobs N");
    }
    SuiteJobs all = jobsOf(stored.file(), stored.text(), stored.timeLimit(), null);
    if (collect != null) {
      return new SlurmSuite(stdout).collect(dir, stored, all);
    }
    if (!all.names().contains(runJob)) {
      throw new UserInputException("--run-job " + runJob + ": no such job in the suite of " + dir);
    }
    return all.run(runJob, dir, stdout, spec.commandLine().getErr());
  }

  /** The suite's jobs, by its kind: one place that knows the kinds. */
  private SuiteJobs jobsOf(Path file, String text, Double limit, List<String> selected) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(text);
    } catch (IOException e) {
      throw new UserInputException(file + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root != null && !root.isObject()) {
      throw new UserInputException(file + " is not a suite: give a map with runs, grid, instances or datasets");
    }
    String kind = root == null ? "train" : root.path("kind").asText("train");
    return switch (kind) {
      case "tightness", "backends" -> new TightnessSuite(file, root, registry, limit, selected);
      case "baselines" -> new BaselinesSuite(file, root, limit, selected);
      case "train" -> root != null && root.has("grid") ? new SweepSuite(file, root, spec, limit, selected)
          : new TrainRunsSuite(file, root, limit, selected);
      default -> throw new UserInputException(file + ": unknown suite kind '" + kind + "': use train (the default),"
          + " tightness, backends or baselines");
    };
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
