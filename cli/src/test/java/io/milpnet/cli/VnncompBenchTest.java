package io.milpnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.formulation.verify.FixedNetwork;
import io.milpnet.onnx.OnnxReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --vnncomp}: an instances.csv of the competition's tiny networks gives their known answers as the
 * competition's words, a sat result file holds a counterexample that the network really maps into the unsafe set, an
 * instance cut short by its (scaled) timeout says timeout, and a bad instances.csv is refused before any work.
 */
class VnncompBenchTest {
  static final Path TINY = Path.of("../data/onnx/tiny").toAbsolutePath();

  @TempDir
  Path dir;

  private Path instances(String... rows) throws IOException {
    Path bench = Files.createDirectories(dir.resolve("bench"));
    for (String f : List.of("test_nano.onnx", "test_nano.vnnlib", "test_tiny.onnx", "test_tiny.vnnlib",
        "test_small.onnx", "test_small.vnnlib", "test_sat.onnx", "test_unsat.onnx", "test_prop.vnnlib")) {
      Files.copy(TINY.resolve(f), bench.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Path csv = bench.resolve("instances.csv");
    Files.writeString(csv, String.join("\n", rows) + "\n");
    return csv;
  }

  @Test
  void tinyInstancesGiveTheCompetitionsWordsAndARealCounterexample() throws IOException {
    Path csv = instances("test_nano.onnx,test_nano.vnnlib,60", "test_tiny.onnx,test_tiny.vnnlib,60",
        "test_small.onnx,test_small.vnnlib,60", "test_sat.onnx,test_prop.vnnlib,60",
        "test_unsat.onnx,test_prop.vnnlib,60", "test_nano.onnx,test_prop.vnnlib,60");
    Path out = dir.resolve("out");
    CliRun run = CliRun.of("bench", "--vnncomp", csv.toString(), "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err() + run.out());
    List<String> rows = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(String.join(",", VnncompRun.COLUMNS), rows.get(0));
    List<String> words = rows.subList(1, rows.size()).stream().map(r -> r.split(",")[4]).toList();
    assertEquals(List.of("unsat", "unsat", "unsat", "sat", "unsat", "error"), words);
    assertTrue(rows.get(6).contains("declares 5 inputs and 5 outputs"), rows.get(6));
    assertTrue(Files.readString(out.resolve("results.md"))
        .contains("| 4 | test_sat.onnx | test_prop.vnnlib | 60 | sat |"));
    assertEquals("unsat\n", Files.readString(out.resolve("results/001-test_nano-test_nano.txt")));

    String sat = Files.readString(out.resolve("results/004-test_sat-test_prop.txt"));
    assertTrue(sat.startsWith("sat\n((X_0 "), sat);
    double[] x = values(sat, "X", 5);
    double[] y = values(sat, "Y", 5);
    FixedNetwork net = new OnnxReader().read(TINY.resolve("test_sat.onnx")).network();
    assertArrayEquals(net.evaluate(x), y, 1e-12);
    // test_prop's unsafe set: Y_0 is the smallest output ("clear of conflict" minimal), inside its input box.
    for (int j = 1; j < 5; j++) {
      assertTrue(y[0] <= y[j], sat);
    }
    assertTrue(x[3] >= 0.3 && x[3] <= 0.5 && x[4] >= 0.3 && x[4] <= 0.5, sat);
  }

  private static double[] values(String text, String var, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      Matcher m = Pattern.compile("\\(" + var + "_" + i + " ([^)]+)\\)").matcher(text);
      assertTrue(m.find(), var + "_" + i + " in " + text);
      v[i] = Double.parseDouble(m.group(1));
    }
    return v;
  }

  @Test
  void anInstanceCutShortByItsScaledTimeoutSaysTimeout() throws IOException {
    Path bench = Files.createDirectories(dir.resolve("acas"));
    Path csv = bench.resolve("instances.csv");
    // ACAS Xu 1_1 property 2 holds and takes minutes: 2 s x 0.01 cannot prove it, and a holding property has no
    // counterexample to find.
    Files.writeString(csv, Path.of("../data/onnx/acasxu/ACASXU_run2a_1_1_batch_2000.onnx").toAbsolutePath() + ","
        + Path.of("../data/acasxu/vnnlib/prop_2.vnnlib").toAbsolutePath() + ",2\n");
    Path out = dir.resolve("out");
    CliRun run = CliRun.of("bench", "--vnncomp", csv.toString(), "--timeout-scale", "0.01", "--out",
        out.toString());
    assertEquals(0, run.exitCode(), run.err() + run.out());
    assertEquals("timeout", Files.readAllLines(out.resolve("results.csv")).get(1).split(",")[4]);
    assertEquals("timeout\n", Files.readString(out.resolve("results/001-ACASXU_run2a_1_1_batch_2000-prop_2.txt")));
  }

  @Test
  void aBadInstancesFileIsRefusedInOneLineBeforeAnyWork() throws IOException {
    Path csv = instances("test_nano.onnx,test_nano.vnnlib,60", "missing.onnx,test_nano.vnnlib,60");
    Path out = dir.resolve("out");
    CliRun run = CliRun.of("bench", "--vnncomp", csv.toString(), "--out", out.toString());
    assertEquals(ExitCode.BAD_INPUT, run.exitCode());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertTrue(run.err().contains("line 2: '") && run.err().contains("missing.onnx' does not exist"), run.err());
    assertFalse(Files.exists(out));
    CliRun timeout = CliRun.of("bench", "--vnncomp", instances("test_nano.onnx,test_nano.vnnlib,soon").toString(),
        "--out", out.toString());
    assertEquals(ExitCode.BAD_INPUT, timeout.exitCode());
    assertTrue(timeout.err().contains("line 1: timeout 'soon' is not a number of seconds"), timeout.err());
  }
}
