package io.milpnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.milpnet.core.io.AtomicTextFile;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.core.solver.SolverRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The formulation suites of {@code milpnet bench}: {@code kind: tightness} runs every instance under every
 * formulation of its kind (training or verification), {@code kind: backends} under every available backend. A
 * training instance is a {@code train} map (the keys of {@code milpnet train}) run with {@code --lp-bound}; a
 * verification instance is a {@code verify} map ({@code network}, {@code property}, ...) run with
 * {@code --whole-box}, one row per disjunct. Each job's output goes to {@code <job>.log} in the output directory and
 * its summary to {@code <job>/summary.json}; the tables are rewritten after every job, and Ctrl-C ends the suite
 * after the job in progress (which returns its incumbent), keeping every row written.
 *
 * <p>{@code rootGap = |best - lpBound| / max(1, |best|)} with the instance's best known objective: the suite file's
 * {@code best-known}, else the best objective of all its rows (smallest training loss, largest verification margin).
 */
final class TightnessSuite implements SuiteJobs {
  static final List<String> TIGHTNESS_COLUMNS = List.of("instance", "formulation", "bounds", "binaries",
      "constraints", "stableUnits", "lpBound", "objective", "bestBound", "rootGap", "finalGap", "seconds", "nodes",
      "peakMemoryMB", "status");
  static final List<String> BACKEND_COLUMNS = List.of("instance", "backend", "binaries", "constraints", "lpBound",
      "objective", "bestBound", "finalGap", "seconds", "nodes", "status");

  private final Path file;
  private final JsonNode root;
  private final boolean backends;
  private final SolverRegistry registry;
  private final Double timeLimitOverride;
  private final List<String> only;
  private final Map<String, Job> jobs = new LinkedHashMap<>();

  /** One solve: an instance under a formulation or a backend. */
  private record Job(String instance, boolean train, ObjectNode options, String formulation, String bounds,
      String backend, double timeLimit, Double bestKnown) {
    String id() {
      return (instance + "__" + (backendSuite() ? backend : formulation + "__" + bounds))
          .replaceAll("[^A-Za-z0-9._-]", "_");
    }

    boolean backendSuite() {
      return formulation == null;
    }
  }

  /** A finished row's numbers, before the root gap (which needs every row of the instance). */
  private record Row(Job job, String instance, Map<String, String> values, double objective, double lpBound) {}

  TightnessSuite(Path file, JsonNode root, SolverRegistry registry, Double timeLimitOverride, List<String> only) {
    this.file = file;
    this.root = root;
    this.backends = "backends".equals(root.path("kind").asText());
    this.registry = registry;
    this.timeLimitOverride = timeLimitOverride;
    this.only = only;
    for (Job job : jobs()) {
      if (jobs.put(job.id(), job) != null) {
        throw new UserInputException(file + ": two jobs of instance " + job.instance + " are both named " + job.id()
            + ": give its formulations distinct formulation and bounds names");
      }
    }
  }

  @Override
  public String kind() {
    return backends ? "backends" : "tightness";
  }

  @Override
  public List<String> names() {
    return List.copyOf(jobs.keySet());
  }

  @Override
  public String label(String name) {
    Job job = jobs.get(name);
    return job.instance + " / " + (job.backendSuite() ? job.backend : job.formulation + ", " + job.bounds);
  }

  @Override
  public List<Path> prepare(Path dir) throws IOException {
    Files.createDirectories(dir);
    return List.of();
  }

  /** One solve, its console output in {@code <job>.log}, its summary in {@code <job>/summary.json}. */
  @Override
  public int run(String name, Path dir, PrintWriter out, PrintWriter err) {
    Job job = jobs.get(name);
    StringWriter log = new StringWriter();
    int code;
    try (PrintWriter w = new PrintWriter(log)) {
      code = Main.run(args(job, dir, dir.resolve(job.id())).toArray(new String[0]), w, w);
    }
    AtomicTextFile.write(dir.resolve(job.id() + ".log"), w -> w.write(log.toString()));
    return code;
  }

  @Override
  public boolean quiet() {
    return true;
  }

