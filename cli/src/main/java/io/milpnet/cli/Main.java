package io.milpnet.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.milpnet.core.solver.UnsupportedModelException;
import io.milpnet.formulation.data.DatasetException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Entry point. Every failure the user can fix becomes one line on stderr ({@code milpnet: error: ...}) and a nonzero
 * exit code (see {@link ExitCode}); a stack trace appears only for internal errors, and only with {@code --verbose}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs a command line with the given streams and returns the exit code (tests call this in-process). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    Injector injector = Guice.createInjector(new MilpnetModule());
    CommandLine cli = new CommandLine(MilpnetCommand.class, new GuiceFactory(injector));
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler((ex, argv) -> {
      String command = ex.getCommandLine().getCommandName();
      err.println("milpnet: error: " + oneLine(ex.getMessage()) + " (see: milpnet "
          + (command.equals("milpnet") ? "" : command + " ") + "--help)");
      err.flush();
      return ExitCode.BAD_INPUT;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      int code;
      String message;
      if (ex instanceof UserInputException u) {
        code = u.exitCode();
        message = u.getMessage();
      } else if (ex instanceof DatasetException || ex instanceof IllegalArgumentException
          || ex instanceof UnsupportedModelException) {
        code = ExitCode.BAD_INPUT;
        message = ex.getMessage();
      } else {
        code = ExitCode.INTERNAL_ERROR;
        message = "internal error: " + ex + " (please report it; --verbose shows the stack trace)";
        if (parseResult.hasMatchedOption("--verbose")) {
          ex.printStackTrace(err);
        }
      }
      err.println("milpnet: error: " + oneLine(message));
      err.flush();
      return code;
    });
    try {
      applyExperimentFile(cli, args);
    } catch (UserInputException e) {
      err.println("milpnet: error: " + oneLine(e.getMessage()));
      err.flush();
      return e.exitCode();
    }
    return cli.execute(args);
  }

  /** An experiment file supplies the defaults of the subcommand that takes {@code --config}. */
  private static void applyExperimentFile(CommandLine cli, String[] args) {
    java.nio.file.Path config = ExperimentFile.configArgument(args);
    if (config == null || args.length == 0) {
      return;
    }
    CommandLine sub = cli.getSubcommands().get(args[0]);
    if (sub == null || sub.getCommandSpec().findOption("--config") == null) {
      return; // picocli reports the misplaced option
    }
    sub.setDefaultValueProvider(ExperimentFile.load(config, sub.getCommandSpec()));
  }

  private static String oneLine(String message) {
    return message == null ? "(no message)" : message.replace('\n', ' ').replace('\r', ' ').strip();
  }
}
