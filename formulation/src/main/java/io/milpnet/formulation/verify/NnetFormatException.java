package io.milpnet.formulation.verify;

/** A malformed {@code .nnet} file: the message names the file and the line. */
public class NnetFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NnetFormatException(String message) {
    super(message);
  }
}
