package io.milpnet.formulation.verify;

/** A VNN-LIB file milpnet cannot read: the message names the file and the line. */
public class VnnlibFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public VnnlibFormatException(String message) {
    super(message);
  }
}
