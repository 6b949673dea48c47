package io.milpnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code milpnet report} rendered by headless Chromium (Debian package {@code chromium}; skipped when it is missing):
 * reports of a convolutional run, a sweep and a tightness suite, each checked on the rendered page, not the HTML text.
 * A script added to a copy of the report measures, after layout, the drawn network (its units and weights, its box),
 * every chart (its marks and box) and the tables' rows; Chromium's {@code --dump-dom} hands the measurements back. A
 * screenshot must show a page that is not blank. The screenshots are kept in {@code target/report-screenshots} (the
 * README's pictures in docs/img are copies).
 */
class ReportRenderTest {
  private static final Path SHOTS = Path.of("target", "report-screenshots");
  private static Path chromium;

  @TempDir
  Path dir;

  @BeforeAll
  static void findChromium() {
    for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (Files.isExecutable(Path.of(candidate))) {
        chromium = Path.of(candidate);
      }
    }
  }

  private static void requireChromium() {
    Assumptions.assumeTrue(chromium != null, "headless Chromium is not installed (apt-get install chromium; .ci/run"
        + " installs it): the rendered-report test is skipped");
  }

  @Test
  void aConvolutionalRunRendersItsFiltersTraceAndSettings() throws Exception {
    requireChromium();
    Path digits = TrainCommandTest.resource(dir, "digits.csv");
    Path run = dir.resolve("conv");
    CliRun train = CliRun.of("train", "--data", digits.toString(), "--classes", "0,1", "--train-per-class", "5",
        "--input-shape", "1x8x8", "--arch", "conv:2@3x3,maxpool:2,flatten,dense:2", "--time-limit", "1.5",
        "--gradient-epochs", "30", "--out", run.toString(), "--report");
    assertEquals(0, train.exitCode(), train.err());
    assertTrue(train.out().contains("report: " + run.resolve("report.html")), train.out());
    JsonNode m = render(run.resolve("report.html"), "conv-run");
    JsonNode network = m.get("networks").get(0);
    assertEquals(2 * 9, network.get("filterCells").asInt(), "two 3x3 filters, one input channel");
    assertTrue(network.get("units").asInt() >= 3, m.toString());
    assertTrue(network.get("width").asDouble() > 300 && network.get("height").asDouble() > 100, m.toString());
    assertEquals(1, m.get("charts").size(), "one trace chart: " + m);
    assertTrue(m.get("charts").get(0).get("marks").asInt() > 0, m.toString());
    assertTrue(m.get("tableRows").asInt() > 20, "result and settings tables: " + m);
  }

  @Test
  void aSweepRendersItsParetoPlotsTableAndNetworks() throws Exception {
    requireChromium();
    Path xor = TrainCommandTest.resource(dir, "xor.csv");
    Path sweep = dir.resolve("sweep");
    CliRun run = CliRun.of("train", "--data", xor.toString(), "--arch", "dense:2", "--time-limit", "1",
        "--sweep", "l0=0,0.1", "--out", sweep.toString());
    assertEquals(0, run.exitCode(), run.err());
    CliRun report = CliRun.of("report", sweep.toString());
    assertEquals(0, report.exitCode(), report.err());
    JsonNode m = render(sweep.resolve("report.html"), "sweep");
    // Two Pareto plots and one trace per run.
    assertEquals(4, m.get("charts").size(), m.toString());
    for (JsonNode c : m.get("charts")) {
      assertTrue(c.get("marks").asInt() > 0 && c.get("width").asDouble() > 200, m.toString());
    }
    assertTrue(m.get("networks").size() >= 1, "the Pareto runs' networks: " + m);
    assertTrue(m.get("networks").get(0).get("weights").asInt() > 0, m.toString());
    assertEquals(3, m.get("resultRows").asInt(), "header and two runs: " + m);
  }

  @Test
  void aTightnessSuiteRendersItsBarChartsAndTable() throws Exception {
    requireChromium();
    Path xor = TrainCommandTest.resource(dir, "xor.csv");
    Path suite = Files.writeString(dir.resolve("tight.yaml"), """
        kind: tightness
        time-limit: 1
        instances:
          - name: xor
            train: {data: %s, arch: "dense:2", margin: 1}
        formulations:
          train:
            - {formulation: bigm, bounds: interval, options: {lipschitz-cuts: 0, symmetry-breaking: false}}
            - {formulation: bigm+symmetry, bounds: interval, options: {lipschitz-cuts: 0}}
        """.formatted(xor));
    Path out = dir.resolve("bench");
    CliRun run = CliRun.of("bench", "--suite", suite.toString(), "--out", out.toString(), "--report");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("report: " + out.resolve("report.html")), run.out());
    JsonNode m = render(out.resolve("report.html"), "tightness-suite");
    // Root gap, final gap, seconds as bars; a trace per job.
    assertEquals(3 + 2, m.get("charts").size(), m.toString());
    assertTrue(m.get("charts").get(0).get("marks").asInt() > 0, m.toString());
    assertEquals(3, m.get("resultRows").asInt(), "header and two formulations: " + m);
  }

  @Test
  void aDirectoryWithoutARunIsOneLineAndWritesNothing() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    CliRun run = CliRun.of("report", empty.toString());
    assertEquals(ExitCode.BAD_INPUT, run.exitCode());
    assertTrue(run.err().contains("holds no run"), run.err());
    assertEquals(1, run.err().strip().lines().count());
    try (var files = Files.list(empty)) {
      assertEquals(0, files.count());
    }
    CliRun badOut = CliRun.of("report", empty.toString(), "--out", dir.resolve("no/such/dir/r.html").toString());
    assertEquals(ExitCode.BAD_INPUT, badOut.exitCode());
    assertTrue(badOut.err().contains("--out"), badOut.err());
  }

  /**
   * Renders a copy of the report with a measuring script; returns what it measured after layout, and checks the
   * screenshot is not blank.
   */
  private JsonNode render(Path report, String name) throws Exception {
    String html = Files.readString(report);
    assertFalse(html.contains("<script") || html.contains("http://") && html.contains("<link"),
        "a report fetches nothing and runs no script");
    Path measured = report.resolveSibling("measured.html");
    Files.writeString(measured, html.replace("</body>", MEASURE + "</body>"));
    Files.createDirectories(SHOTS);
    Path png = SHOTS.resolve(name + ".png");
    Files.deleteIfExists(png);
    // One launch: the DOM after layout and script, and a screenshot of the top of the page.
    String dom = chromium(measured, "--dump-dom", "--screenshot=" + png.toAbsolutePath(), "--window-size=1100,1400");
    Matcher json = Pattern.compile("<pre id=\"measured\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
    assertTrue(json.find(), "the measuring script ran: " + dom.substring(0, Math.min(300, dom.length())));
    JsonNode m = new ObjectMapper().readTree(json.group(1).replace("&quot;", "\""));
    BufferedImage image = ImageIO.read(png.toFile());
    long ink = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        if (((rgb >> 16) & 255) < 200 || ((rgb >> 8) & 255) < 200 || (rgb & 255) < 200) {
          ink++;
        }
      }
    }
    double share = ink / (double) (image.getWidth() * image.getHeight());
    assertTrue(share > 0.01, name + ": the screenshot is blank (" + ink + " drawn pixels)");
    return m;
  }

  private String chromium(Path page, String... args) throws Exception {
    Path profile = Files.createTempDirectory(dir, "chromium-");
    List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile));
    command.addAll(List.of(args));
    command.add(page.toUri().toString());
    Path stdout = dir.resolve("chromium.out");
    Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium did not finish within 60 s");
    assertEquals(0, p.exitValue(), "chromium failed on " + page);
    return Files.readString(stdout);
  }

  /** Measures the rendered page: the network drawings, the charts (drawn marks and box), the tables' rows. */
  private static final String MEASURE = """
      <script>
      const box = e => { const r = e.getBoundingClientRect(); return {width: r.width, height: r.height}; };
      const out = {networks: [], charts: [], tableRows: 0, resultRows: 0};
      document.querySelectorAll('svg.network').forEach(s => out.networks.push(Object.assign(box(s), {
        units: s.querySelectorAll('circle.unit').length,
        weights: [...s.querySelectorAll('line.weight')].filter(l => l.getTotalLength() > 0).length,
        filterCells: s.querySelectorAll('g.filter rect').length})));
      document.querySelectorAll('.chart svg').forEach(s => out.charts.push(Object.assign(box(s), {
        marks: [...s.querySelectorAll('path,circle,rect,polyline')].filter(p => {
          const b = p.getBBox(); return b.width > 0 || b.height > 0; }).length})));
      document.querySelectorAll('table tr').forEach(r => { if (r.getBoundingClientRect().height > 0) out.tableRows++; });
      document.querySelectorAll('table.results tr').forEach(r => {
        if (r.getBoundingClientRect().height > 0) out.resultRows++; });
      const pre = document.createElement('pre'); pre.id = 'measured'; pre.textContent = JSON.stringify(out);
      document.body.appendChild(pre);
      </script>
      """;
}
