package io.milpnet.cli;

/** The process exit codes of every command, documented in docs/cli.md (Exit codes). */
public final class ExitCode {
  /** The command did its job (a training with an OPTIMAL or FEASIBLE network, a listing...). */
  public static final int OK = 0;
  /** An unexpected internal error (a bug): the message says what failed. */
  public static final int INTERNAL_ERROR = 1;
  /** Bad input: a missing or malformed file, a bad option value, an unknown backend. Nothing was written. */
  public static final int BAD_INPUT = 2;
  /** The solver ended without a solution (infeasible, time limit before any incumbent, solver error). */
  public static final int NO_SOLUTION = 3;
  /** The chosen backend cannot run on this machine (e.g. a missing system library). */
  public static final int BACKEND_UNAVAILABLE = 4;
  /**
   * The run does not fit in the JVM: a training model estimated beyond the heap (refused before it is built), or the
   * JVM ran out of memory or stack. The message says how large and what to do (a smaller problem, or more memory
   * through {@code MILPNET_JAVA_OPTS}). Nothing is written.
   */
  public static final int OUT_OF_MEMORY = 5;

  private ExitCode() {}
}
