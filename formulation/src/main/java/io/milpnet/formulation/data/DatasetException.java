package io.milpnet.formulation.data;

/**
 * A data file or data set the user supplied cannot be used. The message is one line that names the file
 * as the user gave it, the line and column where relevant, and what to do about it; callers show it as is.
 */
public class DatasetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DatasetException(String message) {
    super(message);
  }
}
