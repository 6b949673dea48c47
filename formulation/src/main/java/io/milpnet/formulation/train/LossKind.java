package io.milpnet.formulation.train;

/** The training loss. */
public enum LossKind {
  /** Multi-class hinge (Crammer-Singer): {@code xi_i >= margin - (o_iy - o_ic)} for every other class c. */
  HINGE,
  /** The number of samples not classified with the margin: one binary per sample. */
  ZERO_ONE
}
