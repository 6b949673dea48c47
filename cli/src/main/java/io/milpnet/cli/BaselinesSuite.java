package io.milpnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.milpnet.core.io.AtomicTextFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kind: baselines}: for every data set (and seed) of the suite, the default {@code milpnet train} run beside the
 * float network of the same architecture ({@code --strategy float}: plain gradient descent on all training rows, no
 * MILP), and, where Python with scikit-learn is installed, scikit-learn's MLP of the same hidden width and L1 logistic
 * regression on exactly the same rows ({@code scripts/peer_sklearn.py} on the split {@code --write-split} writes).
 * One row per data set and seed; the verdict columns say whether the default run is within 1 point of the float
 * network (regression: within 5% of its error) with fewer nonzero weights, whether every stage kept validation, and
 * whether the L1 logistic regression dominates it (at least as accurate with fewer nonzero weights).
 */
final class BaselinesSuite implements SuiteJobs {
  static final List<String> COLUMNS = List.of("dataset", "seed", "arch", "trainSamples", "testSamples",
      "floatTest", "floatNonzero", "floatSeconds", "milpnetTest", "milpnetNonzero", "milpnetSeconds", "status", "gap",
      "validationKept", "withinFloat", "fewerWeights", "sklearnMlpTest", "sklearnMlpNonzero", "l1LogregTest",
      "l1LogregNonzero", "dominatedByL1");

  private final Path file;
  private final JsonNode root;
  private final Double timeLimitOverride;
  private final List<String> only;
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private java.util.Optional<String> python;

  BaselinesSuite(Path file, JsonNode root, Double timeLimitOverride, List<String> only) {
    this.file = file;
    this.root = root;
    this.timeLimitOverride = timeLimitOverride;
    this.only = only;
    for (Job job : jobs()) {
      if (jobs.put(job.id(), job) != null) {
        throw new UserInputException(file + ": data set " + job.name() + " and seed " + job.seed() + " are given twice");
      }
    }
  }

  private record Job(String name, long seed, ObjectNode train) {
    String id() {
      return (name + "__seed" + seed).replaceAll("[^A-Za-z0-9._-]", "_");
    }
  }

  @Override
  public String kind() {
    return "baselines" + (python() == null ? "; scikit-learn not found (apt-get install python3-sklearn), its columns"
        + " stay empty" : "");
  }

  @Override
  public List<String> names() {
    return List.copyOf(jobs.keySet());
  }

  @Override
  public String label(String name) {
    return jobs.get(name).name() + ", seed " + jobs.get(name).seed();
  }

  @Override
  public List<Path> prepare(Path dir) throws IOException {
    Files.createDirectories(dir);
    return List.of();
  }

  @Override
  public boolean quiet() {
    return true;
  }

  /** Python with scikit-learn, looked for once. */
  private String python() {
    if (python == null) {
      python = java.util.Optional.ofNullable(peerPython());
    }
    return python.orElse(null);
  }

  private List<Job> jobs() {
    JsonNode datasets = root.get("datasets");
    if (datasets == null || !datasets.isArray() || datasets.isEmpty()) {
      throw new UserInputException(file + " has no datasets: give a list 'datasets' of {name, train}");
    }
    List<Long> seeds = new ArrayList<>();
    JsonNode s = root.path("seeds");
    if (s.isArray() && !s.isEmpty()) {
      for (JsonNode n : s) {
        if (!n.canConvertToLong()) {
          throw new UserInputException(file + ": seeds must be whole numbers, got " + n);
        }
        seeds.add(n.asLong());
      }
    } else {
      seeds.add(0L);
    }
    List<Job> jobs = new ArrayList<>();
    java.util.Set<String> names = new java.util.HashSet<>();
    for (JsonNode d : datasets) {
      String name = d.path("name").asText("");
      if (name.isEmpty() || !d.path("train").isObject()) {
        throw new UserInputException(file + ": every data set needs a name and a train map (the keys of milpnet"
            + " train)");
      }
      BenchCommand.checkRunName(file, "data set", name, names);
      for (long seed : seeds) {
        Job job = new Job(name, seed, (ObjectNode) d.get("train"));
        // --only names data sets, or single jobs (as a job array's collection lists the ones to resubmit).
        if (only == null || only.contains(name) || only.contains(job.id())) {
          jobs.add(job);
        }
      }
    }
    if (jobs.isEmpty()) {
      throw new UserInputException("--only " + only + " names no data set or job of " + file);
    }
    return jobs;
  }

