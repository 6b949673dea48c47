package io.milpnet.formulation.train;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.formulation.encode.ReluFormulation;
import io.milpnet.formulation.encode.ReluOutput;
import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.encode.StepFormulation;
import io.milpnet.formulation.spec.Activation;
import java.util.ArrayList;
import java.util.List;

/**
 * The activation of a layer's units over all samples: ReLU (exact by its formulation), hard tanh as
 * {@code -1 + relu(a + 1) - relu(a - 1)}, step by its phase binary, linear as the pre-activation itself. Shared by
 * every layer kind with an activation.
 */
final class EncodedActivation {
  final Activation activation;
  ReluOutput[][] relu;
  ReluOutput[][] low;
  ReluOutput[][] high;
  ReluOutput[][] step;
  final Signal[][] output;

  EncodedActivation(Model model, Activation activation, Signal[][] pre, ReluFormulation reluFormulation,
      boolean indicators, String tag) {
    this.activation = activation;
    int samples = pre.length;
    int units = samples == 0 ? 0 : pre[0].length;
    output = new Signal[samples][units];
    switch (activation) {
      case RELU -> {
        relu = new ReluOutput[samples][units];
        for (int i = 0; i < samples; i++) {
          for (int j = 0; j < units; j++) {
            relu[i][j] = reluFormulation.encode(model, pre[i][j].expr(), pre[i][j].bounds(), name(tag, i, j));
            output[i][j] = relu[i][j].output();
          }
        }
      }
      case HARDTANH -> {
        low = new ReluOutput[samples][units];
        high = new ReluOutput[samples][units];
        for (int i = 0; i < samples; i++) {
          for (int j = 0; j < units; j++) {
            String n = name(tag, i, j);
            Interval b = pre[i][j].bounds();
            low[i][j] = reluFormulation.encode(model, pre[i][j].expr().plus(LinearExpr.constant(1.0)),
                new Interval(b.lo() + 1, b.hi() + 1), "_lo" + n);
            high[i][j] = reluFormulation.encode(model, pre[i][j].expr().plus(LinearExpr.constant(-1.0)),
                new Interval(b.lo() - 1, b.hi() - 1), "_hi" + n);
            LinearExpr h = LinearExpr.builder().addConstant(-1.0).add(low[i][j].output().expr())
                .add(-1.0, high[i][j].output().expr()).build();
            output[i][j] = new Signal(h,
                new Interval(Activation.HARDTANH.apply(b.lo()), Activation.HARDTANH.apply(b.hi())));
          }
        }
      }
      case STEP -> {
        step = new ReluOutput[samples][units];
        StepFormulation formulation = new StepFormulation(indicators);
        for (int i = 0; i < samples; i++) {
          for (int j = 0; j < units; j++) {
            step[i][j] = formulation.encode(model, pre[i][j].expr(), pre[i][j].bounds(), name(tag, i, j));
            output[i][j] = step[i][j].output();
          }
        }
      }
      case LINEAR -> {
        for (int i = 0; i < samples; i++) {
          output[i] = pre[i].clone();
        }
      }
      default -> throw new IllegalStateException("no encoding for activation " + activation);
    }
  }

  private static String name(String tag, int i, int j) {
    return "[" + tag + ",s" + i + ",u" + j + "]";
  }

  /** Every phase binary of sample i, unit j, with the pre-activation offset at which it switches on. */
  List<Phase> phases(int i, int j) {
    List<Phase> list = new ArrayList<>(2);
    if (relu != null && relu[i][j].phase() != null) {
      list.add(new Phase(relu[i][j], 0.0));
    }
    if (low != null && low[i][j].phase() != null) {
      list.add(new Phase(low[i][j], -1.0));
    }
    if (high != null && high[i][j].phase() != null) {
      list.add(new Phase(high[i][j], 1.0));
    }
    return list;
  }

  /**
   * Writes the phase and output variables of sample i, unit j for pre-activation a (and any auxiliary copies of the
   * ReLU formulation, from the pre-activation's variables, which the layer writes first); returns the activation.
   */
  double assign(double[] values, int i, int j, double a) {
    double h = activation.apply(a);
    for (Phase p : phases(i, j)) {
      values[p.unit().phase().index()] = a - p.threshold() > 0 ? 1 : 0;
      values[p.unit().value().index()] = Math.max(0.0, a - p.threshold());
      p.unit().completeStart(values);
    }
    if (step != null && step[i][j].phase() != null) {
      values[step[i][j].phase().index()] = h;
    }
    return h;
  }

  /** Activation pieces (ReLUs, hard-tanh halves, steps) the bounds proved stable. */
  int stable() {
    return count(true);
  }

  /** Activation pieces with a phase binary: not decided by the bounds. */
  int unstable() {
    return count(false);
  }

  private int count(boolean stable) {
    int n = 0;
    for (ReluOutput[][] kind : java.util.Arrays.asList(relu, low, high, step)) {
      if (kind == null) {
        continue;
      }
      for (ReluOutput[] row : kind) {
        for (ReluOutput r : row) {
          n += (r.phase() == null) == stable ? 1 : 0;
        }
      }
    }
    return n;
  }

  /** A ReLU-like piece {@code relu(a - threshold)} of an activation. */
  record Phase(ReluOutput unit, double threshold) {}
}
