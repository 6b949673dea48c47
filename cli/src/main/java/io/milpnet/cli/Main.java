package io.milpnet.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.milpnet.core.solver.UnsupportedModelException;
import io.milpnet.formulation.data.DatasetException;
import io.milpnet.formulation.train.TrainingModelSize;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * Entry point. Every failure the user can fix becomes one line on stderr ({@code milpnet: error: ...}) and a nonzero
 * exit code (see {@link ExitCode}); a stack trace appears only for internal errors, and only with {@code --verbose}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter err = new PrintWriter(System.err, true);
    // The last resort for threads other than main (solver workers, parallel bound tightening): a fatal JVM error there
    // ends the process with one line too, never the default handler's stack trace.
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
      if (e instanceof VirtualMachineError fatal) {
        err.println("milpnet: error: " + fatalMessage(fatal));
        err.flush();
        Runtime.getRuntime().halt(ExitCode.OUT_OF_MEMORY);
      }
      err.println("milpnet: error: internal error in thread " + thread.getName() + ": " + e
          + " (please report it)");
      err.flush();
    });
    int code = run(args, new PrintWriter(System.out, true), err);
    if (InterruptOnShutdown.signalled()) {
      // The signal's shutdown is under way and ends the process with 128 + the signal once the hooks return; a
      // System.exit with a non-zero code now would halt at once with the command's code instead (a race).
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    System.exit(code);
  }

  /**
   * What to say when the JVM ran out of memory or stack: the heap it had and the two ways out. The message is built
   * after the stack unwound, so the memory of the failed work is free again.
   */
  static String fatalMessage(VirtualMachineError e) {
    long heapMb = Runtime.getRuntime().maxMemory() >> 20;
    if (e instanceof StackOverflowError) {
      return "the JVM's stack overflowed (StackOverflowError), most likely on a deeply nested input: simplify it,"
          + " or give Java a larger stack (MILPNET_JAVA_OPTS=-Xss64m)";
    }
    if (e instanceof OutOfMemoryError) {
      return "out of memory (the JVM may use " + heapMb + " MB; " + e.getMessage() + "): make the problem smaller"
          + " (fewer rows, fewer or smaller layers) or give Java more memory (MILPNET_JAVA_OPTS=-Xmx"
          + Math.max(2, 2 * ((heapMb + 1023) >> 10)) + "g)";
    }
    return "the JVM failed: " + e + " (please report it)";
  }

  /** Runs a command line with the given streams and returns the exit code (tests call this in-process). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    try {
      return execute(args, out, err);
    } catch (VirtualMachineError e) {
      // picocli hands only Exceptions to its handler; an Error would end in the JVM's default handler with a trace.
      err.println("milpnet: error: " + oneLine(fatalMessage(e)));
      if (Arrays.asList(args).contains("--verbose")) {
        e.printStackTrace(err);
      }
      err.flush();
      return ExitCode.OUT_OF_MEMORY;
    }
  }

  private static int execute(String[] args, PrintWriter out, PrintWriter err) {
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
      } else if (ex instanceof TrainingModelSize.ModelTooLargeException) {
        code = ExitCode.OUT_OF_MEMORY;
        message = ex.getMessage();
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
