package io.milpnet.core.model;

/** The domain kind of a decision variable. */
public enum VarType {
  CONTINUOUS,
  INTEGER,
  /** An integer variable whose bounds are clipped to [0, 1]. */
  BINARY;

  public boolean isIntegral() {
    return this != CONTINUOUS;
  }
}
