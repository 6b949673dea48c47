package io.milpnet.core.solver;

/** The model needs something the chosen backend cannot do and no bridge can supply. */
public class UnsupportedModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnsupportedModelException(String message) {
    super(message);
  }
}
