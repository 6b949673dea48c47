package io.milpnet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code milpnet train --sweep KEY=v1,v2 ...}: the same command line once per point of the grid, each with the point's
 * values as flags and its own directory under {@code --out} (default {@code runs/sweep-<time>}), then one table.
 */
final class TrainSweep {
  private TrainSweep() {}

  /** Options of the sweep itself, not passed on to its runs (the flag, and whether it takes a value). */
  private static final List<String> OWN_WITH_VALUE = List.of("--sweep", "--out");
  private static final List<String> OWN_FLAGS = List.of("--report");

  static int run(CommandSpec train, List<String> sweepFlags, Path out, boolean report) {
    SweepExpansion sweep = SweepExpansion.ofFlags(sweepFlags, key -> train.findOption("--" + key) != null);
    List<String> base = passedOn(train.commandLine().getParseResult().originalArgs());
    for (String key : sweep.keys()) {
      for (String a : base) {
        if (a.equals("--" + key) || a.startsWith("--" + key + "=")) {
          throw new UserInputException("--" + key + " is both given and swept (--sweep " + key + "=...): give its"
              + " values in --sweep only");
        }
      }
    }
    if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
      throw new UserInputException("--out '" + out + "' is a file: give a directory (it is created if missing)");
    }
    Path dir = out != null ? out : Path.of("runs", "sweep-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    var stdout = train.commandLine().getOut();
    var stderr = train.commandLine().getErr();
    int code = new SweepRunner(sweep, "train " + String.join(" ", base), stdout, stderr).run(dir, (p, runDir) -> {
      List<String> args = new ArrayList<>(List.of("train"));
      args.addAll(base);
      args.addAll(p.flags());
      args.addAll(List.of("--out", runDir.toString()));
      return args;
    });
    if (report) {
      ReportWriter.printed(dir, stdout);
    }
    return code;
  }

  /** The original arguments without the command's name and the sweep's own options. */
  private static List<String> passedOn(List<String> original) {
    List<String> args = new ArrayList<>();
    for (int i = 0; i < original.size(); i++) {
      String a = original.get(i);
      if (i == 0 && a.equals("train")) {
        continue;
      }
      if (OWN_WITH_VALUE.contains(a)) {
        i++;
        continue;
      }
      if (OWN_FLAGS.contains(a) || OWN_WITH_VALUE.stream().anyMatch(o -> a.startsWith(o + "="))) {
        continue;
      }
      args.add(a);
    }
    return args;
  }
}
