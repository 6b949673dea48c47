package io.milpnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.formulation.data.CsvDatasetReader;
import io.milpnet.formulation.data.Dataset;
import io.milpnet.formulation.network.ForwardPass;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.network.TrainedNetworkJson;
import io.milpnet.onnx.OnnxNetwork;
import io.milpnet.onnx.OnnxReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --export-onnx} and {@code export}: the written model, read back, computes the trained network on raw
 * features (scaling included); bad output paths are refused before any work. onnxruntime runs exported models in the
 * onnx module's OnnxExportTest.
 */
class ExportCommandTest {
  @TempDir
  Path dir;

  @Test
  void trainExportsOnnxAndExportWritesTheSameFile() throws IOException {
    Path run = dir.resolve("run");
    Path onnx = dir.resolve("iris.onnx");
    CliRun train = CliRun.of("train", "--data", "../examples/iris-train-10-per-class.csv", "--arch", "dense:3",
        "--strategy", "float", "--export-onnx", onnx.toString(), "--out", run.toString());
    assertEquals(0, train.exitCode(), train.err() + train.out());
    assertTrue(train.out().contains("wrote " + onnx + " (ONNX"), train.out());
    TrainedNetwork net = new TrainedNetworkJson().read(
        Files.readString(run.resolve("network.json"), StandardCharsets.UTF_8), "network.json");
    OnnxNetwork back = new OnnxReader().read(onnx);
    Dataset iris = new CsvDatasetReader().read(Path.of("../data/iris.csv"), "label");
    ForwardPass forward = new ForwardPass(net);
    for (double[] raw : iris.features()) {
      // The test rows beyond the training box exercise the exported Clip.
      assertArrayEquals(forward.outputs(net.scaler().transform(raw)), back.network().evaluate(raw), 1e-5);
    }
    Path again = dir.resolve("again.onnx");
    CliRun export = CliRun.of("export", "--network", run.toString(), "--onnx", again.toString());
    assertEquals(0, export.exitCode(), export.err() + export.out());
    assertArrayEquals(Files.readAllBytes(onnx), Files.readAllBytes(again));
  }

  @Test
  void badOutputPathsAndNetworksAreRefusedBeforeAnyWork() throws IOException {
    Path run = dir.resolve("run");
    CliRun missingDir = CliRun.of("train", "--data", "../data/xor.csv", "--export-onnx",
        dir.resolve("no/such/dir/x.onnx").toString(), "--out", run.toString());
    assertEquals(ExitCode.BAD_INPUT, missingDir.exitCode());
    assertTrue(missingDir.err().contains("--export-onnx"), missingDir.err());
    assertFalse(Files.exists(run), "nothing is trained or written");
    CliRun extension = CliRun.of("export", "--network", "../data/onnx/tiny/test_tiny.onnx", "--onnx",
        dir.resolve("x.json").toString());
    assertEquals(ExitCode.BAD_INPUT, extension.exitCode());
    assertTrue(extension.err().contains("must end in .onnx"), extension.err());
    CliRun notTrained = CliRun.of("export", "--network", "../data/onnx/tiny/test_tiny.onnx", "--onnx",
        dir.resolve("x.onnx").toString());
    assertEquals(ExitCode.BAD_INPUT, notTrained.exitCode());
    assertTrue(notTrained.err().contains("is not a network of `milpnet train`"), notTrained.err());
    assertEquals(1, notTrained.err().strip().lines().count());
    assertFalse(Files.exists(dir.resolve("x.onnx")));
  }
}
