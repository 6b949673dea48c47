package io.milpnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A train suite with {@code runs:}: each run, a {@code name} and a {@code train} map (an experiment file, the keys of
 * {@code milpnet train}), is one job: {@code milpnet train --config DIR/NAME.yaml --out DIR/NAME}; its row comes from
 * {@code DIR/NAME/summary.json}.
 */
final class TrainRunsSuite implements SuiteJobs {
  static final List<String> COLUMNS = List.of("run", "trainSamples", "testSamples", "arch", "strategy", "backend",
      "timeLimit",
      "status", "objective", "bestBound", "gap", "solveSeconds", "gradientTestAccuracy", "gradientNonzeroWeights",
      "trainAccuracy", "testAccuracy", "nonzeroWeights", "totalWeights", "decodeMismatches");

  private final Double timeLimit;
  private final Map<String, ObjectNode> runs = new LinkedHashMap<>();

  TrainRunsSuite(Path file, JsonNode root, Double timeLimit, List<String> only) {
    this.timeLimit = timeLimit;
    JsonNode list = root == null ? null : root.get("runs");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new UserInputException(file + " has no runs: give a list 'runs' of {name, train} entries");
    }
    Set<String> names = new HashSet<>();
    for (JsonNode run : list) {
      if (!run.path("name").isValueNode() || run.path("name").isNull() || !run.path("train").isObject()) {
        throw new UserInputException(file + ": every run needs a name and a train map (the keys of milpnet train)");
      }
      String name = run.get("name").asText();
      BenchCommand.checkRunName(file, "run", name, names);
      if (only == null || only.contains(name)) {
        runs.put(name, (ObjectNode) run.get("train"));
      }
    }
    if (runs.isEmpty()) {
      throw new UserInputException("--only " + only + " names no run of " + file);
    }
  }

  @Override
  public String kind() {
    return "train";
  }

  @Override
  public List<String> names() {
    return List.copyOf(runs.keySet());
  }

  @Override
  public List<Path> prepare(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, ObjectNode> run : runs.entrySet()) {
      written.add(SuiteJobs.writeExperiment(dir, run.getKey(), run.getValue()));
    }
    return written;
  }

  @Override
  public int run(String name, Path dir, PrintWriter out, PrintWriter err) {
    return SuiteJobs.runTrain(name, dir, timeLimit, out, err);
  }

  @Override
  public boolean quiet() {
    return false;
  }

  @Override
  public int tabulate(Path dir, Map<String, Integer> codes) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, Integer> job : codes.entrySet()) {
      rows.add(row(job.getKey(), runs.get(job.getKey()), dir.resolve(job.getKey()).resolve("summary.json"),
          job.getValue()));
    }
    BenchCommand.writeTables(dir, COLUMNS, rows);
    return rows.size();
  }

  private List<String> row(String name, ObjectNode train, Path summary, int exitCode) throws IOException {
    List<String> row = new ArrayList<>();
    if (!Files.exists(summary)) {
      row.add(name);
      for (int c = 1; c < COLUMNS.size(); c++) {
        row.add(c == COLUMNS.indexOf("status") ? SuiteJobs.failed(exitCode) : "");
      }
      return row;
    }
    JsonNode s = new ObjectMapper().readTree(summary.toFile());
    JsonNode run = s.path("run");
    JsonNode warm = s.path("warmStart");
    for (String c : COLUMNS) {
      String v = switch (c) {
        case "run" -> name;
        case "trainSamples", "testSamples", "arch" -> BenchCommand.text(run.get(c));
        case "strategy" -> BenchCommand.text(s.get("strategy"));
        case "timeLimit" -> timeLimit != null ? BenchCommand.fmt(timeLimit) : BenchCommand.text(
            train.has("time-limit") ? train.get("time-limit") : train.path("solver").get("time-limit"));
        case "gradientTestAccuracy" -> BenchCommand.text(warm.get("testAccuracy"));
        case "gradientNonzeroWeights" -> BenchCommand.text(warm.get("nonzeroWeights"));
        default -> BenchCommand.text(s.get(c));
      };
      row.add(v);
    }
    return row;
  }
}
