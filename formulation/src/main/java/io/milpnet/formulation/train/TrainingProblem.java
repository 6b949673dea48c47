package io.milpnet.formulation.train;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Sense;
import io.milpnet.core.model.Var;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.encode.BinaryProductFormulation;
import io.milpnet.formulation.encode.ReluBigMFormulation;
import io.milpnet.formulation.encode.ReluFormulation;
import io.milpnet.formulation.encode.ReluIndicatorFormulation;
import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.layer.conv.ConvKind;
import io.milpnet.formulation.layer.dense.DenseSpec;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.spec.ArchitectureParser;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.spec.Shape;
import io.milpnet.formulation.verify.BoundMethod;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The exact training MILP: network parameters, ReLU phases, pruning masks and losses of every training sample in one
 * model, with the objective {@code loss + l1 sum|w| + l0 #(w != 0) + neuronPenalty #(live hidden units)}.
 *
 * <p>Weight domains: the first layer (fed by data) has continuous weights in {@code [-Omega, Omega]}. With one ReLU
 * hidden layer and one output the output weights are signs, which loses nothing (ReLU homogeneity). Every other layer
 * fed by hidden activations has ternary weights {@code s * {-1,0,1}} with exact products. {@link #exactness()} states
 * this per layer.
 */
public final class TrainingProblem {
  private final TrainingData data;
  private final TrainingConfig config;
  private final Model model;
  private final List<EncodedLayer> layers = new ArrayList<>();
  private final EncodedLoss loss;
  private final List<LayerExactness> exactness = new ArrayList<>();
  /** Feature masks: f_k = 0 zeroes every first-layer weight of input feature k (null without feature selection). */
  private Var[] featureMasks;
  private LipschitzCuts.Stats lipschitz;
  /** The loss's linear rows: indices from (inclusive) to (exclusive). */
  private int[] lossRows;
  private final MonotoneConstraint monotone;
  private final ImplicationConstraint implications;
  private final AnchorConstraint anchors;
  /** LP-based bound tightening (null with interval bounds). */
  private TrainingBounds bounds;
  /** Reference ranges that restrict the hidden pre-activations (null: the whole problem). */
  private final ActivationRanges restriction;
  private final WeightDomainPolicy domains;

  private TrainingProblem(TrainingData data, List<LayerSpec> hidden, TrainingConfig config, SolverBackend lpSolver,
      ActivationRanges restriction) {
    this.data = data;
    this.config = config;
    this.restriction = restriction;
    this.domains = new WeightDomainPolicy(config, restriction);
    this.model = new Model("train");
    Tightening tightening = config.tightening();
    if (tightening.bounds() == BoundMethod.LP) {
      if (lpSolver == null) {
        throw new IllegalArgumentException("LP-based bounds (--bounds lp) need an LP solver");
      }
      bounds = new TrainingBounds(lpSolver, tightening.lpBoundSeconds(), tightening.lpThreads());
    }
    ReluFormulation relu = tightening.reluPartitions() > 0
        ? new io.milpnet.formulation.encode.ReluPartitionFormulation(tightening.reluPartitions())
        : config.encoding() == Encoding.INDICATOR ? new ReluIndicatorFormulation() : new ReluBigMFormulation();
    BinaryProductFormulation products = new BinaryProductFormulation(config.encoding() == Encoding.INDICATOR);

    List<LayerSpec> specs = new ArrayList<>(hidden);
    specs.add(new DenseSpec(data.outputs(), Activation.LINEAR));
    List<Shape> shapes = new ArchitectureParser().shapes(specs, config.inputShape(), data.features());
    boolean signOutput = WeightDomainPolicy.signOutput(data, hidden);

    LayerSignals signals = dataSignals();
    LinearExpr.Builder structure = LinearExpr.builder();
    if (config.selectFeatures()) {
      featureMasks = StructureRows.featureMasks(model, data, config, specs.get(0), structure);
      signals = new LayerSignals(signals.signals(), featureMasks);
    }
    if (config.pruneFilters() && hidden.stream().noneMatch(ConvKind::isConv)) {
      throw new IllegalArgumentException("--filter-penalty needs a convolution in --arch (e.g. conv:2@3x3)");
    }
    LayerAssembly assembly = new LayerAssembly(model, config, domains, bounds, restriction, relu, products,
        signOutput, java.util.Collections.unmodifiableList(layers), exactness);
    for (int s = 0; s < specs.size(); s++) {
      LayerSpec spec = specs.get(s);
      if (!spec.hasLayer()) {
        continue; // values are stored flat: nothing to encode
      }
      EncodedLayer encoded = assembly.encode(spec, layers.size() + 1, shapes.get(s), s < specs.size() - 1, signals);
      layers.add(encoded);
      signals = encoded.output;
    }
    monotone = new MonotoneConstraint(config.monotone(), data.featureNames(), layers);
    if (!config.monotone().isEmpty()) {
      if (!signOutput) {
        throw new IllegalArgumentException("monotone constraints need one ReLU hidden layer and two classes (one"
            + " score with sign output weights), where they are exact; this network has " + (layers.size() - 1)
            + " hidden layer(s) and " + data.outputs() + " output(s)");
      }
      monotone.encode(model, null);
    }
    implications = new ImplicationConstraint(config.implications(), layers, data.rows());
    implications.encode(model, null);
    if (config.pruneLayers() && layers.stream().noneMatch(EncodedLayer::followsInputOrder)) {
      throw new IllegalArgumentException("--layer-penalty needs a ReLU hidden layer fed by a ReLU hidden layer of the"
          + " same width (e.g. --arch dense:3,dense:3) and --grid-scale 1: a pruned layer becomes the identity");
    }
    StructureRows.neuronBudget(model, layers, config);
    loss = new EncodedLoss(config.loss(), config.margin(), data.outputKind(), data.y(), data.outputs(),
        data.targets());
    int lossFrom = model.numConstraints();
    loss.encode(model, Arrays.copyOf(signals.signals(), data.samples()), config.encoding());
    lossRows = new int[] {lossFrom, model.numConstraints()};
    anchors = new AnchorConstraint(data);
    anchors.encode(model, signals.signals());
    lipschitz = LipschitzCuts.add(model, data, layers, config.margin(), config.tightening().lipschitzNeighbours(),
        config.tightening().structureCuts() && (config.l0() > 0 || config.l1() > 0 || config.pruneNeurons()));

    LinearExpr.Builder objective = LinearExpr.builder().add(loss.objective).add(structure.build());
    for (EncodedLayer layer : layers) {
      objective.add(layer.regularisation);
    }
    model.setObjective(Sense.MINIMIZE, objective.build());
  }

  /** The domain constraints of the configuration (monotone, implications, anchors), in the audit's order. */
  List<DomainConstraint> constraints() {
    return List.of(anchors, implications, monotone);
  }

  /** The network keeps every implication on the training samples (the audit's and brute-force tests' filter). */
  public boolean satisfiesImplications(TrainedNetwork network, double tolerance) {
    return implications.violations(network, tolerance).isEmpty();
  }

  /** The network predicts every anchor as its class (the brute-force tests' filter). */
  public boolean predictsAnchors(TrainedNetwork network) {
    return anchors.holdsWithGaps(network);
  }

  /** The network satisfies the monotone constraints unit by unit (the brute-force tests' filter). */
  public boolean monotoneAsConstrained(TrainedNetwork network) {
    return monotone.holds(network);
  }

  /** Builds the MILP for the given training data, hidden layers (the output layer is added) and configuration. */
  public static TrainingProblem build(TrainingData data, List<LayerSpec> hidden, TrainingConfig config) {
    return new TrainingProblem(data, hidden, config, null, null);
  }

  /** The problem, with {@code lpSolver} for LP-based bound tightening ({@link Tightening#bounds()}; may be null). */
  public static TrainingProblem build(TrainingData data, List<LayerSpec> hidden, TrainingConfig config,
      SolverBackend lpSolver) {
    return new TrainingProblem(data, hidden, config, lpSolver, null);
  }

  /**
   * The problem restricted to {@code ranges} (see {@link ActivationRanges}): a solve of its model proves nothing about
   * the whole problem. {@code ranges} must come from a network of this architecture on these data.
   */
  public static TrainingProblem build(TrainingData data, List<LayerSpec> hidden, TrainingConfig config,
      SolverBackend lpSolver, ActivationRanges ranges) {
    return new TrainingProblem(data, hidden, config, lpSolver, ranges);
  }

  /** The reference ranges the model is restricted to, or null when it is the whole problem. */
  public ActivationRanges restriction() {
    return restriction;
  }

  /** Rows that hold the {@link #restriction()} (0 without one). */
  public int restrictionRows() {
    int n = 0;
    for (EncodedLayer layer : layers) {
      n += layer.restrictionRows;
    }
    return n;
  }

  public Model model() {
    return model;
  }

  /** The loss part of the objective (the sum of the rows' loss variables). */
  LinearExpr lossObjective() {
    return loss.objective;
  }

  /** The loss's linear rows of {@link #model()}: indices from (inclusive) to (exclusive). */
  int[] lossRows() {
    return lossRows.clone();
  }

  public TrainingData data() {
    return data;
  }

  public TrainingConfig config() {
    return config;
  }

  /**
   * The binaries of sample (or anchor) row i: its activation pattern in every layer and its 0-1 loss indicator. Fixing
   * them for every row leaves the parameters' problem for that pattern.
   */
  public List<Var> sampleBinaries(int i) {
    List<Var> out = new ArrayList<>();
    for (EncodedLayer layer : layers) {
      out.addAll(layer.sampleBinaries(i));
    }
    if (i < data.samples() && loss.perSample[i] != null && model.varType(loss.perSample[i].index()).isIntegral()) {
      out.add(loss.perSample[i]);
    }
    return out;
  }

  /** Hidden units a local search can re-optimise one at a time ({@link SearchUnits}). */
  List<int[]> searchableUnits() {
    return SearchUnits.of(layers);
  }

  /** The variables of one searchable unit ({@link SearchUnits}). */
  java.util.Set<Var> unitVariables(int l, int j) {
    return SearchUnits.variables(layers, rows(), l, j);
  }

  /** Rows the model encodes: the training samples, then the anchors. */
  public int rows() {
    return data.rows().length;
  }

  List<EncodedLayer> encodedLayers() {
    return List.copyOf(layers);
  }

  EncodedLoss loss() {
    return loss;
  }

  public List<LayerExactness> exactness() {
    return List.copyOf(exactness);
  }

  /** Pre-activations whose bounds the LP-based tightening improved (0 with interval bounds). */
  public int lpTightenedBounds() {
    return bounds == null ? 0 : bounds.tightened();
  }

  /** LPs solved for bound tightening. */
  public int boundLpSolves() {
    return bounds == null ? 0 : bounds.lpSolves();
  }

  /**
   * Per encoded layer (in order; pooling layers have none): activation pieces over all samples that the bounds
   * prove stable, and those left with a phase binary, as {@code {stable, unstable}}.
   */
  public List<int[]> stabilityByLayer() {
    List<int[]> out = new ArrayList<>();
    for (EncodedLayer layer : layers) {
      out.add(new int[] {layer.stable(), layer.unstable()});
    }
    return out;
  }

  /** Pairs of samples that got cross-sample Lipschitz cuts. */
  public int lipschitzPairs() {
    return lipschitz.pairs();
  }

  /** The output variables the structure-aware Lipschitz rows read, per sample and output (null where none). */
  Var[][] lipschitzScores() {
    return lipschitz.scores();
  }

  /** Variables the Lipschitz rows define as sums of others (start values evaluate them). */
  List<LipschitzCuts.Defined> lipschitzSums() {
    return lipschitz.sums();
  }

  /** Of the {@link #lipschitzRows()}, the structure-aware ones ({@link Tightening#structureCuts()}). */
  public int lipschitzStructureRows() {
    return lipschitz.structureRows();
  }

  /** Rows of the cross-sample Lipschitz cuts. */
  public int lipschitzRows() {
    return lipschitz.rows();
  }

  /** Why no Lipschitz cut was added ("" when some were). */
  public String lipschitzNote() {
    return lipschitz.note();
  }

  /** Number of activation pieces (ReLUs, hard-tanh halves, steps) the bounds proved stable, over all samples. */
  public int stableRelus() {
    int n = 0;
    for (EncodedLayer layer : layers) {
      n += layer.stable();
    }
    return n;
  }

  private LayerSignals dataSignals() {
    double[][] rows = data.rows();
    Signal[][] s = new Signal[rows.length][data.features()];
    for (int i = 0; i < rows.length; i++) {
      for (int k = 0; k < data.features(); k++) {
        s[i][k] = Signal.constant(rows[i][k]);
      }
    }
    return new LayerSignals(s, null);
  }

  /** Bias bounds of the trainable layers, in order. */
  List<Double> biasBounds() {
    return domains.biasBounds();
  }

  /** The weight domain of every layer of the architecture, before any model is built ({@link WeightDomainPolicy}). */
  static List<WeightDomain> weightDomains(TrainingData data, List<LayerSpec> hidden, TrainingConfig config) {
    return WeightDomainPolicy.weightDomains(data, hidden, config);
  }

  /** The network the solution describes ({@link SolutionDecoder}). */
  public TrainedNetwork decode(double[] values) {
    return new SolutionDecoder(layers, data).decode(values);
  }

  /**
   * Audits a solution against the double forward pass of its decoded network ({@link SolutionAudit}); {@code
   * tolerance} is absolute for values up to 1 and relative above.
   */
  public DecodeReport check(double[] values, TrainedNetwork network, double tolerance) {
    return new SolutionAudit(this).check(values, network, tolerance);
  }

  /** The regularisation part of the objective for a decoded network ({@link ObjectivePricing}). */
  double regularisationOf(TrainedNetwork network, double[] values) {
    return pricing().regularisationOf(network, values);
  }

  /**
   * The objective of a network of this problem's domains on other rows of the same task ({@code rows}' loss plus this
   * problem's regularisation): a bound of this problem bounds that one too (every loss term is non-negative).
   */
  public double objectiveOn(TrainedNetwork network, TrainingData rows) {
    return pricing().objectiveOn(network, rows);
  }

  /** The composite objective of any network of the right shape, by forward pass (the brute-force tests' oracle). */
  public double objectiveOf(TrainedNetwork network) {
    return pricing().objectiveOf(network);
  }

  private ObjectivePricing pricing() {
    return new ObjectivePricing(layers, data, config, loss, featureMasks);
  }

  /** The network respects the feature and neuron budgets of the configuration (the brute-force tests' filter). */
  public boolean withinBudgets(TrainedNetwork network) {
    return StructureRows.withinBudgets(data, config, network);
  }

  /** Layer {@code l} (0-based) has an on/off switch ({@code --layer-penalty}). */
  boolean switchable(int l) {
    return layers.get(l).followsInputOrder();
  }

  /** Feature k is read when some first-layer weight of it is nonzero. */
  static boolean featureUsed(TrainedNetwork network, int k) {
    return network.layers().get(0).usesInput(k);
  }

  /** A unit is alive when it takes input (a weight or bias) or feeds the next layer. */
  public static boolean isAlive(TrainedNetwork network, int layer, int unit) {
    if (network.layers().get(layer).hasInput(unit)) {
      return true;
    }
    return layer + 1 < network.layers().size() && network.layers().get(layer + 1).usesInput(unit);
  }

  /**
   * The all-zero network in this problem's domains: zero weights and biases, except that sign output weights are +1
   * (or 0 for pruned units). Its loss is the margin for every sample under hinge loss.
   */
  public TrainedNetwork zeroNetwork() {
    List<NetworkLayer> zero = new ArrayList<>();
    for (EncodedLayer encoded : layers) {
      zero.add(encoded.zeroLayer());
    }
    return new TrainedNetwork(data.featureNames(), data.scaler(), zero, data.outputKind(), data.classLabels(),
        data.targetRange());
  }

  /**
   * Values of every model variable that describe the given network (which must lie in this problem's domains): a
   * complete, feasible start for the solver ({@link StartValues}).
   */
  public double[] startValues(TrainedNetwork network) {
    return new StartValues(this, featureMasks).of(network);
  }

  /** Reorders hidden units into the canonical order the symmetry-breaking rows demand ({@link CanonicalOrder}). */
  TrainedNetwork canonicalOrder(TrainedNetwork network) {
    return CanonicalOrder.of(layers, network);
  }

  /** Bounds of every output signal (for reports and tests). */
  public Interval outputBounds(int sample, int output) {
    return layers.get(layers.size() - 1).output.signals()[sample][output].bounds();
  }
}
