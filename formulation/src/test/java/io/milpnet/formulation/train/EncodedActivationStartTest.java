package io.milpnet.formulation.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.core.bounds.IntervalBounds;
import io.milpnet.core.model.FeasibilityCheck;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;
import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.encode.ReluPartitionFormulation;
import io.milpnet.formulation.encode.Signal;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Start values of a training layer's activations when the ReLU formulation has auxiliary variables: the P-split's
 * copies are sums over weight variables (the data are constants), and {@link EncodedActivation#assign} completes them
 * so that the start is feasible.
 */
class EncodedActivationStartTest {

  @Test
  void partitionCopiesOfTrainedWeightsAreCompletedByAssign() {
    Random random = new Random(7);
    int samples = 5;
    int features = 4;
    int units = 3;
    double[][] data = new double[samples][features];
    for (double[] row : data) {
      for (int k = 0; k < features; k++) {
        row[k] = random.nextDouble();
      }
    }
    for (Activation activation : List.of(Activation.RELU, Activation.HARDTANH)) {
      for (int n : new int[] {1, 2, 3, 10}) {
        Model model = new Model("layer");
        Var[][] w = new Var[units][features];
        Var[] b = new Var[units];
        for (int j = 0; j < units; j++) {
          for (int k = 0; k < features; k++) {
            w[j][k] = model.addContinuous(-1, 1, "w" + j + k, "weight");
          }
          b[j] = model.addContinuous(-1, 1, "b" + j, "bias");
        }
        LinearExpr[][] pre = new LinearExpr[samples][units];
        for (int i = 0; i < samples; i++) {
          for (int j = 0; j < units; j++) {
            LinearExpr.Builder a = LinearExpr.builder().add(b[j]);
            for (int k = 0; k < features; k++) {
              a.add(data[i][k], w[j][k]);
            }
            pre[i][j] = a.build();
          }
        }
        IntervalBounds bounds = IntervalBounds.of(model);
        Signal[][] signals = new Signal[samples][units];
        for (int i = 0; i < samples; i++) {
          for (int j = 0; j < units; j++) {
            signals[i][j] = new Signal(pre[i][j], bounds.range(pre[i][j]));
          }
        }
        EncodedActivation act = new EncodedActivation(model, activation, signals, new ReluPartitionFormulation(n),
            false, "l1");
        String what = activation + ", psplit:" + n;
        assertTrue(model.countVars(io.milpnet.core.model.VarType.BINARY) > 0, what + ": no unstable unit");

        double[] values = new double[model.numVars()];
        Arrays.fill(values, Double.NaN);
        for (int j = 0; j < units; j++) {
          for (int k = 0; k < features; k++) {
            values[w[j][k].index()] = 2 * random.nextDouble() - 1;
          }
          values[b[j].index()] = random.nextDouble() - 0.5;
        }
        for (int i = 0; i < samples; i++) {
          for (int j = 0; j < units; j++) {
            double a = pre[i][j].evaluate(values);
            assertEquals(activation.apply(a), act.assign(values, i, j, a), 1e-12);
            assertEquals(activation.apply(a), act.output[i][j].expr().evaluate(values), 1e-12, what);
          }
        }
        for (int v = 0; v < values.length; v++) {
          assertTrue(!Double.isNaN(values[v]), what + ": no start value for " + model.varName(v));
        }
        List<String> violations = new FeasibilityCheck(1e-9).violations(model, values);
        assertTrue(violations.isEmpty(), what + ": " + violations);
      }
    }
  }
}
