package io.milpnet.formulation.train;

/** The training loss. */
public enum LossKind {
  /** Multi-class hinge (Crammer-Singer): {@code xi_i >= margin - (o_iy - o_ic)} for every other class c. */
  HINGE,
  /** The number of samples not classified with the margin: one binary per sample. */
  ZERO_ONE,
  /** Regression: the sum of absolute errors, {@code e_i >= |o_i - t_i|}. */
  L1,
  /** Regression: the largest absolute error, {@code E >= |o_i - t_i|} for every sample. */
  LINF;

  public boolean regression() {
    return this == L1 || this == LINF;
  }
}
