package io.milpnet.formulation.verify;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.bounds.IntervalBounds;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Sense;
import io.milpnet.core.model.Var;
import io.milpnet.core.model.VarType;
import io.milpnet.formulation.encode.LpBoundTightener;
import io.milpnet.formulation.encode.ReluFormulation;
import io.milpnet.formulation.encode.Signal;
import java.util.ArrayList;
import java.util.List;

/** The model of one box, with its margin variable, and the handles the verdict needs. */
record MarginModel(Model model, Var[] inputs, Var margin, double marginLower, double marginUpper, int stable,
    int unstable, double boundSeconds, int lpSolves, Interval[][] preActivationBounds) {
  int binaries() {
    return model.countVars(VarType.BINARY);
  }

  /**
   * The box {@code [lo, hi]} of the network's inputs encoded by {@link BoxEncoder} (ReLUs by {@code relu}, constants
   * from the bounds: interval, intersected with {@code symbolic} when given, LP-tightened by {@code tightener} when
   * given), with a margin variable {@code -tolerance <= t <= b_k - a_k(X, Y)} for every atom, maximised.
   */
  static MarginModel of(FixedNetwork network, double[] lo, double[] hi, List<LinearAtom> atoms,
      SymbolicBounds symbolic, LpBoundTightener tightener, ReluFormulation relu, double tolerance) {
    long start = System.nanoTime();
    Model m = new Model("verify");
    Var[] x = new Var[lo.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = m.addContinuous(lo[i], hi[i], "X_" + i, "input");
    }
    BoxEncoder box = new BoxEncoder(m, symbolic, tightener, relu);
    Signal[] signals = box.encode(network, x);
    // t <= b_k - a_k(X, Y) for every atom.
    IntervalBounds intervals = IntervalBounds.of(m);
    List<LinearExpr> lhs = new ArrayList<>();
    double tUpper = Double.POSITIVE_INFINITY;
    double tLower = Double.POSITIVE_INFINITY;
    for (LinearAtom atom : atoms) {
      LinearExpr.Builder e = LinearExpr.builder();
      for (int i = 0; i < atom.x().length; i++) {
        if (atom.x()[i] != 0) {
          e.add(atom.x()[i], x[i]);
        }
      }
      for (int j = 0; j < atom.y().length; j++) {
        if (atom.y()[j] != 0) {
          e.add(atom.y()[j], signals[j].expr());
        }
      }
      LinearExpr expr = e.build();
      Interval range = intervals.range(expr);
      tUpper = Math.min(tUpper, atom.bound() - range.lo());
      tLower = Math.min(tLower, atom.bound() - range.hi());
      lhs.add(expr);
    }
    if (atoms.isEmpty()) {
      // The unsafe set is the input region itself: any point of it is a counterexample.
      tUpper = 0;
      tLower = 0;
    }
    // Only inputs within the tolerance of the unsafe set are of interest: t >= -tolerance makes the model infeasible
    // exactly when the box is safe, which solvers prove far faster than they bound an optimum (ACAS Xu 1_1
    // property 4: 2 s instead of 78 s).
    Var t = m.addContinuous(Math.min(-tolerance, tUpper), tUpper, "margin", "margin");
    for (int k = 0; k < atoms.size(); k++) {
      m.addLessOrEqual("atom" + k, LinearExpr.builder().add(lhs.get(k)).add(t).build(), atoms.get(k).bound());
    }
    m.setObjective(Sense.MAXIMIZE, LinearExpr.of(t));
    return new MarginModel(m, x, t, tLower, tUpper, box.stable, box.unstable, Verifier.since(start),
        tightener == null ? 0 : tightener.lpSolves(), box.ranges());
  }
}
