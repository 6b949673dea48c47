package io.milpnet.formulation.train;

import io.milpnet.formulation.spec.Shape;
import java.util.Map;
import java.util.Objects;

/**
 * Everything about the training MILP that is not the data or the architecture.
 *
 * @param loss the loss
 * @param margin the hinge / 0-1 margin: a sample counts as correct when its true class beats every other by this much
 * @param l1 weight of {@code sum |w|} in the objective
 * @param l0 weight of the number of nonzero weights
 * @param neuronPenalty weight of the number of active hidden units (0: no neuron pruning variables)
 * @param weightBound bound {@code Omega} of continuous (data-fed) weights
 * @param biasBound bound of every bias; NaN means derived per layer from the bounds of its weighted inputs
 * @param gridScale scale of ternary weights of layers fed by hidden activations
 * @param encoding big-M rows or indicator constraints for ReLUs, products and the 0-1 loss
 * @param symmetryBreaking order interchangeable hidden units (masks, then biases)
 * @param firstLayerDomain override of the first layer's weight domain (null: continuous in the weight bound)
 * @param gridBiases biases on the ternary grid of their layer (for brute-force tests), not continuous
 * @param featurePenalty weight of the number of input features the network reads (0: none)
 * @param maxFeatures at most this many input features are read ({@link #NO_BUDGET}: no limit)
 * @param maxNeurons at most this many hidden units are live, over all hidden layers ({@link #NO_BUDGET}: no limit)
 * @param layerPenalty weight of the number of prunable hidden layers kept (0: no layer pruning); a pruned layer is the
 *     identity
 * @param monotone input features (by name) whose growth must never lower (increasing) or raise (decreasing) the
 *     score of class index 1; only for one ReLU hidden layer and one output, where sign output weights make it exact
 * @param filterPenalty weight of the number of active convolution filters (0: no filter pruning variables)
 * @param inputShape the data as {@code CxHxW} images for convolution and pooling (null: a flat feature vector)
 * @param hiddenDomain the weight grid of layers fed by hidden units (null: ternary with {@code gridScale})
 * @param implications activation implications between hidden ReLU units on the training samples
 * @param tightening cuts, stronger formulations and bound tightening beyond the plain big-M rows
 */
