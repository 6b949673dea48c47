package io.milpnet.cli;

import io.milpnet.core.bridge.IndicatorToBigMBridge;
import io.milpnet.core.io.LpWriter;
import io.milpnet.core.io.MpsWriter;
import io.milpnet.core.model.Model;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a model for other solvers, the format chosen by the file's extension: MPS cannot hold indicator constraints,
 * so they are written as the big-M rows of the bridge (constants from bounds); the CPLEX LP format keeps them.
 */
final class ModelExport {
  private final Path file;
  private final boolean mps;

  private ModelExport(Path file, boolean mps) {
    this.file = file;
    this.mps = mps;
  }

  /** Checks the path up front, before any work: a known extension and an existing parent directory. */
  static ModelExport forFile(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean mps = name.endsWith(".mps");
    if (!mps && !name.endsWith(".lp")) {
      throw new UserInputException("--export-model '" + file + "' must end in .mps or .lp (the format to write)");
    }
    OutputPaths.checkFile("--export-model", file);
    return new ModelExport(file, mps);
  }

  /** Writes the model atomically and says in words what was written. */
  String write(Model model) {
    try {
      if (mps) {
        Model bridged = model.numIndicators() > 0 ? new IndicatorToBigMBridge().apply(model) : model;
        new MpsWriter().write(bridged, file);
        return "MPS" + (model.numIndicators() > 0 ? ", " + model.numIndicators() + " indicators as big-M rows" : "");
      }
      new LpWriter().write(model, file);
      return "CPLEX LP";
    } catch (UncheckedIOException e) {
      throw new UserInputException("could not write --export-model '" + file + "': " + e.getCause().getMessage());
    }
  }
}
