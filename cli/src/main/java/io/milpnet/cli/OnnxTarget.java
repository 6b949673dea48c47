package io.milpnet.cli;

import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.onnx.OnnxExport;
import io.milpnet.onnx.OnnxModelException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Where {@code export --onnx} and {@code train --export-onnx} write the network, checked before any work. */
final class OnnxTarget {
  private final Path file;
  private final String option;

  private OnnxTarget(Path file, String option) {
    this.file = file;
    this.option = option;
  }

  /** Checks the path up front: a {@code .onnx} name, an existing parent directory, not a directory itself. */
  static OnnxTarget forFile(Path file, String option) {
    if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx")) {
      throw new UserInputException(option + " '" + file + "' must end in .onnx");
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new UserInputException(option + " '" + file + "': directory '" + parent + "' does not exist");
    }
    if (Files.isDirectory(file)) {
      throw new UserInputException(option + " '" + file + "' is a directory: give a file name");
    }
    if (parent != null && !Files.isWritable(parent)) {
      throw new UserInputException(option + " '" + file + "': directory '" + parent + "' is not writable");
    }
    return new OnnxTarget(file, option);
  }

  Path file() {
    return file;
  }

  /** Writes the network atomically (the old file or the whole new one, never a part). */
  void write(TrainedNetwork network) {
    try {
      OnnxExport.write(network, file);
    } catch (UncheckedIOException | OnnxModelException e) {
      throw new UserInputException("could not write " + option + " '" + file + "': " + e.getMessage());
    }
  }
}
