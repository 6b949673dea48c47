package io.milpnet.backend.ortools;

import io.milpnet.core.model.Sense;
import io.milpnet.core.solver.TraceListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * SCIP's progress, read from its VBC tree file. OR-Tools' Java {@code MPSolver} has no callbacks and SCIP's log goes to
 * the native stdout, but SCIP's tree visualisation ({@code visual/vbcfilename}) writes, with the solving time, a line
 * for every new primal bound and, with {@code visual/displb}, every new global dual bound, in the original objective
 * ({@code visual/objextern}): {@code "hh:mm:ss.cc U value"} for the larger and {@code "hh:mm:ss.cc L value"} for the
 * smaller of the two (so a maximisation's incumbent is its L line). The file also holds a line per node; it is read once
 * the solve has ended (SCIP buffers it), then deleted.
 */
final class ScipVbcTrace {
  private final Path file;

  private ScipVbcTrace(Path file) {
    this.file = file;
  }

  static ScipVbcTrace create() throws IOException {
    return new ScipVbcTrace(Files.createTempFile("milpnet-scip-", ".vbc"));
  }

  /** SCIP parameters that make it write the file (appended to the backend's own parameter string). */
  String parameters() {
    return "visual/vbcfilename = \"" + file.toAbsolutePath() + "\"\nvisual/displb = TRUE\nvisual/realtime = TRUE\n"
        + "visual/objextern = TRUE\n";
  }

  /** Reports the file's bound lines to the listener in time order. */
  void report(Sense sense, TraceListener listener) {
    try {
      if (!Files.exists(file)) {
        return;
      }
      parse(Files.readAllLines(file, StandardCharsets.ISO_8859_1), sense, listener);
    } catch (IOException | RuntimeException e) {
      // A trace is a by-product: an unreadable file leaves only the final point, never fails the solve.
    }
  }

  void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a temporary file left behind is harmless
    }
  }

  static void parse(List<String> lines, Sense sense, TraceListener listener) {
    double incumbent = Double.NaN;
    double bound = Double.NaN;
    boolean minimize = sense == Sense.MINIMIZE;
    for (String line : lines) {
      String[] f = line.strip().split("\\s+");
      if (f.length != 3 || !(f[1].equals("U") || f[1].equals("L")) || !f[0].matches("\\d+:\\d\\d:\\d\\d\\.\\d+")) {
        continue;
      }
      String[] hms = f[0].split(":");
      double seconds = Integer.parseInt(hms[0]) * 3600.0 + Integer.parseInt(hms[1]) * 60.0
          + Double.parseDouble(hms[2]);
      double value = Double.parseDouble(f[2]);
      if (Math.abs(value) >= 1e20) {
        continue; // SCIP's infinity: no bound yet
      }
      boolean upper = f[1].equals("U");
      if (upper == minimize) {
        incumbent = value;
      } else {
        bound = value;
      }
      listener.point(seconds, incumbent, bound);
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "ScipVbcTrace[%s]", file);
  }
}
