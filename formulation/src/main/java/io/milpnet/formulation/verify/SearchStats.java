package io.milpnet.formulation.verify;

import io.milpnet.core.solver.SolveStatus;

/** Accumulated over the boxes of one disjunct. */
final class SearchStats {
  int proven;
  int splits;
  int maxBinaries;
  int minStable = Integer.MAX_VALUE;
  double boundSeconds;
  int lpSolves;
  int milpSolves;
  int symbolicProofs;
  int lpProofs;
  int milpProofs;
  String lastProof = "";

  /** Adds another worker's counts. */
  void add(SearchStats o) {
    proven += o.proven;
    splits += o.splits;
    maxBinaries = Math.max(maxBinaries, o.maxBinaries);
    minStable = Math.min(minStable, o.minStable);
    boundSeconds += o.boundSeconds;
    lpSolves += o.lpSolves;
    milpSolves += o.milpSolves;
    symbolicProofs += o.symbolicProofs;
    lpProofs += o.lpProofs;
    milpProofs += o.milpProofs;
    if (!o.lastProof.isEmpty()) {
      lastProof = o.lastProof;
    }
  }

  DisjunctResult result(int index, Verdict v, String reason, Leaf leaf, long start) {
    return new DisjunctResult(index, v, reason, leaf == null ? SolveStatus.OPTIMAL : leaf.status(),
        leaf == null ? Double.NaN : leaf.margin(), leaf == null ? Double.NaN : leaf.bound(), Verifier.since(start),
        maxBinaries, minStable == Integer.MAX_VALUE ? 0 : minStable, boundSeconds, lpSolves, milpSolves,
        leaf == null ? null : leaf.input(), leaf == null ? null : leaf.output(), proven + (v == Verdict.HOLDS ? 0 : 1),
        splits);
  }

  DisjunctResult unknown(int index, String reason, long start) {
    return new DisjunctResult(index, Verdict.UNKNOWN, reason, SolveStatus.NO_SOLUTION, Double.NaN, Double.NaN,
        Verifier.since(start), maxBinaries, minStable == Integer.MAX_VALUE ? 0 : minStable, boundSeconds, lpSolves,
        milpSolves, null, null, proven, splits);
  }
}
