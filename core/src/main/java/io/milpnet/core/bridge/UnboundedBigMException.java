package io.milpnet.core.bridge;

import io.milpnet.core.solver.UnsupportedModelException;

/** An indicator cannot become a big-M row because a variable in it has an infinite bound. */
public class UnboundedBigMException extends UnsupportedModelException {
  private static final long serialVersionUID = 1L;

  public UnboundedBigMException(String message) {
    super(message);
  }
}
