package io.milpnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A train suite with a {@code grid:} section: one {@code train} map (the keys of an experiment file) and a grid of
 * values for some of its keys; every point of the grid is one job, written as its experiment file
 * ({@code NAME.yaml}) and run into its directory, and the runs are tabulated as a sweep ({@link SweepRunner}: the swept
 * values as columns, the Pareto-optimal runs marked over the runs in the table).
 */
final class SweepSuite implements SuiteJobs {
  private final SweepExpansion sweep;
  private final SweepRunner runner;
  private final ObjectNode base;
  private final Double timeLimit;
  private final Map<String, SweepExpansion.Point> points = new LinkedHashMap<>();

  SweepSuite(Path file, JsonNode root, CommandSpec bench, Double timeLimit, List<String> only) {
    CommandSpec train = bench.root().subcommands().get("train").getCommandSpec();
    this.sweep = SweepExpansion.ofGrid(root.get("grid"), file, key -> train.findOption("--" + key) != null);
    if (root.has("runs")) {
      throw new UserInputException(file + ": a suite with a grid has one 'train' map, not 'runs': the grid makes"
          + " the runs");
    }
    if (!root.path("train").isObject()) {
      throw new UserInputException(file + ": a suite with a grid needs a 'train' map (the keys of milpnet train)"
          + " that the grid's values complete");
    }
    this.base = (ObjectNode) root.get("train");
    for (String key : sweep.keys()) {
      if (base.has(key) || base.path("solver").has(key)) {
        throw new UserInputException(file + ": key '" + key + "' is both in 'train' and in 'grid': give its values in"
            + " the grid only");
      }
    }
    this.timeLimit = timeLimit;
    String title = root.path("description").asText(file.getFileName().toString());
    this.runner = new SweepRunner(sweep, title, bench.commandLine().getOut(), bench.commandLine().getErr());
    for (SweepExpansion.Point p : sweep.points()) {
      if (only == null || only.contains(p.name())) {
        points.put(p.name(), p);
      }
    }
    if (points.isEmpty()) {
      throw new UserInputException("--only " + only + " names no point of the grid of " + file + " (its runs: "
          + String.join(", ", sweep.points().stream().map(SweepExpansion.Point::name).toList()) + ")");
    }
  }

  @Override
  public String kind() {
    return "sweep, " + String.join(" x ", sweep.axes().entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue().size()).toList());
  }

  @Override
  public List<String> names() {
    return List.copyOf(points.keySet());
  }

  @Override
  public List<Path> prepare(Path dir) throws IOException {
    List<SweepExpansion.Point> all = sweep.points();
    runner.checkValues(all);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UserInputException("cannot create the sweep directory '" + dir + "': " + e.getMessage());
    }
    List<Path> written = new ArrayList<>();
    // sweep.json names every point of the grid, also when --only runs some: the report reads what is there.
    runner.writeDescription(dir, all);
    written.add(dir.resolve("sweep.json"));
    for (SweepExpansion.Point p : points.values()) {
      ObjectNode experiment = base.deepCopy();
      p.values().forEach(experiment::set);
      written.add(SuiteJobs.writeExperiment(dir, p.name(), experiment));
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
  public int tabulate(Path dir, Map<String, Integer> codes) {
    List<SweepExpansion.Point> done = new ArrayList<>();
    List<JsonNode> summaries = new ArrayList<>();
    List<Integer> exits = new ArrayList<>();
    for (Map.Entry<String, Integer> job : codes.entrySet()) {
      done.add(points.get(job.getKey()));
      summaries.add(SweepRunner.readSummary(dir.resolve(job.getKey()).resolve("summary.json")));
      exits.add(job.getValue());
    }
    BenchCommand.writeTables(dir, runner.columns(), runner.rows(done, summaries, exits));
    return done.size();
  }

  /** The first failing run's exit code, as {@code train --sweep} returns. */
  @Override
  public int exitCode(Map<String, Integer> codes) {
    return codes.values().stream().filter(c -> c != ExitCode.OK).findFirst().orElse(ExitCode.OK);
  }
}