  /**
   * The default training (writing its split), the float network, and scikit-learn on that split; their exit codes in
   * {@code default.exit} and {@code float.exit}, scikit-learn's output in {@code sklearn.log}.
   */
  @Override
  public int run(String name, Path dir, PrintWriter out, PrintWriter err) throws IOException {
    Job job = jobs.get(name);
    ObjectNode train = job.train().deepCopy();
    train.put("seed", job.seed());
    if (timeLimitOverride != null) {
      train.put("time-limit", timeLimitOverride);
    }
    Path base = dir.resolve(job.id());
    Files.createDirectories(base);
    Path experiment = base.resolve("train.yaml");
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    AtomicTextFile.write(experiment, w -> w.write(yaml.writeValueAsString(train)));
    int milpnet = runTrain(List.of("train", "--config", experiment.toString(), "--out", base.resolve("default")
        .toString(), "--write-split", base.resolve("split").toString()), base.resolve("default.log"));
    AtomicTextFile.write(base.resolve("default.exit"), w -> w.write(milpnet + "\n"));
    int floatCode = runTrain(List.of("train", "--config", experiment.toString(), "--strategy", "float", "--out",
        base.resolve("float").toString()), base.resolve("float.log"));
    AtomicTextFile.write(base.resolve("float.exit"), w -> w.write(floatCode + "\n"));
    JsonNode d = read(base.resolve("default").resolve("summary.json"));
    boolean regression = d != null && d.path("run").path("task").asText().equals("regression");
    if (python() != null && !regression && d != null) {
      peer(python(), base.resolve("split"), d, base.resolve("sklearn.log"));
    }
    return milpnet != ExitCode.OK ? milpnet : floatCode;
  }

