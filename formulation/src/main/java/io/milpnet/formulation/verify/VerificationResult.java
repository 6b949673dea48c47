package io.milpnet.formulation.verify;

import java.util.List;

/**
 * The verdict on a whole property: violated as soon as one disjunct is (with its re-checked counterexample), holds
 * only when every disjunct holds, unknown otherwise.
 */
public record VerificationResult(Verdict verdict, String reason, List<DisjunctResult> disjuncts, double seconds) {
  public VerificationResult {
    disjuncts = List.copyOf(disjuncts);
  }

  /** The counterexample of the first violated disjunct, or null. */
  public DisjunctResult counterexample() {
    for (DisjunctResult d : disjuncts) {
      if (d.verdict() == Verdict.VIOLATED) {
        return d;
      }
    }
    return null;
  }
}
