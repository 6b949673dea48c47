package io.milpnet.formulation.train;

import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;
import io.milpnet.core.model.VarType;
import io.milpnet.formulation.network.TrainedNetwork;
import java.util.Arrays;
import java.util.List;

/**
 * The values of every model variable that describe a network of the problem's domains: each encoded layer assigns its
 * own variables from the layer's parameters and its inputs' values, the loss its own; with symmetry breaking on, the
 * network is first put in the canonical order the rows demand (the same function).
 */
final class StartValues {
  private final TrainingProblem problem;
  private final List<EncodedLayer> layers;
  private final TrainingData data;
  private final TrainingConfig config;
  private final Model model;
  private final EncodedLoss loss;
  private final Var[] featureMasks;

  StartValues(TrainingProblem problem, Var[] featureMasks) {
    this.problem = problem;
    this.layers = problem.encodedLayers();
    this.data = problem.data();
    this.config = problem.config();
    this.model = problem.model();
    this.loss = problem.loss();
    this.featureMasks = featureMasks;
  }

  /**
   * Values of every model variable that describe the given network (which must lie in this problem's domains): a
   * complete, feasible start for the solver. With symmetry breaking on, hidden units are first reordered into the
   * canonical order the symmetry-breaking rows demand (live units first, biases descending); the function is the same.
   */
  double[] of(TrainedNetwork network) {
    if (network.layers().size() != layers.size()) {
      throw new IllegalArgumentException("network has " + network.layers().size() + " layers, the problem "
          + layers.size());
    }
    TrainedNetwork net = config.symmetryBreaking() ? problem.canonicalOrder(network) : network;
    double[] values = new double[model.numVars()];
    Arrays.fill(values, Double.NaN);
    double[][] in = data.rows();
    boolean[] inputAlive = null;
    if (featureMasks != null) {
      inputAlive = new boolean[featureMasks.length];
      int used = 0;
      for (int k = 0; k < featureMasks.length; k++) {
        inputAlive[k] = TrainingProblem.featureUsed(net, k);
        values[featureMasks[k].index()] = inputAlive[k] ? 1 : 0;
        used += inputAlive[k] ? 1 : 0;
      }
      if (used > config.maxFeatures()) {
        throw new IllegalArgumentException("the network reads " + used + " features, the budget is "
            + config.maxFeatures());
      }
    }
    for (int l = 0; l < layers.size(); l++) {
      EncodedLayer layer = layers.get(l);
      boolean[] alive = new boolean[layer.units];
      for (int j = 0; j < layer.units; j++) {
        alive[j] = TrainingProblem.isAlive(net, l, j);
      }
      in = layer.assign(values, net.layers().get(l), in, alive, inputAlive);
      inputAlive = alive;
    }
    loss.assign(values, Arrays.copyOf(in, data.samples()));
    io.milpnet.core.model.Var[][] scores = problem.lipschitzScores();
    for (int i = 0; scores != null && i < scores.length; i++) {
      for (int c = 0; scores[i] != null && c < scores[i].length; c++) {
        if (scores[i][c] != null) {
          values[scores[i][c].index()] = in[i][c];
        }
      }
    }
    for (LipschitzCuts.Defined d : problem.lipschitzSums()) {
      values[d.var().index()] = d.expr().evaluate(values);
    }
    for (int v = 0; v < values.length; v++) {
      if (Double.isNaN(values[v])) {
        throw new IllegalStateException("start value missing for " + model.varName(v));
      }
      if (model.varType(v) == VarType.CONTINUOUS) {
        // Clamp rounding noise of a hair outside a bound (products of values at their bounds).
        values[v] = Math.max(model.lowerBound(v), Math.min(model.upperBound(v), values[v]));
      }
    }
    return values;
  }
}
