package io.milpnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code milpnet verify --network NET.onnx}: the competition's tiny networks and two quick ACAS Xu properties give
 * their known answers (the ACAS Xu ones the same as through the .nnet copies), and bad ONNX input is one line, exit 2.
 */
class OnnxVerifyCommandTest {
  static final Path ONNX = Path.of("../data/onnx");
  static final Path ACAS = Path.of("../data/acasxu");

  @TempDir
  Path dir;

  private String result(Path network, Path property, String name) throws IOException {
    Path out = dir.resolve(name);
    CliRun run = CliRun.of("verify", "--network", network.toString(), "--property", property.toString(),
        "--time-limit", "60", "--out", out.toString());
    assertEquals(0, run.exitCode(), name + ": " + run.err() + run.out());
    return TrainCommandTest.json(out.resolve("summary.json")).get("result").asText();
  }

  @Test
  void tinyNetworksGiveTheirKnownAnswers() throws IOException {
    for (String net : List.of("nano", "tiny", "small")) {
      assertEquals("holds", result(ONNX.resolve("tiny/test_" + net + ".onnx"),
          ONNX.resolve("tiny/test_" + net + ".vnnlib"), net));
    }
    Path prop = ONNX.resolve("tiny/test_prop.vnnlib");
    assertEquals("violated", result(ONNX.resolve("tiny/test_sat.onnx"), prop, "sat"));
    assertEquals("holds", result(ONNX.resolve("tiny/test_unsat.onnx"), prop, "unsat"));
  }

  @Test
  void acasXuThroughOnnxAnswersAsThroughNnet() throws IOException {
    // The quick properties (about a second each; the whole table is AcasXuTest's and docs/verification.md's).
    for (String[] c : List.of(new String[] {"1_1", "1"}, new String[] {"1_2", "4"})) {
      String name = "ACASXU_run2a_" + c[0] + "_batch_2000";
      Path prop = ACAS.resolve("vnnlib/prop_" + c[1] + ".vnnlib");
      String viaOnnx = result(ONNX.resolve("acasxu/" + name + ".onnx"), prop, c[0] + "-onnx-" + c[1]);
      assertEquals("holds", viaOnnx, c[0] + " property " + c[1]);
      assertEquals(viaOnnx, result(ACAS.resolve("nnet/" + name + ".nnet"), prop, c[0] + "-nnet-" + c[1]));
    }
  }

  private static void assertOneLineBadInput(CliRun run, String... parts) {
    assertEquals(ExitCode.BAD_INPUT, run.exitCode(), run.err() + run.out());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    for (String p : parts) {
      assertTrue(run.err().contains(p), run.err());
    }
  }

  @Test
  void aPropertyOfOtherSizesIsRefused() {
    Path out = dir.resolve("mismatch");
    CliRun run = CliRun.of("verify", "--network", ONNX.resolve("tiny/test_nano.onnx").toString(), "--property",
        ONNX.resolve("tiny/test_prop.vnnlib").toString(), "--out", out.toString());
    assertOneLineBadInput(run, "declares 5 inputs and 5 outputs", "test_nano.onnx' has 1 and 1");
    assertFalse(Files.exists(out));
  }

  @Test
  void truncatedFilesAndUnknownOperatorsAreRefusedInOneLine() throws IOException {
    byte[] small = Files.readAllBytes(ONNX.resolve("tiny/test_small.onnx"));
    Path cut = dir.resolve("cut.onnx");
    Files.write(cut, Arrays.copyOf(small, small.length - 40));
    CliRun run = CliRun.of("verify", "--network", cut.toString(), "--property",
        ONNX.resolve("tiny/test_small.vnnlib").toString(), "--out", dir.resolve("cut").toString());
    assertOneLineBadInput(run, "cut.onnx", "truncated or corrupt");
    // test_tiny with its Relu renamed to an operator milpnet does not translate (same length, so the file stays valid).
    byte[] tiny = Files.readAllBytes(ONNX.resolve("tiny/test_tiny.onnx"));
    String text = new String(tiny, java.nio.charset.StandardCharsets.ISO_8859_1).replace("Relu", "Tanh");
    Path tanh = dir.resolve("tanh.onnx");
    Files.write(tanh, text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    CliRun unknown = CliRun.of("verify", "--network", tanh.toString(), "--property",
        ONNX.resolve("tiny/test_tiny.vnnlib").toString(), "--out", dir.resolve("tanh").toString());
    assertOneLineBadInput(unknown, "tanh.onnx", "(Tanh): operator Tanh is not supported; milpnet translates Gemm");
  }
}
