package io.milpnet.backend.ojalgo;

import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Sense;
import io.milpnet.core.model.Var;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import org.ojalgo.netio.BasicLogger;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Variable;

/**
 * Run in a fresh JVM by {@link OjAlgoStdoutTest}: {@code backend} solves a small MILP through {@link OjAlgoBackend}
 * and then writes one line through ojAlgo's own {@code BasicLogger.debug}; {@code raw} uses ojAlgo directly, as a
 * control that shows what ojAlgo prints when nobody intervenes. Diagnostics of the probe itself go to stderr only.
 */
public final class OjAlgoStdoutProbe {
  static final String DEBUG_LINE = "probe: a line through BasicLogger.debug";

  private OjAlgoStdoutProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("backend")) {
      Model m = new Model("probe");
      Var x = m.addInteger(0, 10, "x");
      Var y = m.addContinuous(0, 4, "y");
      m.addConstraint("range", LinearExpr.builder().add(x).add(y).build(), 1, 7.5);
      m.setObjective(Sense.MAXIMIZE, LinearExpr.builder().add(2, x).add(y).build());
      Solution s = new OjAlgoBackend().solve(m, SolveOptions.defaults());
      BasicLogger.debug(DEBUG_LINE);
      ((BasicLogger.BasicWriter) BasicLogger.DEBUG).flush();
      System.err.println("probe: " + s.status() + " " + s.objective());
    } else {
      ExpressionsBasedModel m = new ExpressionsBasedModel();
      Variable x = m.addVariable("x").lower(0).upper(3).weight(1);
      System.err.println("probe: raw " + m.maximise().getState() + " " + x.getValue());
    }
  }
}
