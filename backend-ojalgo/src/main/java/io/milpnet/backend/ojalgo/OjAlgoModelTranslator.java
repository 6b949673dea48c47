package io.milpnet.backend.ojalgo;

import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/**
 * Translates a milpnet {@link Model} into an ojAlgo {@link ExpressionsBasedModel}. ojAlgo variables are free unless
 * given a limit, so only finite bounds are set; a range row is one expression with both limits (native in ojAlgo). The
 * objective becomes the variables' weights; its constant is not handed to ojAlgo (it has no public setter for it), the
 * backend adds it back by evaluating the objective itself. Entities are named by index ({@code x0}, {@code r0}):
 * ojAlgo looks expressions up by name, and the model's own names need not be unique.
 */
final class OjAlgoModelTranslator {

  /** The ojAlgo model and its variables in milpnet's column order. */
  record Translation(ExpressionsBasedModel model, Variable[] vars) {}

  Translation translate(Model model, Optimisation.Options options) {
    OjAlgoConsole.keepStdoutClean();
    ExpressionsBasedModel ebm = new ExpressionsBasedModel(options);
    int n = model.numVars();
    double[] objCoef = new double[n];
    LinearExpr objective = model.objective();
    for (int k = 0; k < objective.size(); k++) {
      objCoef[objective.var(k)] += objective.coef(k);
    }
    Variable[] vars = new Variable[n];
    for (int v = 0; v < n; v++) {
      Variable var = ebm.addVariable("x" + v);
      double lb = model.lowerBound(v);
      double ub = model.upperBound(v);
      if (Double.isFinite(lb)) {
        var.lower(lb);
      }
      if (Double.isFinite(ub)) {
        var.upper(ub);
      }
      if (model.varType(v).isIntegral()) {
        var.integer(true);
      }
      if (objCoef[v] != 0.0) {
        var.weight(objCoef[v]);
      }
      vars[v] = var;
    }
    for (int r = 0; r < model.numConstraints(); r++) {
      double lb = model.rowLowerBound(r);
      double ub = model.rowUpperBound(r);
      int size = model.rowSize(r);
      if (size == 0 || (!Double.isFinite(lb) && !Double.isFinite(ub))) {
        continue; // a free row constrains nothing; empty rows are checked by the backend before translation
      }
      Expression row = ebm.addExpression("r" + r);
      for (int k = 0; k < size; k++) {
        row.set(vars[model.rowVar(r, k)], model.rowCoef(r, k));
      }
      if (Double.isFinite(lb)) {
        row.lower(lb);
      }
      if (Double.isFinite(ub)) {
        row.upper(ub);
      }
    }
    return new Translation(ebm, vars);
  }
}
