package io.milpnet.core.solver;

/** A backend name that no module registered. */
public class UnknownBackendException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UnknownBackendException(String message) {
    super(message);
  }
}
