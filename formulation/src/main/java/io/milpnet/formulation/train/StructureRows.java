package io.milpnet.formulation.train;

import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;
import io.milpnet.formulation.layer.dense.DenseKind;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.spec.LayerSpec;
import java.util.List;

/** The structure budgets: feature masks and their budget row, the budget row of live hidden units, and their check. */
final class StructureRows {
  private StructureRows() {}

  /**
   * One binary per input feature, priced by the feature penalty into {@code structure}, with the
   * {@code --max-features} budget row; the first layer must be dense (an input feature is removed with its outgoing
   * weights; a convolution's kernel weights are shared).
   */
  static Var[] featureMasks(Model model, TrainingData data, TrainingConfig config, LayerSpec first,
      LinearExpr.Builder structure) {
    if (!DenseKind.isDense(first)) {
      throw new IllegalArgumentException("--feature-penalty and --max-features need a dense first layer (an input"
          + " feature is removed with its outgoing weights; a convolution's kernel weights are shared)");
    }
    Var[] masks = new Var[data.features()];
    LinearExpr.Builder count = LinearExpr.builder();
    for (int k = 0; k < masks.length; k++) {
      masks[k] = model.addBinary("f[" + data.featureNames().get(k) + "]", "feature-mask");
      count.add(masks[k]);
      structure.add(config.featurePenalty(), masks[k]);
    }
    if (config.maxFeatures() < data.features()) {
      model.addLessOrEqual("max_features", count.build(), config.maxFeatures());
    }
    return masks;
  }

  /** The {@code --max-neurons} row over the unit masks of every layer, where it binds. */
  static void neuronBudget(Model model, List<EncodedLayer> layers, TrainingConfig config) {
    if (config.maxNeurons() == TrainingConfig.NO_BUDGET) {
      return;
    }
    LinearExpr.Builder live = LinearExpr.builder();
    int total = 0;
    for (EncodedLayer layer : layers) {
      if (layer.masks != null) {
        for (Var m : layer.masks) {
          live.add(m);
          total++;
        }
      }
    }
    if (config.maxNeurons() < total) {
      model.addLessOrEqual("max_neurons", live.build(), config.maxNeurons());
    }
  }

  /** The network respects the feature and neuron budgets of the configuration (the brute-force tests' filter). */
  static boolean withinBudgets(TrainingData data, TrainingConfig config, TrainedNetwork network) {
    int features = 0;
    for (int k = 0; k < data.features(); k++) {
      features += TrainingProblem.featureUsed(network, k) ? 1 : 0;
    }
    int live = 0;
    for (int l = 0; l + 1 < network.layers().size(); l++) {
      for (int j = 0; j < network.layers().get(l).units(); j++) {
        live += TrainingProblem.isAlive(network, l, j) ? 1 : 0;
      }
    }
    return features <= config.maxFeatures() && live <= config.maxNeurons();
  }
}
