package io.milpnet.backend.ortools;

import com.google.ortools.linearsolver.MPConstraintProto;
import com.google.ortools.linearsolver.MPGeneralConstraintProto;
import com.google.ortools.linearsolver.MPIndicatorConstraint;
import com.google.ortools.linearsolver.MPModelProto;
import com.google.ortools.linearsolver.MPVariableProto;
import io.milpnet.core.model.IndicatorConstraint;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Sense;
import io.milpnet.core.model.VarType;

/** Translates a milpnet {@link Model} into OR-Tools' {@link MPModelProto}, indicators as general constraints. */
final class OrToolsModelTranslator {

  MPModelProto translate(Model model, boolean withNames) {
    MPModelProto.Builder proto = MPModelProto.newBuilder().setName(model.name());
    LinearExpr objective = model.objective();
    double[] objCoef = new double[model.numVars()];
    for (int k = 0; k < objective.size(); k++) {
      objCoef[objective.var(k)] += objective.coef(k);
    }
    proto.setMaximize(model.sense() == Sense.MAXIMIZE).setObjectiveOffset(objective.constant());

    for (int v = 0; v < model.numVars(); v++) {
      MPVariableProto.Builder var = MPVariableProto.newBuilder()
          .setLowerBound(model.lowerBound(v))
          .setUpperBound(model.upperBound(v))
          .setIsInteger(model.varType(v) != VarType.CONTINUOUS)
          .setObjectiveCoefficient(objCoef[v]);
      if (withNames) {
        var.setName(model.varName(v));
      }
      proto.addVariable(var);
    }
    for (int r = 0; r < model.numConstraints(); r++) {
      MPConstraintProto.Builder row = MPConstraintProto.newBuilder()
          .setLowerBound(model.rowLowerBound(r))
          .setUpperBound(model.rowUpperBound(r));
      int n = model.rowSize(r);
      for (int k = 0; k < n; k++) {
        row.addVarIndex(model.rowVar(r, k)).addCoefficient(model.rowCoef(r, k));
      }
      if (withNames) {
        row.setName(model.constraintName(r));
      }
      proto.addConstraint(row);
    }
    for (int i = 0; i < model.numIndicators(); i++) {
      IndicatorConstraint ind = model.indicator(i);
      MPConstraintProto.Builder row = MPConstraintProto.newBuilder().setLowerBound(ind.lb()).setUpperBound(ind.ub());
      LinearExpr e = ind.expr();
      for (int k = 0; k < e.size(); k++) {
        row.addVarIndex(e.var(k)).addCoefficient(e.coef(k));
      }
      MPIndicatorConstraint.Builder indicator = MPIndicatorConstraint.newBuilder()
          .setVarIndex(ind.binary())
          .setVarValue(ind.activeValue() ? 1 : 0)
          .setConstraint(row);
      MPGeneralConstraintProto.Builder general = MPGeneralConstraintProto.newBuilder().setIndicatorConstraint(indicator);
      if (withNames) {
        general.setName(ind.name());
      }
      proto.addGeneralConstraint(general);
    }
    return proto.build();
  }
}
