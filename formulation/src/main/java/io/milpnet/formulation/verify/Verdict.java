package io.milpnet.formulation.verify;

/** The answer of a verification, never given without its evidence. */
public enum Verdict {
  /** The solver proved the unsafe set empty (every disjunct), beyond the verifier's tolerance. */
  HOLDS,
  /** A counterexample exists, and the double forward pass confirmed it satisfies the unsafe set exactly. */
  VIOLATED,
  /** Neither could be shown (time limit, solver error, or a margin within the tolerance); the reason says which. */
  UNKNOWN;

  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