public record TrainingConfig(
    LossKind loss,
    double margin,
    double l1,
    double l0,
    double neuronPenalty,
    double weightBound,
    double biasBound,
    double gridScale,
    Encoding encoding,
    boolean symmetryBreaking,
    WeightDomain firstLayerDomain,
    boolean gridBiases,
    double featurePenalty,
    int maxFeatures,
    int maxNeurons,
    double layerPenalty,
    Map<String, Monotone> monotone,
    double filterPenalty,
    Shape inputShape,
    WeightDomain hiddenDomain,
    java.util.List<Implication> implications,
    Tightening tightening) {

  public static final double DEFAULT_MARGIN = 0.5;
  public static final double DEFAULT_WEIGHT_BOUND = 1.0;
  /** The value of {@code maxFeatures} and {@code maxNeurons} that sets no budget. */
  public static final int NO_BUDGET = Integer.MAX_VALUE;

  public TrainingConfig {
    Objects.requireNonNull(loss, "loss");
    Objects.requireNonNull(encoding, "encoding");
    tightening = tightening == null ? Tightening.defaults() : tightening;
    monotone = Map.copyOf(monotone == null ? Map.of() : monotone);
    implications = java.util.List.copyOf(implications == null ? java.util.List.of() : implications);
    requireNonNegative(l1, "--l1");
    requireNonNegative(l0, "--l0");
    requireNonNegative(neuronPenalty, "--neuron-penalty");
    requireNonNegative(featurePenalty, "--feature-penalty");
    requireNonNegative(layerPenalty, "--layer-penalty");
    requireNonNegative(filterPenalty, "--filter-penalty");
    if (hiddenDomain instanceof WeightDomain.Continuous || hiddenDomain instanceof WeightDomain.Sign) {
      throw new IllegalArgumentException("the weights of layers fed by hidden units need a grid: ternary or"
          + " integer:K");
    }
    if (maxFeatures < 1) {
      throw new IllegalArgumentException("--max-features must be at least 1, got " + maxFeatures);
    }
    if (maxNeurons < 1) {
      throw new IllegalArgumentException("--max-neurons must be at least 1, got " + maxNeurons);
    }
    if (!(margin > 0) || Double.isInfinite(margin)) {
      throw new IllegalArgumentException("--margin must be a positive number, got " + margin);
    }
    if (!(weightBound > 0) || Double.isInfinite(weightBound)) {
      throw new IllegalArgumentException("--weight-bound must be a positive number, got " + weightBound);
    }
    if (!Double.isNaN(biasBound) && (!(biasBound >= 0) || Double.isInfinite(biasBound))) {
      throw new IllegalArgumentException("--bias-bound must be a finite number >= 0, got " + biasBound);
    }
    if (!(gridScale > 0) || Double.isInfinite(gridScale)) {
      throw new IllegalArgumentException("--grid-scale must be a positive number, got " + gridScale);
    }
  }

  public static TrainingConfig defaults() {
    return new TrainingConfig(LossKind.HINGE, DEFAULT_MARGIN, 0, 0, 0, DEFAULT_WEIGHT_BOUND, Double.NaN, 1.0,
        Encoding.BIG_M, true, null, false, 0, NO_BUDGET, NO_BUDGET, 0, Map.of(), 0, null, null, java.util.List.of(),
        Tightening.defaults());
  }

  /** Neuron masks exist when live units are penalised or budgeted. */
  public boolean pruneNeurons() {
    return neuronPenalty > 0 || maxNeurons != NO_BUDGET;
  }

  /** Feature masks exist when read features are penalised or budgeted. */
  public boolean selectFeatures() {
    return featurePenalty > 0 || maxFeatures != NO_BUDGET;
  }

  public TrainingConfig withLoss(LossKind v) {
    return copy(c -> c.loss = v);
  }

  public TrainingConfig withMargin(double v) {
    return copy(c -> c.margin = v);
  }

  public TrainingConfig withL1(double v) {
    return copy(c -> c.l1 = v);
  }

  public TrainingConfig withL0(double v) {
    return copy(c -> c.l0 = v);
  }

  public TrainingConfig withNeuronPenalty(double v) {
    return copy(c -> c.neuronPenalty = v);
  }

  public TrainingConfig withWeightBound(double v) {
    return copy(c -> c.weightBound = v);
  }

  public TrainingConfig withBiasBound(double v) {
    return copy(c -> c.biasBound = v);
  }

  public TrainingConfig withGridScale(double v) {
    return copy(c -> c.gridScale = v);
  }

  public TrainingConfig withEncoding(Encoding v) {
    return copy(c -> c.encoding = v);
  }

  public TrainingConfig withSymmetryBreaking(boolean v) {
    return copy(c -> c.symmetryBreaking = v);
  }

  public TrainingConfig withFirstLayerDomain(WeightDomain v) {
    return copy(c -> c.firstLayerDomain = v);
  }

  public TrainingConfig withGridBiases(boolean v) {
    return copy(c -> c.gridBiases = v);
  }

  public TrainingConfig withFeaturePenalty(double v) {
    return copy(c -> c.featurePenalty = v);
  }

  public TrainingConfig withMaxFeatures(int v) {
    return copy(c -> c.maxFeatures = v);
  }

  public TrainingConfig withMaxNeurons(int v) {
    return copy(c -> c.maxNeurons = v);
  }

  public TrainingConfig withLayerPenalty(double v) {
    return copy(c -> c.layerPenalty = v);
  }

  public TrainingConfig withMonotone(Map<String, Monotone> v) {
    return copy(c -> c.monotone = v);
  }

  public TrainingConfig withFilterPenalty(double v) {
    return copy(c -> c.filterPenalty = v);
  }

  public TrainingConfig withInputShape(Shape v) {
    return copy(c -> c.inputShape = v);
  }

  public TrainingConfig withHiddenDomain(WeightDomain v) {
    return copy(c -> c.hiddenDomain = v);
  }

  public TrainingConfig withImplications(java.util.List<Implication> v) {
    return copy(c -> c.implications = v);
  }

  public TrainingConfig withTightening(Tightening v) {
    return copy(c -> c.tightening = v);
  }

  /** A copy with some components changed: {@code copy(c -> c.margin = 1.0)}. */
  private TrainingConfig copy(java.util.function.Consumer<Components> change) {
    Components c = new Components(this);
    change.accept(c);
    return c.build();
  }

  /** The components as mutable fields, for {@link #copy}. */
  private static final class Components {
    LossKind loss;
    double margin;
    double l1;
    double l0;
    double neuronPenalty;
    double weightBound;
    double biasBound;
    double gridScale;
    Encoding encoding;
    boolean symmetryBreaking;
    WeightDomain firstLayerDomain;
    boolean gridBiases;
    double featurePenalty;
    int maxFeatures;
    int maxNeurons;
    double layerPenalty;
    Map<String, Monotone> monotone;
    double filterPenalty;
    Shape inputShape;
    WeightDomain hiddenDomain;
    java.util.List<Implication> implications;
    Tightening tightening;

    Components(TrainingConfig t) {
      loss = t.loss;
      margin = t.margin;
      l1 = t.l1;
      l0 = t.l0;
      neuronPenalty = t.neuronPenalty;
      weightBound = t.weightBound;
      biasBound = t.biasBound;
      gridScale = t.gridScale;
      encoding = t.encoding;
      symmetryBreaking = t.symmetryBreaking;
      firstLayerDomain = t.firstLayerDomain;
      gridBiases = t.gridBiases;
      featurePenalty = t.featurePenalty;
      maxFeatures = t.maxFeatures;
      maxNeurons = t.maxNeurons;
      layerPenalty = t.layerPenalty;
      monotone = t.monotone;
      filterPenalty = t.filterPenalty;
      inputShape = t.inputShape;
      hiddenDomain = t.hiddenDomain;
      implications = t.implications;
      tightening = t.tightening;
    }

    TrainingConfig build() {
      return new TrainingConfig(loss, margin, l1, l0, neuronPenalty, weightBound, biasBound, gridScale, encoding,
          symmetryBreaking, firstLayerDomain, gridBiases, featurePenalty, maxFeatures, maxNeurons, layerPenalty,
          monotone, filterPenalty, inputShape, hiddenDomain, implications, tightening);
    }
  }

  /** Filter masks exist when active convolution filters are penalised. */
  public boolean pruneFilters() {
    return filterPenalty > 0;
  }

  /** Layer switches exist when kept layers are penalised. */
  public boolean pruneLayers() {
    return layerPenalty > 0;
  }

  private static void requireNonNegative(double v, String flag) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(flag + " must be a finite number >= 0, got " + v);
    }
  }
}
