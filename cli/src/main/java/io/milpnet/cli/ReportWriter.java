package io.milpnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milpnet.core.io.AtomicTextFile;
import io.milpnet.core.io.TextInput;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code report.html} of a run directory ({@code summary.json}), a sweep ({@code sweep.json}) or a bench suite
 * ({@code results.csv}): one self-contained HTML file (inline CSS and SVG, no script, nothing fetched) with the
 * trained network drawn ({@link NetworkDiagram}), the plots ({@link ReportCharts}: bound and incumbent against time,
 * the accuracy-sparsity Pareto fronts of a sweep, a suite's table as bar charts), the tables and the run's settings.
 */
final class ReportWriter {
  static final String FILE = "report.html";
  private static final int MAX_NETWORKS = 8;
  private static final int MAX_TRACES = 8;

  private final ObjectMapper mapper = new ObjectMapper();
  private final StringBuilder body = new StringBuilder();

  private ReportWriter() {}

  /**
   * Writes the report of {@code dir} to {@code out} (atomically) and returns {@code out}.
   *
   * @throws UserInputException when {@code dir} holds no run, sweep or suite
   */
  static Path write(Path dir, Path out) {
    if (!Files.isDirectory(dir)) {
      throw new UserInputException("report: '" + dir + "' " + (Files.exists(dir) ? "is not a directory"
          : "does not exist") + ": give a run, sweep or bench suite directory");
    }
    // The charts are drawn off screen; a machine without a display must not be asked for one.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    ReportWriter w = new ReportWriter();
    String title;
    if (Files.isRegularFile(dir.resolve("sweep.json"))) {
      title = "sweep " + dir.getFileName();
      w.sweep(dir);
    } else if (Files.isRegularFile(dir.resolve("summary.json"))) {
      title = "run " + dir.getFileName();
      w.run(dir, true);
    } else if (Files.isRegularFile(dir.resolve("results.csv"))) {
      title = "suite " + dir.getFileName();
      w.suite(dir);
    } else {
      throw new UserInputException("report: '" + dir + "' holds no run: give a run directory (summary.json), a sweep"
          + " (sweep.json) or a bench suite directory (results.csv)");
    }
    String html = w.page("milpnet report: " + title);
    AtomicTextFile.write(out, writer -> writer.write(html));
    try {
      // The temporary file it was written as is private to its owner; a report is for sharing.
      Files.setPosixFilePermissions(out, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    } catch (IOException | UnsupportedOperationException ignored) {
      // not a POSIX file system: keep what the system gave
    }
    return out;
  }

  /** {@code --report} of train and bench: writes {@code DIR/report.html} and prints its path. */
  static void printed(Path dir, PrintWriter stdout) {
    Path out = write(dir, dir.resolve(FILE));
    stdout.println("report: " + out);
    stdout.flush();
  }

  // ---------------------------------------------------------------- a run

  private void run(Path dir, boolean full) {
    JsonNode s = json(dir.resolve("summary.json"));
    if (full) {
      h(2, "Result");
      keyValues(s, List.of("command", "status", "result", "objective", "bestBound", "gap", "backend", "solveSeconds",
          "seconds", "trainAccuracy", "testAccuracy", "nonzeroWeights", "totalWeights", "activeNeurons",
          "totalNeurons", "activeFilters", "totalFilters", "selectedFeatures", "decodeMismatches", "binaries",
          "constraints", "strategy"));
    }
    Path network = dir.resolve("network.json");
    if (Files.isRegularFile(network)) {
      h(full ? 2 : 3, "Network" + (full ? "" : ": " + dir.getFileName()));
      body.append("<div class=\"network-box\">").append(NetworkDiagram.svg(json(network))).append("</div>\n");
      body.append("<p class=\"legend\">Circles: hidden units (filled: live, hollow and dashed: pruned); lines: kept"
          + " weights (blue positive, red negative, thickness by size); inputs in bold are read, struck-through ones"
          + " dropped; convolution filters as images of their kernels.</p>\n");
    }
    if (full) {
      traces(List.of(dir));
      if (s.path("stages").isArray()) {
        h(2, "Stages");
        arrayTable(s.get("stages"));
      }
      if (s.path("disjuncts").isArray()) {
        h(2, "Disjuncts");
        arrayTable(s.get("disjuncts"));
      }
      h(2, "Settings");
      keyValues(s.path("run").isObject() ? s.get("run") : s, null);
    }
  }

  /** Bound and incumbent against time of the longest solve of each directory's summary, one chart each. */
  private void traces(List<Path> dirs) {
    boolean headed = false;
    for (Path d : dirs.subList(0, Math.min(dirs.size(), MAX_TRACES))) {
      JsonNode solves = json(d.resolve("summary.json")).path("trace").path("solves");
      JsonNode longest = null;
      for (JsonNode solve : solves) {
        JsonNode pts = solve.path("points");
        if (pts.size() > 0 && (longest == null || pts.get(pts.size() - 1).get(0).asDouble()
            > longest.path("points").get(longest.path("points").size() - 1).get(0).asDouble())) {
          longest = solve;
        }
      }
      if (longest == null) {
        continue;
      }
      if (!headed) {
        h(2, "Bound and incumbent against time");
        headed = true;
      }
      List<ReportCharts.Series> series = new ArrayList<>();
      series.add(column(longest.get("points"), 1, "incumbent"));
      series.add(column(longest.get("points"), 2, "bound"));
      body.append(ReportCharts.trace(d.getFileName() + ": " + longest.path("model").asText() + " ("
          + longest.path("sense").asText() + (longest.path("live").asBoolean() ? "" : ", final point only") + ")",
          series));
    }
  }

  private static ReportCharts.Series column(JsonNode points, int index, String name) {
    List<double[]> xy = new ArrayList<>();
    for (JsonNode p : points) {
      if (p.get(index).isNumber()) {
        xy.add(new double[] {p.get(0).asDouble(), p.get(index).asDouble()});
      }
    }
    return new ReportCharts.Series(name, xy.stream().mapToDouble(a -> a[0]).toArray(),
        xy.stream().mapToDouble(a -> a[1]).toArray());
  }

  // ---------------------------------------------------------------- a sweep

  private void sweep(Path dir) {
    JsonNode sweep = json(dir.resolve("sweep.json"));
    body.append("<p>").append(esc(sweep.path("title").asText())).append("</p>\n");
    Table t = Table.read(dir.resolve("results.csv"));
    boolean anyData = t.columns.contains("data");
    for (String[] cost : new String[][] {{"nonzeroWeights", "paretoWeights", "nonzero weights"},
        {"activeNeurons", "paretoUnits", "live hidden units"}}) {
      Map<String, List<double[]>> all = new LinkedHashMap<>();
      Map<String, List<double[]>> front = new LinkedHashMap<>();
      for (List<String> row : t.rows) {
        double x = t.number(row, cost[0]);
        double y = t.number(row, "testAccuracy");
        if (Double.isNaN(y)) {
          y = t.number(row, "trainAccuracy");
        }
        if (Double.isNaN(x) || Double.isNaN(y)) {
          continue;
        }
        String group = anyData ? t.get(row, "data") : "";
        all.computeIfAbsent(group, g -> new ArrayList<>()).add(new double[] {x, y});
        if (t.get(row, cost[1]).equals("yes")) {
          front.computeIfAbsent(group, g -> new ArrayList<>()).add(new double[] {x, y});
        }
      }
      h(2, "Pareto front: accuracy against " + cost[2]);
      body.append(ReportCharts.pareto("accuracy against " + cost[2], cost[2], series(all), series(front)));
    }
    h(2, "Runs");
    t.html(body);
    List<Path> runs = new ArrayList<>();
    for (List<String> row : t.rows) {
      Path d = dir.resolve(t.get(row, "run"));
      if (Files.isRegularFile(d.resolve("summary.json"))) {
        runs.add(d);
      }
    }
    h(2, "Networks of the Pareto runs (nonzero weights)");
    int drawn = 0;
    for (List<String> row : t.rows) {
      Path d = dir.resolve(t.get(row, "run"));
      if (drawn < MAX_NETWORKS && t.get(row, "paretoWeights").equals("yes")
          && Files.isRegularFile(d.resolve("network.json"))) {
        run(d, false);
        drawn++;
      }
    }
    traces(runs);
  }

  private static Map<String, ReportCharts.Series> series(Map<String, List<double[]>> points) {
    Map<String, ReportCharts.Series> out = new LinkedHashMap<>();
    points.forEach((g, list) -> {
      list.sort(Comparator.comparingDouble(a -> a[0]));
      out.put(g, new ReportCharts.Series(g, list.stream().mapToDouble(a -> a[0]).toArray(),
          list.stream().mapToDouble(a -> a[1]).toArray()));
    });
    return out;
  }

  // ---------------------------------------------------------------- a bench suite

  private void suite(Path dir) {
    Table t = Table.read(dir.resolve("results.csv"));
    if (t.columns.contains("formulation")) {
      bars(t, "instance", "formulation", "rootGap", "root gap |best - LP bound| / max(1, |best|)");
      bars(t, "instance", "formulation", "finalGap", "final gap");
      bars(t, "instance", "formulation", "seconds", "seconds");
    } else if (t.columns.contains("backend") && t.columns.contains("instance")) {
      bars(t, "instance", "backend", "seconds", "seconds");
      bars(t, "instance", "backend", "finalGap", "final gap");
    } else if (t.columns.contains("milpnetTest")) {
      bars(t, "dataset", null, "milpnetTest,floatTest", "test accuracy");
      bars(t, "dataset", null, "milpnetNonzero,floatNonzero", "nonzero weights");
    } else if (t.columns.contains("run")) {
      bars(t, "run", null, "testAccuracy", "test accuracy");
      bars(t, "run", null, "nonzeroWeights", "nonzero weights");
    }
    h(2, "Results");
    t.html(body);
    List<Path> jobs = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir, 3)) {
      walk.filter(p -> p.getFileName().toString().equals("summary.json")).map(Path::getParent).sorted()
          .forEach(jobs::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    traces(jobs);
  }

  /**
   * A bar chart of {@code values} (one column, or several comma-separated as series) per {@code category}, with one
   * series per value of {@code seriesColumn} when given.
   */
  private void bars(Table t, String category, String seriesColumn, String values, String title) {
    List<String> categories = new ArrayList<>();
    Map<String, Map<String, Double>> bySeries = new LinkedHashMap<>();
    for (List<String> row : t.rows) {
      String c = t.get(row, category) + (t.columns.contains("seed") ? " seed " + t.get(row, "seed") : "");
      if (!categories.contains(c)) {
        categories.add(c);
      }
      for (String v : values.split(",")) {
        String s = seriesColumn != null ? t.get(row, seriesColumn) + " " + t.get(row, "bounds") : v;
        double x = t.number(row, v);
        if (!Double.isNaN(x)) {
          bySeries.computeIfAbsent(s.strip(), k -> new LinkedHashMap<>()).put(c, x);
        }
      }
    }
    if (bySeries.isEmpty()) {
      return;
    }
    Map<String, List<Double>> series = new LinkedHashMap<>();
    bySeries.forEach((s, m) -> series.put(s, categories.stream().map(c -> m.getOrDefault(c, 0.0)).toList()));
    h(2, title);
    body.append(ReportCharts.bars(title, values.contains(",") ? title : values, categories, series));
  }

  // ---------------------------------------------------------------- HTML

  private void h(int level, String text) {
    body.append("<h").append(level).append('>').append(esc(text)).append("</h").append(level).append(">\n");
  }

  private void keyValues(JsonNode node, List<String> only) {
    body.append("<table class=\"settings\">\n");
    Iterator<String> names = only != null ? only.iterator() : node.fieldNames();
    while (names.hasNext()) {
      String k = names.next();
      JsonNode v = node.get(k);
      if (v == null || v.isContainerNode()) {
        continue;
      }
      body.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(BenchCommand.text(v)))
          .append("</td></tr>\n");
    }
    body.append("</table>\n");
  }

  private void arrayTable(JsonNode array) {
    List<String> cols = new ArrayList<>();
    for (JsonNode e : array) {
      e.fieldNames().forEachRemaining(f -> {
        if (!cols.contains(f) && !e.get(f).isContainerNode()) {
          cols.add(f);
        }
      });
    }
    Table t = new Table(cols, new ArrayList<>());
    for (JsonNode e : array) {
      t.rows.add(cols.stream().map(c -> BenchCommand.text(e.get(c))).toList());
    }
    t.html(body);
  }

  private String page(String title) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + esc(title)
        + "</title>\n<style>\n"
        + "body{font-family:sans-serif;margin:24px;color:#222;background:#fff}\n"
        + "table{border-collapse:collapse;margin:8px 0 20px;font-size:13px}\n"
        + "th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}\n"
        + "th{background:#f3f3f3}\n"
        + "tr.pareto td{background:#fff4d6}\n"
        + ".chart svg,.network-box svg{max-width:100%;height:auto;border:1px solid #ddd;margin:6px 0}\n"
        + ".legend{font-size:12px;color:#555}\n"
        + "</style>\n</head>\n<body>\n<h1>" + esc(title) + "</h1>\n" + body + "</body>\n</html>\n";
  }

  static String esc(String s) {
    return NetworkDiagram.escape(s);
  }

  private JsonNode json(Path file) {
    try {
      return mapper.readTree(TextInput.readString(file, TextInput.Limits.DEFAULT));
    } catch (IOException e) {
      throw new UserInputException("report: cannot read '" + file + "': " + e.getMessage().lines().findFirst()
          .orElse(""));
    }
  }

  /** A results.csv: its columns and rows (quoted fields as {@link BenchCommand#writeTables} writes them). */
  record Table(List<String> columns, List<List<String>> rows) {
    static Table read(Path csv) {
      List<String> lines;
      try {
        lines = TextInput.readLines(csv, TextInput.Limits.DEFAULT);
      } catch (IOException e) {
        throw new UserInputException("report: '" + csv + "' " + TextInput.describe(e));
      }
      if (lines.isEmpty()) {
        throw new UserInputException("report: '" + csv + "' is empty: the suite has not finished a run yet");
      }
      List<List<String>> rows = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        rows.add(fields(line));
      }
      return new Table(fields(lines.get(0)), rows);
    }

    private static List<String> fields(String line) {
      List<String> out = new ArrayList<>();
      StringBuilder f = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
            f.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            f.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          out.add(f.toString());
          f.setLength(0);
        } else {
          f.append(c);
        }
      }
      out.add(f.toString());
      return out;
    }

    String get(List<String> row, String column) {
      int i = columns.indexOf(column);
      return i < 0 || i >= row.size() ? "" : row.get(i);
    }

    double number(List<String> row, String column) {
      try {
        return Double.parseDouble(get(row, column));
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }

    void html(StringBuilder out) {
      out.append("<table class=\"results\">\n<tr>");
      columns.forEach(c -> out.append("<th>").append(esc(c)).append("</th>"));
      out.append("</tr>\n");
      for (List<String> row : rows) {
        out.append(get(row, "paretoWeights").equals("yes") ? "<tr class=\"pareto\">" : "<tr>");
        for (int i = 0; i < columns.size(); i++) {
          out.append("<td>").append(esc(i < row.size() ? row.get(i) : "")).append("</td>");
        }
        out.append("</tr>\n");
      }
      out.append("</table>\n");
    }
  }
}
