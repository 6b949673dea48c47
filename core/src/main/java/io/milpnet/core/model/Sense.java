package io.milpnet.core.model;

/** Direction of optimisation. */
public enum Sense {
  MINIMIZE,
  MAXIMIZE
}
