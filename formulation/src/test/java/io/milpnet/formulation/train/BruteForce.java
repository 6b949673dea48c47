package io.milpnet.formulation.train;

import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.layer.dense.DenseLayer;
import io.milpnet.formulation.network.TrainedNetwork;
import java.util.ArrayList;
import java.util.List;

/**
 * Enumerates every network of a one-hidden-layer architecture whose parameters lie on small grids, and evaluates the
 * training objective of each by forward pass: the independent oracle for the MILP's optimum.
 */
final class BruteForce {
  /** The best objective, and the sparsity of every network that attains it. */
  record Result(double optimum, List<Integer> optimalNonzeros, List<Integer> optimalAliveUnits, long networks) {}

  private final TrainingProblem problem;
  private final int hidden;
  private final double[] firstLevels;
  private final double[] firstBiasLevels;
  private final double[] outputLevels;
  private final double[] outputBiasLevels;
  private final boolean signOutputs;
  private final boolean masked;

  /**
   * @param signOutputs output weights are signs: +-1 for a live unit, 0 only for a dead (pruned) one when masked
   */
  /** The hidden layer's activation, as the problem's architecture has it. */
  private final Activation activation;

  BruteForce(TrainingProblem problem, int hidden, double[] firstLevels, double[] firstBiasLevels,
      double[] outputLevels, double[] outputBiasLevels, boolean signOutputs, boolean masked) {
    this.problem = problem;
    this.hidden = hidden;
    this.firstLevels = firstLevels;
    this.firstBiasLevels = firstBiasLevels;
    this.outputLevels = outputLevels;
    this.outputBiasLevels = outputBiasLevels;
    this.signOutputs = signOutputs;
    this.masked = masked;
    this.activation = problem.zeroNetwork().layers().get(0).activation();
  }

  Result run() {
    TrainingData data = problem.data();
    int d = data.features();
    int out = data.outputs();
    int firstParams = hidden * d + hidden;
    int outParams = out * hidden + out;
    int[] radix = new int[firstParams + outParams];
    double[][] levels = new double[radix.length][];
    for (int p = 0; p < radix.length; p++) {
      if (p < hidden * d) {
        levels[p] = firstLevels;
      } else if (p < firstParams) {
        levels[p] = firstBiasLevels;
      } else if (p < firstParams + out * hidden) {
        levels[p] = outputLevels;
      } else {
        levels[p] = outputBiasLevels;
      }
      radix[p] = levels[p].length;
    }
    int[] digit = new int[radix.length];
    double best = Double.POSITIVE_INFINITY;
    List<Integer> nnz = new ArrayList<>();
    List<Integer> alive = new ArrayList<>();
    long count = 0;
    while (true) {
      double[][] w1 = new double[hidden][d];
      double[] b1 = new double[hidden];
      double[][] w2 = new double[out][hidden];
      double[] b2 = new double[out];
      int p = 0;
      for (int j = 0; j < hidden; j++) {
        for (int k = 0; k < d; k++) {
          w1[j][k] = levels[p][digit[p++]];
        }
      }
      for (int j = 0; j < hidden; j++) {
        b1[j] = levels[p][digit[p++]];
      }
      for (int c = 0; c < out; c++) {
        for (int j = 0; j < hidden; j++) {
          w2[c][j] = levels[p][digit[p++]];
        }
      }
      for (int c = 0; c < out; c++) {
        b2[c] = levels[p][digit[p++]];
      }
      TrainedNetwork net = new TrainedNetwork(data.featureNames(), data.scaler(),
          List.of(new DenseLayer(w1, b1, activation, ""), new DenseLayer(w2, b2, Activation.LINEAR, "")),
          data.outputKind(), data.classLabels());
      if (admissible(net)) {
        count++;
        double obj = problem.objectiveOf(net);
        int nz = net.layers().get(0).nonzeroWeights() + net.layers().get(1).nonzeroWeights();
        int live = 0;
        for (int j = 0; j < hidden; j++) {
          live += TrainingProblem.isAlive(net, 0, j) ? 1 : 0;
        }
        if (obj < best - 1e-9) {
          best = obj;
          nnz.clear();
          alive.clear();
        }
        if (Math.abs(obj - best) <= 1e-9) {
          nnz.add(nz);
          alive.add(live);
        }
      }
      int q = 0;
      while (q < radix.length && ++digit[q] == radix[q]) {
        digit[q++] = 0;
      }
      if (q == radix.length) {
        break;
      }
    }
    return new Result(best, nnz, alive, count);
  }

  /** Sign outputs: a live unit feeds the output with +-1; only a dead unit (pruning on) may have 0. */
  private boolean admissible(TrainedNetwork net) {
    if (!problem.withinBudgets(net) || !problem.monotoneAsConstrained(net) || !problem.predictsAnchors(net)
        || !problem.satisfiesImplications(net, 0.0)) {
      return false;
    }
    if (!signOutputs) {
      return true;
    }
    DenseLayer first = (DenseLayer) net.layers().get(0);
    DenseLayer output = (DenseLayer) net.layers().get(1);
    for (int j = 0; j < hidden; j++) {
      double v = output.weights()[0][j];
      if (v == 0.0 && (!masked || first.hasInput(j))) {
        return false;
      }
    }
    return true;
  }
}