  @Override
  public int tabulate(Path dir, Map<String, Integer> codes) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, Integer> e : codes.entrySet()) {
      Job job = jobs.get(e.getKey());
      rows.addAll(rowsOf(job, dir.resolve(job.id()).resolve("summary.json"), e.getValue()));
    }
    writeTables(dir, rows);
    return rows.size();
  }

  // ------------------------------------------------------------------------------------------------- the suite file

  private List<Job> jobs() {
    JsonNode instances = root.get("instances");
    if (instances == null || !instances.isArray() || instances.isEmpty()) {
      throw new UserInputException(file + " has no instances: give a list 'instances' of {name, train or verify}");
    }
    List<Job> jobs = new ArrayList<>();
    java.util.Set<String> names = new java.util.HashSet<>();
    for (JsonNode inst : instances) {
      String name = inst.path("name").asText("");
      boolean train = inst.path("train").isObject();
      if (name.isEmpty() || train == inst.path("verify").isObject()) {
        throw new UserInputException(file + ": every instance needs a name and one map, train or verify");
      }
      BenchCommand.checkRunName(file, "instance", name, names);
      double limit = timeLimitOverride != null ? timeLimitOverride
          : inst.path("time-limit").asDouble(root.path("time-limit").asDouble(60));
      Double best = inst.hasNonNull("best-known") ? inst.get("best-known").asDouble() : null;
      ObjectNode options = (ObjectNode) inst.get(train ? "train" : "verify");
      if (backends) {
        for (String backend : backendNames(inst)) {
          jobs.add(new Job(name, train, options, null, null, backend, limit, best));
        }
      } else {
        JsonNode variants = root.path("formulations").path(train ? "train" : "verify");
        if (!variants.isArray() || variants.isEmpty()) {
          throw new UserInputException(file + ": give formulations." + (train ? "train" : "verify")
              + ", a list of {formulation, bounds, options} for the " + (train ? "training" : "verification")
              + " instances");
        }
        for (JsonNode v : variants) {
          if (!v.hasNonNull("formulation") || !v.hasNonNull("bounds")) {
            throw new UserInputException(file + ": every formulation needs a formulation name and a bounds name");
          }
          ObjectNode merged = options.deepCopy();
          if (v.path("options").isObject()) {
            merged.setAll((ObjectNode) v.get("options").deepCopy());
          }
          jobs.add(new Job(name, train, merged, v.get("formulation").asText(), v.get("bounds").asText(), null, limit,
              best));
        }
      }
    }
    // --only names instances, or single jobs (as a job array's collection lists the ones to resubmit).
    List<Job> selected = jobs.stream().filter(j -> only == null || only.contains(j.instance) || only.contains(j.id()))
        .toList();
    if (selected.isEmpty()) {
      throw new UserInputException("--only " + only + " names no instance or job of " + file);
    }
    return selected;
  }

  /** The suite's {@code backends} list, else every available backend that solves MILPs. */
  private List<String> backendNames(JsonNode inst) {
    List<String> names = new ArrayList<>();
    JsonNode listed = root.path("backends");
    if (listed.isArray() && !listed.isEmpty()) {
      listed.forEach(n -> names.add(n.asText()));
      return names;
    }
    for (SolverBackend b : registry.all().values()) {
      if (b.capabilities().integers() && b.availability().available()) {
        names.add(b.name());
      }
    }
    return names;
  }

  private List<String> args(Job job, Path dir, Path out) {
    List<String> args = new ArrayList<>();
    ObjectNode options = job.options.deepCopy();
    options.put("time-limit", job.timeLimit);
    if (job.backend != null) {
      options.put("backend", job.backend);
    }
    if (job.train) {
      options.put("lp-bound", true);
      Path experiment = dir.resolve(job.id() + ".yaml");
      AtomicTextFile.write(experiment, w -> {
        try {
          w.write(new ObjectMapper(new YAMLFactory()).writeValueAsString(options));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      args.addAll(List.of("train", "--config", experiment.toString()));
    } else {
      args.addAll(List.of("verify", "--whole-box"));
      for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        if (v.isBoolean()) {
          if (v.asBoolean()) {
            args.add("--" + e.getKey());
          }
        } else {
          args.add("--" + e.getKey());
          args.add(v.isArray() ? String.join(",", textList(v)) : v.isObject() ? pairs(v) : v.asText());
        }
      }
    }
    args.addAll(List.of("--out", out.toString()));
    return args;
  }

  /** A map option ({@code solver-param: {limits/nodes: 100}}) as its flag takes it: {@code NAME=VALUE,...}. */
  private static String pairs(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fields().forEachRemaining(e -> out.add(e.getKey() + "=" + e.getValue().asText()));
    return String.join(",", out);
  }

  private static List<String> textList(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  // ------------------------------------------------------------------------------------------------- the rows

  private List<Row> rowsOf(Job job, Path summary, int code) throws IOException {
    if (!Files.exists(summary)) {
      Map<String, String> v = new LinkedHashMap<>();
      v.put("status", code == NOT_FINISHED ? SuiteJobs.failed(code) : "FAILED(exit " + code + ", see " + job.id()
          + ".log)");
      return List.of(new Row(job, job.instance, v, Double.NaN, Double.NaN));
    }
    JsonNode s = new ObjectMapper().readTree(summary.toFile());
    List<Row> rows = new ArrayList<>();
    if (job.train) {
      Map<String, String> v = values(s, "gap", "solveSeconds");
      v.put("status", BenchCommand.text(s.get("status")));
      rows.add(new Row(job, job.instance, v, number(s.get("objective")), number(s.get("lpBound"))));
    } else {
      JsonNode disjuncts = s.path("disjuncts");
      for (JsonNode d : disjuncts) {
        Map<String, String> v = values(d, "finalGap", "seconds");
        v.put("status", BenchCommand.text(d.get("status")) + " (" + BenchCommand.text(d.get("result")) + ")");
        String instance = disjuncts.size() == 1 ? job.instance : job.instance + "/d" + d.path("index").asInt();
        rows.add(new Row(job, instance, v, number(d.get("objective")), number(d.get("lpBound"))));
      }
    }
    return rows;
  }

  /** The columns a summary (train) or a disjunct (verify --whole-box) gives by name, the gap and time under theirs. */
  private static Map<String, String> values(JsonNode n, String gapKey, String secondsKey) {
    Map<String, String> v = new LinkedHashMap<>();
    for (String c : List.of("binaries", "constraints", "stableUnits", "lpBound", "objective", "bestBound", "nodes")) {
      v.put(c, BenchCommand.text(n.get(c)));
    }
    v.put("finalGap", BenchCommand.text(n.get(gapKey)));
    v.put("peakMemoryMB", BenchCommand.text(n.get("peakResidentMB")));
    v.put("seconds", BenchCommand.text(n.get(secondsKey)));
    return v;
  }

  /** The best known objective per instance: the suite's, else the best row (min loss, max margin). */
  private static Map<String, Double> bestKnown(List<Row> rows) {
    Map<String, Double> best = new HashMap<>();
    for (Row r : rows) {
      if (r.job.bestKnown != null) {
        best.put(r.instance, r.job.bestKnown);
      }
    }
    for (Row r : rows) {
      if (r.job.bestKnown != null || Double.isNaN(r.objective)) {
        continue;
      }
      best.merge(r.instance, r.objective, r.job.train ? Math::min : Math::max);
    }
    return best;
  }

  private void writeTables(Path dir, List<Row> rows) {
    Map<String, Double> best = bestKnown(rows);
    List<String> columns = backends ? BACKEND_COLUMNS : TIGHTNESS_COLUMNS;
    List<List<String>> table = new ArrayList<>();
    for (Row r : rows) {
      List<String> line = new ArrayList<>();
      for (String c : columns) {
        line.add(switch (c) {
          case "instance" -> r.instance;
          case "formulation" -> r.job.formulation;
          case "bounds" -> r.job.bounds;
          case "backend" -> r.job.backend;
          case "rootGap" -> {
            Double b = best.get(r.instance);
            yield b == null || Double.isNaN(r.lpBound) ? ""
                : BenchCommand.fmt(Math.abs(b - r.lpBound) / Math.max(1.0, Math.abs(b)));
          }
          default -> r.values.getOrDefault(c, "");
        });
      }
      table.add(line);
    }
    BenchCommand.writeTables(dir, columns, table);
  }

  private static double number(JsonNode n) {
    return n == null || !n.isNumber() ? Double.NaN : n.asDouble();
  }
}
