package io.milpnet.formulation.train;

import io.milpnet.core.model.Var;
import io.milpnet.formulation.network.ForwardPass;
import io.milpnet.formulation.network.TrainedNetwork;
import java.util.List;

/**
 * The training objective of a network by forward pass: the loss of its rows plus the regularisation, each encoded
 * layer pricing its own part ({@link EncodedLayer#addPrice}) and the feature masks theirs; masks are read from a
 * solution when one is given, else from the network's structure. The MILP's objective must equal it on every
 * decoded solution (the audit checks that).
 */
final class ObjectivePricing {
  private final List<EncodedLayer> layers;
  private final TrainingData data;
  private final TrainingConfig config;
  private final EncodedLoss loss;
  private final Var[] featureMasks;

  ObjectivePricing(List<EncodedLayer> layers, TrainingData data, TrainingConfig config, EncodedLoss loss,
      Var[] featureMasks) {
    this.layers = layers;
    this.data = data;
    this.config = config;
    this.loss = loss;
    this.featureMasks = featureMasks;
  }

  /** The regularisation part of the objective for a decoded network (masks read from the solution when present). */
  double regularisationOf(TrainedNetwork network, double[] values) {
    double total = 0;
    if (featureMasks != null) {
      for (int k = 0; k < featureMasks.length; k++) {
        total += config.featurePenalty() * (values == null ? (TrainingProblem.featureUsed(network, k) ? 1 : 0)
            : Math.rint(values[featureMasks[k].index()]));
      }
    }
    boolean[] inputAlive = null;
    for (int l = 0; l < layers.size(); l++) {
      // Liveness is read only without a solution (masks and switches come from the solution when there is one).
      boolean[] alive = values != null ? null : new boolean[layers.get(l).units];
      for (int j = 0; alive != null && j < alive.length; j++) {
        alive[j] = TrainingProblem.isAlive(network, l, j);
      }
      total = layers.get(l).addPrice(total, network.layers().get(l), values, alive, inputAlive, config);
      inputAlive = alive;
    }
    return total;
  }

  /**
   * The objective of a network of this problem's domains on other rows of the same task ({@code rows}' loss plus this
   * problem's regularisation). Every loss term is non-negative, so on a superset of this problem's rows the
   * objective of every network is at least its objective here: a bound of this problem bounds that one too.
   */
  double objectiveOn(TrainedNetwork network, TrainingData rows) {
    EncodedLoss other = new EncodedLoss(config.loss(), config.margin(), rows.outputKind(), rows.y(), rows.outputs(),
        rows.targets());
    ForwardPass forward = new ForwardPass(network);
    double[] losses = new double[rows.samples()];
    for (int i = 0; i < losses.length; i++) {
      losses[i] = other.lossOf(forward.outputs(rows.x()[i]), i);
    }
    return other.total(losses) + regularisationOf(network, null);
  }

  /** The composite objective of any network of the right shape, by forward pass (the brute-force tests' oracle). */
  double objectiveOf(TrainedNetwork network) {
    ForwardPass forward = new ForwardPass(network);
    double[] losses = new double[data.samples()];
    for (int i = 0; i < data.samples(); i++) {
      losses[i] = loss.lossOf(forward.outputs(data.x()[i]), i);
    }
    return loss.total(losses) + regularisationOf(network, null);
  }
}
