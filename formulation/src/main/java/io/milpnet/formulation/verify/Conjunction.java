package io.milpnet.formulation.verify;

import java.util.List;

/** One disjunct of an unsafe set: all its atoms hold at once. */
public record Conjunction(List<LinearAtom> atoms) {
  public Conjunction {
    atoms = List.copyOf(atoms);
  }

  /** True when every atom holds exactly (slack >= 0) at the point. */
  public boolean holdsAt(double[] inputs, double[] outputs) {
    for (LinearAtom a : atoms) {
      if (!(a.slack(inputs, outputs) >= 0)) {
        return false;
      }
    }
    return true;
  }

  /** The smallest slack of the atoms at a point: >= 0 exactly when the point is in the disjunct. */
  public double margin(double[] inputs, double[] outputs) {
    double min = Double.POSITIVE_INFINITY;
    for (LinearAtom a : atoms) {
      min = Math.min(min, a.slack(inputs, outputs));
    }
    return min;
  }
}
