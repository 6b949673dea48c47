package io.milpnet.formulation.pipeline;

import io.milpnet.core.model.Model;
import io.milpnet.core.model.VarType;
import io.milpnet.formulation.train.Tightening;
import io.milpnet.formulation.train.TrainingConfig;
import io.milpnet.formulation.train.TrainingProblem;
import io.milpnet.formulation.verify.BoundMethod;
import java.util.List;
import java.util.Locale;

/** The lines that describe a training MILP: its size, and what tightened it. */
public final class ModelText {
  private ModelText() {}

  /** Variables, binaries, constraints, indicators, nonzeros, the ReLU encoding and stable ReLUs, the build time. */
  public static String sizeLine(TrainingProblem problem, String reluName, double buildSeconds) {
    Model model = problem.model();
    return String.format(Locale.ROOT, "model: %d variables (%d binary), %d constraints, %d indicators, %d nonzeros;"
            + " %s ReLUs, %d ReLU instances proven stable; built in %.2f s",
        model.numVars(), model.countVars(VarType.BINARY), model.numConstraints(), model.numIndicators(),
        model.numNonzeros(), reluName, problem.stableRelus(), buildSeconds);
  }

  /** What tightened the model: bounds, Lipschitz cuts, formulations. */
  public static String tighteningLine(TrainingProblem problem, TrainingConfig config) {
    Tightening t = config.tightening();
    StringBuilder b = new StringBuilder(t.bounds().key() + " bounds");
    StringBuilder stable = new StringBuilder();
    List<int[]> byLayer = problem.stabilityByLayer();
    for (int l = 0; l < byLayer.size(); l++) {
      int[] s = byLayer.get(l);
      if (s[0] + s[1] > 0) {
        stable.append(stable.length() == 0 ? "" : ", ").append("layer ").append(l + 1).append(' ').append(s[0])
            .append('/').append(s[0] + s[1]);
      }
    }
    if (t.bounds() == BoundMethod.LP) {
      b.append(" (").append(problem.lpTightenedBounds()).append(" tightened by ").append(problem.boundLpSolves())
          .append(" LPs)");
    }
    if (stable.length() > 0) {
      b.append(", stable ReLUs ").append(stable);
    }
    b.append(", Lipschitz cuts: ");
    if (problem.lipschitzRows() > 0) {
      b.append(problem.lipschitzRows()).append(" rows on ").append(problem.lipschitzPairs()).append(" pairs");
      if (problem.lipschitzStructureRows() > 0) {
        b.append(" (").append(problem.lipschitzStructureRows()).append(" of them structure-aware: telling close samples"
            + " apart costs nonzero weights)");
      }
    } else {
      b.append("none (").append(problem.lipschitzNote()).append(")");
    }
    if (t.reluPartitions() > 0) {
      b.append(", ReLUs psplit:").append(t.reluPartitions());
    }
    if (t.tightMaxPool()) {
      b.append(", tight max pooling");
    }
    return b.toString();
  }
}
