package io.milpnet.cli;

import io.milpnet.core.io.TextInput;
import io.milpnet.formulation.data.PreparedData;
import io.milpnet.formulation.network.TrainedNetworkJson;
import io.milpnet.formulation.train.StartNetwork;
import io.milpnet.onnx.OnnxModelException;
import io.milpnet.onnx.OnnxReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The network of {@code train --init}: a milpnet network.json (or a run directory holding one) or an ONNX file. */
final class InitFile {
  private InitFile() {}

  static StartNetwork.Given read(Path path, PreparedData data) {
    Path file = Files.isDirectory(path) ? path.resolve("network.json") : path;
    if (Files.isDirectory(path) && !Files.exists(file)) {
      throw new UserInputException("--init '" + path + "' is a directory without a network.json: give a network.json,"
          + " a run directory of `milpnet train` or an .onnx file");
    }
    String problem = TextInput.problem(file);
    if (problem != null) {
      throw new UserInputException("--init '" + file + "' " + problem);
    }
    String source = "--init '" + file + "'";
    String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (lower.endsWith(".onnx") || lower.endsWith(".onnx.gz")) {
      try {
        return StartNetwork.Given.raw(new OnnxReader().read(file).network().layers(),
            data.trainRows().featureNames(), source);
      } catch (OnnxModelException e) {
        throw new UserInputException("--init " + e.getMessage());
      }
    }
    if (lower.endsWith(".nnet")) {
      throw new UserInputException(source + " is an .nnet file, which verify reads; --init takes a network.json or an"
          + " .onnx file");
    }
    try {
      String json = TextInput.readString(file, TextInput.Limits.DEFAULT);
      return StartNetwork.Given.of(new TrainedNetworkJson().read(json, source), source);
    } catch (IOException e) {
      throw new UserInputException(source + " " + TextInput.describe(e));
    }
  }
}
