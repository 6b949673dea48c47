package io.milpnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Guice;
import io.milpnet.core.io.AtomicTextFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import picocli.CommandLine;

/**
 * Runs the points of a sweep one after another, each a {@code milpnet train} writing its own directory under the
 * sweep's, and tabulates them after every run ({@code results.csv}, {@code results.md}): the swept values as columns,
 * the results, and the Pareto-optimal runs of each data set marked (test accuracy, or training accuracy without a test set, against
 * nonzero weights, and against live hidden units). {@code sweep.json} names the swept keys and the runs (what {@code milpnet report} reads).
 */
final class SweepRunner {
  static final List<String> RESULT_COLUMNS = List.of("status", "objective", "bestBound", "gap", "solveSeconds",
      "trainAccuracy", "testAccuracy", "nonzeroWeights", "totalWeights", "activeNeurons", "totalNeurons",
      "paretoWeights", "paretoUnits");

  private final SweepExpansion sweep;
  private final String title;
  private final PrintWriter out;
  private final PrintWriter err;

  SweepRunner(SweepExpansion sweep, String title, PrintWriter out, PrintWriter err) {
    this.sweep = sweep;
    this.title = title;
    this.out = out;
    this.err = err;
  }

  /** The table's columns: {@code run}, the swept keys, then {@link #RESULT_COLUMNS}. */
  List<String> columns() {
    List<String> c = new ArrayList<>(List.of("run"));
    c.addAll(sweep.keys());
    c.addAll(RESULT_COLUMNS);
    return c;
  }

  /**
   * Runs every point: {@code args} gives the {@code milpnet} arguments of a point whose output directory is the given
   * one. Returns 0 when every run succeeded, else the first failing run's exit code (the table lists every run).
   */
  int run(Path dir, BiFunction<SweepExpansion.Point, Path, List<String>> args) {
    List<SweepExpansion.Point> points = sweep.points();
    checkValues(points);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UserInputException("cannot create the sweep directory '" + dir + "': " + e.getMessage());
    }
    writeDescription(dir, points);
    out.printf(Locale.ROOT, "milpnet sweep: %s, %d run(s) (%s), results in %s%n", title, points.size(),
        String.join(" x ", sweep.axes().entrySet().stream().map(e -> e.getKey() + " " + e.getValue().size())
            .toList()), dir);
    out.flush();
    List<JsonNode> summaries = new ArrayList<>();
    List<Integer> codes = new ArrayList<>();
    int worst = ExitCode.OK;
    for (int i = 0; i < points.size(); i++) {
      SweepExpansion.Point p = points.get(i);
      out.printf(Locale.ROOT, "run %d/%d: %s%n", i + 1, points.size(), p.name());
      out.flush();
      Path runDir = dir.resolve(p.name());
      int code = Main.run(args.apply(p, runDir).toArray(new String[0]), out, err);
      codes.add(code);
      summaries.add(readSummary(runDir.resolve("summary.json")));
      if (code != ExitCode.OK && worst == ExitCode.OK) {
        worst = code;
      }
      BenchCommand.writeTables(dir, columns(), rows(points.subList(0, i + 1), summaries, codes));
    }
    out.println("wrote " + dir.resolve("results.csv") + " and results.md");
    out.flush();
    return worst;
  }

  /**
   * Every point's values parsed as flags of {@code milpnet train} before anything runs or is written, so that a value of
   * the wrong type ({@code l0=abc}) is one line naming the key and the value, not a failed run in the table.
   */
  void checkValues(List<SweepExpansion.Point> points) {
    CommandLine cli = new CommandLine(MilpnetCommand.class,
        new GuiceFactory(Guice.createInjector(new MilpnetModule())));
    for (SweepExpansion.Point p : points) {
      List<String> args = new ArrayList<>(List.of("train"));
      args.addAll(p.flags());
      try {
        cli.parseArgs(args.toArray(new String[0]));
      } catch (CommandLine.ParameterException e) {
        throw new UserInputException(title + ": sweep point " + p.name() + ": " + e.getMessage()
            + " (check the values swept)");
      }
    }
  }

  void writeDescription(Path dir, List<SweepExpansion.Point> points) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("title", title);
    ArrayNode keys = root.putArray("keys");
    sweep.keys().forEach(keys::add);
    ArrayNode runs = root.putArray("runs");
    for (SweepExpansion.Point p : points) {
      ObjectNode r = runs.addObject();
      r.put("name", p.name());
      ObjectNode values = r.putObject("values");
      p.values().forEach(values::set);
    }
    AtomicTextFile.write(dir.resolve("sweep.json"), w -> w.write(mapper.writeValueAsString(root)));
  }

  static JsonNode readSummary(Path summary) {
    if (!Files.isRegularFile(summary)) {
      return null;
    }
    try {
      return new ObjectMapper().readTree(summary.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The table rows, with the Pareto marks computed over the runs so far. */
  List<List<String>> rows(List<SweepExpansion.Point> points, List<JsonNode> summaries, List<Integer> codes) {
    int n = points.size();
    double[] acc = new double[n];
    double[] weights = new double[n];
    double[] units = new double[n];
    String[] group = new String[n];
    for (int i = 0; i < n; i++) {
      JsonNode s = summaries.get(i);
      // Without a test set the front is drawn on training accuracy (every run of a group has the same data).
      acc[i] = s != null && s.path("testAccuracy").isNumber() ? number(s, "testAccuracy") : number(s, "trainAccuracy");
      weights[i] = number(s, "nonzeroWeights");
      units[i] = number(s, "activeNeurons");
      group[i] = points.get(i).values().containsKey("data") ? points.get(i).text("data") : "";
    }
    boolean[] byWeights = ParetoFront.optimal(acc, weights, group);
    boolean[] byUnits = ParetoFront.optimal(acc, units, group);
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SweepExpansion.Point p = points.get(i);
      JsonNode s = summaries.get(i);
      List<String> row = new ArrayList<>(List.of(p.name()));
      for (String k : sweep.keys()) {
        row.add(p.text(k));
      }
      for (String c : RESULT_COLUMNS) {
        row.add(switch (c) {
          case "status" -> s == null ? SuiteJobs.failed(codes.get(i)) : BenchCommand.text(s.get(c));
          case "paretoWeights" -> byWeights[i] ? "yes" : "";
          case "paretoUnits" -> byUnits[i] ? "yes" : "";
          default -> s == null ? "" : BenchCommand.text(s.get(c));
        });
      }
      rows.add(row);
    }
    return rows;
  }

  private static double number(JsonNode s, String field) {
    return s == null || !s.path(field).isNumber() ? Double.NaN : s.get(field).asDouble();
  }
}
