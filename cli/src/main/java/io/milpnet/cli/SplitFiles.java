package io.milpnet.cli;

import io.milpnet.core.io.AtomicTextFile;
import io.milpnet.formulation.data.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code train --write-split DIR}: the raw training and test rows of a run as DIR/train.csv and DIR/test.csv. */
final class SplitFiles {
  private SplitFiles() {}

  /** Writes the rows (test null: no test set), each file atomically, with the columns of the data file. */
  static void write(Path dir, Dataset train, Dataset test) {
    writeCsv(dir.resolve("train.csv"), train);
    if (test != null) {
      writeCsv(dir.resolve("test.csv"), test);
    }
  }

  private static void writeCsv(Path file, Dataset d) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UserInputException("--write-split: cannot create " + file.getParent() + ": " + e.getMessage());
    }
    AtomicTextFile.write(file, w -> {
      w.write(String.join(",", d.featureNames()) + "," + d.labelName() + "\n");
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < d.numSamples(); i++) {
        line.setLength(0);
        for (double v : d.features()[i]) {
          line.append(number(v)).append(',');
        }
        line.append(number(d.labels()[i])).append('\n');
        w.write(line.toString());
      }
    });
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
