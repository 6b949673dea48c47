package io.milpnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milpnet.formulation.data.CsvDatasetReader;
import io.milpnet.formulation.data.Dataset;
import io.milpnet.formulation.network.ForwardPass;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.network.TrainedNetworkJson;
import io.milpnet.onnx.OnnxExport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --init}: a network of an earlier run (trained on other rows, so scaled otherwise) or an ONNX graph of
 * it becomes this run's start and, with {@code --strategy float}, its result, predicting what it predicted; the
 * exact and validated strategies start from it; bad start networks are refused before anything is written.
 */
class TrainInitTest {
  private static final String SMALL = "../examples/iris-train-10-per-class.csv";

  @TempDir
  Path dir;

  /** The float network of all of Iris (its own scaling), trained once: the start of the runs on 30 of its rows. */
  @TempDir
  static Path shared;

  private static TrainedNetwork all;

  @BeforeAll
  static void trainOnAllOfIris() throws IOException {
    CliRun train = CliRun.of("train", "--data", "../data/iris.csv", "--arch", "dense:3", "--strategy", "float",
        "--out", shared.resolve("all").toString());
    assertEquals(0, train.exitCode(), train.err() + train.out());
    all = read(shared.resolve("all"));
  }

  private static TrainedNetwork read(Path run) throws IOException {
    return new TrainedNetworkJson().read(Files.readString(run.resolve("network.json"), StandardCharsets.UTF_8),
        "network.json");
  }

  /** Both networks give the same outputs on every Iris row inside {@code ours}'s training box (no clipping). */
  private static void assertSameOutputs(TrainedNetwork theirs, TrainedNetwork ours) {
    Dataset iris = new CsvDatasetReader().read(Path.of("../data/iris.csv"), "label");
    int compared = 0;
    for (double[] raw : iris.features()) {
      boolean inside = true;
      for (int k = 0; k < raw.length; k++) {
        inside &= raw[k] >= ours.scaler().min()[k] && raw[k] <= ours.scaler().max()[k];
      }
      if (inside) {
        compared++;
        assertArrayEquals(new ForwardPass(theirs).outputs(theirs.scaler().transform(raw)),
            new ForwardPass(ours).outputs(ours.scaler().transform(raw)), 1e-6);
      }
    }
    assertTrue(compared > 100, "rows compared: " + compared);
  }

  @Test
  void aNetworkJsonOrItsOnnxGraphIsTheFloatNetworkOfARunScaledOtherwise() throws IOException {
    CliRun fromJson = CliRun.of("train", "--data", SMALL, "--arch", "dense:3", "--strategy", "float", "--init",
        shared.resolve("all").toString(), "--out", dir.resolve("json").toString());
    assertEquals(0, fromJson.exitCode(), fromJson.err() + fromJson.out());
    assertTrue(fromJson.out().contains("start network --init '" + shared.resolve("all/network.json") + "'"),
        fromJson.out());
    assertSameOutputs(all, read(dir.resolve("json")));
    // The ONNX graph of the same network without its input clipping: Sub/Mul/Gemm, read back as two dense layers.
    Path onnx = dir.resolve("all.onnx");
    OnnxExport.write(new TrainedNetwork(all.inputFeatures(), all.scaler().withClip(false), all.layers(),
        all.outputKind(), all.classLabels()), onnx);
    CliRun fromOnnx = CliRun.of("train", "--data", SMALL, "--arch", "dense:3", "--strategy", "float", "--init",
        onnx.toString(), "--out", dir.resolve("onnx").toString());
    assertEquals(0, fromOnnx.exitCode(), fromOnnx.err() + fromOnnx.out());
    assertSameOutputs(all, read(dir.resolve("onnx")));
    JsonNode run = new ObjectMapper().readTree(dir.resolve("onnx/summary.json").toFile()).path("run");
    assertEquals(onnx.toString(), run.path("init").asText());
  }

  @Test
  void theExactAndTheValidatedStrategiesStartFromIt() throws IOException {
    CliRun exact = CliRun.of("train", "--data", SMALL, "--arch", "dense:3", "--init",
        shared.resolve("all").toString(), "--time-limit", "3", "--out", dir.resolve("exact").toString());
    assertEquals(0, exact.exitCode(), exact.err() + exact.out());
    assertTrue(exact.out().contains("start network in the problem's domains: objective"), exact.out());
    JsonNode warm = new ObjectMapper().readTree(dir.resolve("exact/summary.json").toFile()).path("warmStart");
    assertEquals("init", warm.path("kind").asText());
    assertTrue(warm.path("usedAsStart").asBoolean(), warm.toString());
    // With validation the given network is the float network the sparsity path starts from.
    CliRun validated = CliRun.of("train", "--data", SMALL, "--validation", "0.2", "--arch", "dense:3", "--init",
        shared.resolve("all").toString(), "--time-limit", "3", "--out", dir.resolve("validated").toString());
    assertEquals(0, validated.exitCode(), validated.err() + validated.out());
    assertTrue(validated.out().contains("float network of --init"), validated.out());
    assertTrue(validated.out().contains("not re-trained"), validated.out());
  }

  @Test
  void badStartNetworksAreRefusedBeforeAnythingIsWritten() throws IOException {
    Files.createDirectories(dir.resolve("empty"));
    String[][] cases = {
        {dir.resolve("missing.json").toString(), "", "--init '" + dir.resolve("missing.json") + "'"},
        {dir.resolve("empty").toString(), "", "is a directory without a network.json"},
        {"../data/acasxu/nnet/ACASXU_run2a_1_1_batch_2000.nnet", "", "is an .nnet file"},
        {shared.resolve("all").toString(), "dense:4", "layer 1 is dense 4->3 relu, the architecture's is dense 4->4"
            + " relu"},
        {"../data/onnx/tiny/test_tiny.onnx", "", "feature columns"},
    };
    for (String[] c : cases) {
      Path out = dir.resolve("out");
      CliRun run = CliRun.of("train", "--data", SMALL, "--arch", c[1].isEmpty() ? "dense:3" : c[1], "--init", c[0],
          "--time-limit", "5", "--out", out.toString());
      assertEquals(ExitCode.BAD_INPUT, run.exitCode(), c[0] + ": " + run.err() + run.out());
      assertTrue(run.err().contains(c[2]), run.err());
      assertEquals(1, run.err().strip().lines().count(), run.err());
      assertFalse(Files.exists(out), "nothing written for " + c[0]);
    }
    CliRun none = CliRun.of("train", "--data", SMALL, "--init", shared.resolve("all").toString(), "--warm-start",
        "none", "--out", dir.resolve("none").toString());
    assertEquals(ExitCode.BAD_INPUT, none.exitCode());
    assertTrue(none.err().contains("--init gives the start network, --warm-start none"), none.err());
  }
}
