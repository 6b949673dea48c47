package io.milpnet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level {@code milpnet} command; the work happens in its subcommands. */
@Command(
    name = "milpnet",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Train small, sparse neural networks exactly by mixed-integer linear programming.",
    subcommands = {TrainCommand.class, VerifyCommand.class, ExportCommand.class, SolveCommand.class,
        SolversCommand.class, BenchCommand.class, ReportCommand.class},
    synopsisSubcommandLabel = "COMMAND")
public final class MilpnetCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(),
        "choose a command: " + String.join(", ", spec.subcommands().keySet()));
  }
}
