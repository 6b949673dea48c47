package io.milpnet.cli;

import io.milpnet.core.io.TextInput;
import io.milpnet.formulation.data.PreparedData;
import io.milpnet.formulation.network.TrainedNetworkJson;
import io.milpnet.formulation.train.StartNetwork;
import io.milpnet.onnx.OnnxModelException;
import io.milpnet.onnx.OnnxReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** The network of {@code train --init}: a milpnet network.json (or a run directory holding one) or an ONNX file. */
final class InitFile {
  private InitFile() {}

  static StartNetwork.Given read(Path path, PreparedData data) {
    Path file = LoadedNetwork.networkFile(path, "--init", "an .onnx file");
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
