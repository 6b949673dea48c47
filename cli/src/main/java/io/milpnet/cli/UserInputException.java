package io.milpnet.cli;

/** A problem with what the user gave (an option value, a file): reported as one line, exit code 2. */
public class UserInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  public UserInputException(String message) {
    this(message, ExitCode.BAD_INPUT);
  }

  public UserInputException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
