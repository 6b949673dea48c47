package io.milpnet.formulation.verify;

import java.util.List;

/**
 * A VNN-LIB property: the UNSAFE set, as a disjunction of conjunctions of linear atoms over inputs X and outputs Y.
 * The property is violated when some input in some disjunct's region gives outputs satisfying that disjunct.
 */
public record VnnProperty(String source, int inputs, int outputs, List<Conjunction> disjuncts) {
  public VnnProperty {
    disjuncts = List.copyOf(disjuncts);
  }
}