  @Override
  public int tabulate(Path dir, Map<String, Integer> codes) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, Integer> e : codes.entrySet()) {
      rows.add(row(jobs.get(e.getKey()), dir, e.getValue()));
    }
    BenchCommand.writeTables(dir, COLUMNS, rows);
    return rows.size();
  }

  /** A job's row, from its files alone. */
  private List<String> row(Job job, Path dir, int code) throws IOException {
    Path base = dir.resolve(job.id());
    String milpnet = code == NOT_FINISHED ? SuiteJobs.failed(code) : "FAILED(exit " + exit(base, "default") + ")";
    String floatCode = code == NOT_FINISHED ? SuiteJobs.failed(code) : "FAILED(exit " + exit(base, "float") + ")";
    Map<String, String> peer = parsePeer(base.resolve("sklearn.log"));
    JsonNode d = read(base.resolve("default").resolve("summary.json"));
    JsonNode f = read(base.resolve("float").resolve("summary.json"));
    boolean regression = d != null && d.path("run").path("task").asText().equals("regression");
    String metric = regression ? "testMeanAbsoluteError" : "testAccuracy";
    Map<String, String> v = new LinkedHashMap<>();
    v.put("dataset", job.name());
    v.put("seed", Long.toString(job.seed()));
    v.put("arch", d == null ? "" : BenchCommand.text(d.path("run").get("arch")));
    v.put("trainSamples", d == null ? "" : BenchCommand.text(d.path("run").get("trainSamples")));
    v.put("testSamples", d == null ? "" : BenchCommand.text(d.path("run").get("testSamples")));
    v.put("floatTest", f == null ? floatCode : BenchCommand.text(f.get(metric)));
    v.put("floatNonzero", f == null ? "" : BenchCommand.text(f.get("nonzeroWeights")));
    v.put("floatSeconds", f == null ? "" : BenchCommand.text(f.get("solveSeconds")));
    v.put("milpnetTest", d == null ? milpnet : BenchCommand.text(d.get(metric)));
    v.put("milpnetNonzero", d == null ? "" : BenchCommand.text(d.get("nonzeroWeights")));
    v.put("milpnetSeconds", d == null ? "" : BenchCommand.text(d.get("solveSeconds")));
    v.put("status", d == null ? "" : BenchCommand.text(d.get("status")));
    v.put("gap", d == null ? "" : BenchCommand.text(d.get("gap")));
    v.put("validationKept", d == null ? "" : validationKept(d, regression));
    boolean both = d != null && f != null && d.hasNonNull(metric) && f.hasNonNull(metric);
    double mine = both ? d.get(metric).asDouble() : Double.NaN;
    double theirs = both ? f.get(metric).asDouble() : Double.NaN;
    v.put("withinFloat", !both ? "" : (regression ? mine <= 1.05 * theirs : mine >= theirs - 0.01) ? "yes" : "no");
    v.put("fewerWeights", !both ? "" : d.path("nonzeroWeights").asInt() < f.path("nonzeroWeights").asInt() ? "yes"
        : "no");
    v.put("sklearnMlpTest", peer.getOrDefault("mlpTest", ""));
    v.put("sklearnMlpNonzero", peer.getOrDefault("mlpNonzero", ""));
    v.put("l1LogregTest", peer.getOrDefault("l1Test", ""));
    v.put("l1LogregNonzero", peer.getOrDefault("l1Nonzero", ""));
    String dominated = "";
    if (d != null && peer.containsKey("l1Test") && d.hasNonNull(metric)) {
      double l1Test = Double.parseDouble(peer.get("l1Test"));
      int l1Nonzero = Integer.parseInt(peer.get("l1Nonzero"));
      // Dominated: the lasso is at least as accurate and no larger, and strictly better in one of the two (the
      // three decimals scikit-learn prints; milpnet's accuracy rounded the same way).
      double ours = Math.round(mine * 1000) / 1000.0;
      int oursNonzero = d.path("nonzeroWeights").asInt();
      boolean dom = l1Test >= ours && l1Nonzero <= oursNonzero && (l1Test > ours || l1Nonzero < oursNonzero);
      dominated = dom ? "yes" : "no";
    }
    v.put("dominatedByL1", dominated);
    List<String> row = new ArrayList<>();
    for (String c : COLUMNS) {
      row.add(v.getOrDefault(c, ""));
    }
    return row;
  }

  /** "yes" when no stage after the gradient start has a lower validation accuracy (higher error) than the start's. */
  private static String validationKept(JsonNode summary, boolean regression) {
    JsonNode stages = summary.path("stages");
    String field = regression ? "validationError" : "validationAccuracy";
    Double start = null;
    boolean kept = true;
    boolean any = false;
    for (JsonNode st : stages) {
      if (!st.hasNonNull(field)) {
        continue;
      }
      double v = st.get(field).asDouble();
      any = true;
      if (start == null && st.path("name").asText().equals("grid")) {
        start = v;
      } else if (start != null) {
        kept &= regression ? v <= start + 1e-12 : v >= start - 1e-12;
      }
    }
    return !any ? "no validation" : start == null ? "" : kept ? "yes" : "no";
  }

  private int runTrain(List<String> args, Path logFile) {
    StringWriter log = new StringWriter();
    int code;
    boolean quiet = SolveProgress.quiet;
    SolveProgress.quiet = true;
    try (PrintWriter w = new PrintWriter(log)) {
      code = Main.run(args.toArray(new String[0]), w, w);
    } finally {
      SolveProgress.quiet = quiet;
    }
    AtomicTextFile.write(logFile, w -> w.write(log.toString()));
    return code;
  }

  private static JsonNode read(Path summary) throws IOException {
    return Files.exists(summary) ? new ObjectMapper().readTree(summary.toFile()) : null;
  }

  /** Python 3 with scikit-learn and the peer script, or null. */
  private static String peerPython() {
    if (!Files.isRegularFile(Path.of("scripts", "peer_sklearn.py"))) {
      return null;
    }
    for (String python : List.of("/usr/bin/python3", "python3")) {
      try {
        Process p = new ProcessBuilder(python, "-c", "import sklearn").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return python;
        }
      } catch (IOException e) {
        // not this one
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  private static final Pattern PEER_LINE = Pattern.compile(
      "^(\\S+) scaling=\\S+ train=\\S+ test=([0-9.]+) nonzero=([0-9]+)", Pattern.MULTILINE);

  /** scikit-learn's MLP (the first hidden layer's width) and L1 logistic regression on the written split. */
  private static void peer(String python, Path split, JsonNode summary, Path logFile) {
    Path train = split.resolve("train.csv");
    Path test = split.resolve("test.csv");
    if (!Files.exists(train) || !Files.exists(test)) {
      return;
    }
    Matcher width = Pattern.compile("dense:(\\d+)").matcher(summary.path("run").path("arch").asText());
    String hidden = width.find() ? width.group(1) : "3";
    try {
      Process p = new ProcessBuilder(python, "scripts/peer_sklearn.py", train.toString(), test.toString(), hidden,
          summary.path("run").path("scaling").asText("per-feature")).redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      p.waitFor(3600, TimeUnit.SECONDS);
      AtomicTextFile.write(logFile, w -> w.write(text));
    } catch (IOException e) {
      AtomicTextFile.write(logFile, w -> w.write("scikit-learn baseline failed: " + e.getMessage() + "\n"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** scikit-learn's results from its log, none when it did not run. */
  private static Map<String, String> parsePeer(Path logFile) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    if (!Files.isRegularFile(logFile)) {
      return out;
    }
    Matcher m = PEER_LINE.matcher(Files.readString(logFile));
    while (m.find()) {
      if (m.group(1).startsWith("mlp")) {
        out.put("mlpTest", m.group(2));
        out.put("mlpNonzero", m.group(3));
      } else if (m.group(1).equals("logreg-l1")) {
        out.put("l1Test", m.group(2));
        out.put("l1Nonzero", m.group(3));
      }
    }
    return out;
  }

  /** The exit code a job recorded for one of its trainings, "?" when it recorded none. */
  private static String exit(Path base, String stage) throws IOException {
    Path file = base.resolve(stage + ".exit");
    return Files.isRegularFile(file) ? Files.readString(file).strip() : "?";
  }
}
