package io.milpnet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code milpnet report DIR}: one self-contained HTML page of a run, a sweep or a bench suite ({@link ReportWriter}). */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write one self-contained HTML report (network drawing, plots, tables, settings) of a run directory,"
        + " a sweep or a bench suite directory.")
final class ReportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "A run directory (summary.json), a sweep or a bench suite"
      + " directory (results.csv).")
  Path dir;

  @Option(names = "--out", paramLabel = "FILE.html", description = "Where to write the report (default: DIR/report.html).")
  Path out;

  @Override
  public Integer call() {
    if (out != null) {
      Path parent = out.toAbsolutePath().getParent();
      if (Files.isDirectory(out) || parent == null || !Files.isDirectory(parent)) {
        throw new UserInputException("--out '" + out + "': give a file in an existing directory, e.g. "
            + "report.html");
      }
    }
    Path written = ReportWriter.write(dir, out != null ? out : dir.resolve(ReportWriter.FILE));
    spec.commandLine().getOut().println("wrote " + written);
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }
}
