package io.milpnet.formulation.train;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Sense;
import io.milpnet.core.model.Var;
import io.milpnet.core.model.VarType;
import io.milpnet.formulation.encode.BinaryProductFormulation;
import io.milpnet.formulation.encode.ReluBigMFormulation;
import io.milpnet.formulation.encode.ReluFormulation;
import io.milpnet.formulation.encode.ReluIndicatorFormulation;
import io.milpnet.formulation.encode.ReluOutput;
import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.network.ConvLayer;
import io.milpnet.formulation.network.DenseLayer;
import io.milpnet.formulation.network.GateLayer;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.PoolLayer;
import io.milpnet.formulation.network.ForwardPass;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.spec.Activation;
import io.milpnet.formulation.spec.ArchitectureParser;
import io.milpnet.formulation.spec.ConvSpec;
import io.milpnet.formulation.spec.DenseSpec;
import io.milpnet.formulation.spec.FlattenSpec;
import io.milpnet.formulation.spec.GateSpec;
import io.milpnet.formulation.spec.PoolSpec;
import io.milpnet.formulation.spec.Shape;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.verify.BoundMethod;
import io.milpnet.core.solver.SolverBackend;
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
      if (!(specs.get(0) instanceof DenseSpec)) {
        throw new IllegalArgumentException("--feature-penalty and --max-features need a dense first layer (an input"
            + " feature is removed with its outgoing weights; a convolution's kernel weights are shared)");
      }
      featureMasks = new Var[data.features()];
      LinearExpr.Builder count = LinearExpr.builder();
      for (int k = 0; k < featureMasks.length; k++) {
        featureMasks[k] = model.addBinary("f[" + data.featureNames().get(k) + "]", "feature-mask");
        count.add(featureMasks[k]);
        structure.add(config.featurePenalty(), featureMasks[k]);
      }
      if (config.maxFeatures() < data.features()) {
        model.addLessOrEqual("max_features", count.build(), config.maxFeatures());
      }
      signals = new LayerSignals(signals.signals(), featureMasks);
    }
    if (config.pruneFilters() && hidden.stream().noneMatch(l -> l instanceof ConvSpec)) {
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
    if (config.pruneLayers() && denseLayers().stream().noneMatch(layer -> layer.prunable)) {
      throw new IllegalArgumentException("--layer-penalty needs a ReLU hidden layer fed by a ReLU hidden layer of the"
          + " same width (e.g. --arch dense:3,dense:3) and --grid-scale 1: a pruned layer becomes the identity");
    }
    if (config.maxNeurons() != TrainingConfig.NO_BUDGET) {
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
    loss = new EncodedLoss(config.loss(), config.margin(), data.outputKind(), data.y(), data.outputs(),
        data.targets());
    loss.encode(model, Arrays.copyOf(signals.signals(), data.samples()), config.encoding());
    anchors = new AnchorConstraint(data);
    anchors.encode(model, signals.signals());
    lipschitz = LipschitzCuts.add(model, data, layers, config.margin(), config.tightening().lipschitzNeighbours());

    LinearExpr.Builder objective = LinearExpr.builder().add(loss.objective).add(structure.build());
    for (EncodedLayer layer : layers) {
      objective.add(layer.regularisation);
    }
    model.setObjective(Sense.MINIMIZE, objective.build());
  }

  private List<EncodedDenseLayer> denseLayers() {
    List<EncodedDenseLayer> dense = new ArrayList<>();
    for (EncodedLayer layer : layers) {
      if (layer instanceof EncodedDenseLayer d) {
        dense.add(d);
      }
    }
    return dense;
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

  /**
   * Hidden units of dense layers whose outgoing weights sit in the next dense layer: {layer index, unit} pairs, the
   * units a local search can re-optimise one at a time.
   */
  List<int[]> searchableUnits() {
    List<int[]> units = new ArrayList<>();
    for (int l = 0; l + 1 < layers.size(); l++) {
      if (layers.get(l) instanceof EncodedDenseLayer && layers.get(l + 1) instanceof EncodedDenseLayer) {
        for (int j = 0; j < layers.get(l).units; j++) {
          units.add(new int[] {l, j});
        }
      }
    }
    return units;
  }

  /**
   * The variables of one hidden unit of a dense layer: its incoming weights, bias and mask, its outgoing weights in
   * the next layer, and its activation pattern on every row.
   */
  java.util.Set<Var> unitVariables(int l, int j) {
    EncodedDenseLayer own = (EncodedDenseLayer) layers.get(l);
    EncodedDenseLayer next = (EncodedDenseLayer) layers.get(l + 1);
    java.util.Set<Var> vars = new java.util.HashSet<>();
    for (int k = 0; k < own.inputs; k++) {
      vars.addAll(own.weights.vars(own.param(j, k)));
    }
    vars.addAll(own.biases.vars(j));
    if (own.masks != null) {
      vars.add(own.masks[j]);
    }
    for (int r = 0; r < next.units; r++) {
      vars.addAll(next.weights.vars(next.param(r, j)));
    }
    for (int i = 0; i < rows(); i++) {
      for (EncodedActivation.Phase p : own.phases(i, j)) {
        vars.add(p.unit().phase());
      }
      if (own.activation.step != null && own.activation.step[i][j].phase() != null) {
        vars.add(own.activation.step[i][j].phase());
      }
    }
    return vars;
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

  // ------------------------------------------------------------------------------------------------- decode

  /** The network the solution describes (weights rounded onto their grids, pruned weights exactly 0). */
  public TrainedNetwork decode(double[] values) {
    List<NetworkLayer> decoded = new ArrayList<>();
    double[][] in = null;
    for (EncodedLayer layer : layers) {
      NetworkLayer d = layer.decode(values);
      if (layer.activation != null && layer.activation.step != null) {
        if (in == null) {
          in = forwardTo(decoded, data.rows());
        }
        d = snapSteps(layer, d, in, values);
      }
      decoded.add(d);
      if (in != null) {
        for (int i = 0; i < in.length; i++) {
          in[i] = d.outputs(in[i]);
        }
      }
    }
    return new TrainedNetwork(data.featureNames(), data.scaler(), decoded, data.outputKind(), data.classLabels(),
        data.targetRange());
  }

  /** Largest shortfall below 0 of an active step's pre-activation that decoding repairs: a few solver tolerances. */
  static final double STEP_SNAP = 1e-5;

  private static double[][] forwardTo(List<NetworkLayer> layers, double[][] rows) {
    double[][] in = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      double[] x = rows[i];
      for (NetworkLayer l : layers) {
        x = l.outputs(x);
      }
      in[i] = x;
    }
    return in;
  }

  /**
   * A step unit the solution declares active ({@code z = 1 => a >= 0}) may sit a solver tolerance below 0 in the
   * double forward pass, which then outputs 0: each such unit's (or channel's) bias is raised by its largest
   * shortfall, up to {@link #STEP_SNAP}. Inactive units keep {@code a <= -}{@link
   * io.milpnet.formulation.encode.StepFormulation#GAP}, far below the shift, so the repaired network computes exactly
   * what the MILP claims; a larger shortfall is left for the audit to report.
   */
  private static NetworkLayer snapSteps(EncodedLayer layer, NetworkLayer decoded, double[][] in, double[] values) {
    double[] raise = null;
    for (int i = 0; i < in.length; i++) {
      double[] a = decoded.preActivations(in[i]);
      for (int j = 0; j < a.length; j++) {
        io.milpnet.formulation.encode.ReluOutput step = layer.activation.step[i][j];
        boolean active = step.phase() != null ? Math.rint(values[step.phase().index()]) == 1.0
            : step.stability() == io.milpnet.formulation.encode.ReluOutput.Stability.STABLY_ACTIVE;
        if (active && a[j] < 0 && -a[j] <= STEP_SNAP) {
          raise = raise == null ? new double[a.length] : raise;
          raise[j] = Math.max(raise[j], -a[j]);
        }
      }
    }
    return raise == null ? decoded : layer.withRaisedBiases(decoded, raise);
  }

  /**
   * Audits a solution against the double forward pass of its decoded network ({@link SolutionAudit}); {@code
   * tolerance} is absolute for values up to 1 and relative above.
   */
  public DecodeReport check(double[] values, TrainedNetwork network, double tolerance) {
    return new SolutionAudit(this).check(values, network, tolerance);
  }

  /** The regularisation part of the objective for a decoded network (masks read from the solution when present). */
  double regularisationOf(TrainedNetwork network, double[] values) {
    double total = 0;
    if (featureMasks != null) {
      for (int k = 0; k < featureMasks.length; k++) {
        total += config.featurePenalty() * (values == null ? (featureUsed(network, k) ? 1 : 0)
            : Math.rint(values[featureMasks[k].index()]));
      }
    }
    boolean[] inputAlive = null;
    for (int l = 0; l < layers.size(); l++) {
      boolean[] alive = new boolean[layers.get(l).units];
      for (int j = 0; j < alive.length; j++) {
        alive[j] = isAlive(network, l, j);
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
  public double objectiveOn(TrainedNetwork network, TrainingData rows) {
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
  public double objectiveOf(TrainedNetwork network) {
    ForwardPass forward = new ForwardPass(network);
    double[] losses = new double[data.samples()];
    for (int i = 0; i < data.samples(); i++) {
      losses[i] = loss.lossOf(forward.outputs(data.x()[i]), i);
    }
    return loss.total(losses) + regularisationOf(network, null);
  }

  // ------------------------------------------------------------------------------------------------- start values

  /** The network respects the feature and neuron budgets of the configuration (the brute-force tests' filter). */
  public boolean withinBudgets(TrainedNetwork network) {
    int features = 0;
    for (int k = 0; k < data.features(); k++) {
      features += featureUsed(network, k) ? 1 : 0;
    }
    int live = 0;
    for (int l = 0; l + 1 < network.layers().size(); l++) {
      for (int j = 0; j < network.layers().get(l).units(); j++) {
        live += isAlive(network, l, j) ? 1 : 0;
      }
    }
    return features <= config.maxFeatures() && live <= config.maxNeurons();
  }

  /** Layer {@code l} (0-based) has an on/off switch ({@code --layer-penalty}). */
  boolean switchable(int l) {
    return layers.get(l) instanceof EncodedDenseLayer d && d.layerSwitch != null;
  }

  /** Feature k is read when some first-layer weight of it is nonzero. */
  static boolean featureUsed(TrainedNetwork network, int k) {
    return network.layers().get(0).usesInput(k);
  }

  /** A unit is alive when it takes input (a weight or bias) or feeds the next layer. */
  static boolean isAlive(TrainedNetwork network, int layer, int unit) {
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
   * complete, feasible start for the solver. With symmetry breaking on, hidden units are first reordered into the
   * canonical order the symmetry-breaking rows demand (live units first, biases descending); the function is the same.
   */
  public double[] startValues(TrainedNetwork network) {
    if (network.layers().size() != layers.size()) {
      throw new IllegalArgumentException("network has " + network.layers().size() + " layers, the problem "
          + layers.size());
    }
    TrainedNetwork net = config.symmetryBreaking() ? canonicalOrder(network) : network;
    double[] values = new double[model.numVars()];
    Arrays.fill(values, Double.NaN);
    double[][] in = data.rows();
    boolean[] inputAlive = null;
    if (featureMasks != null) {
      inputAlive = new boolean[featureMasks.length];
      int used = 0;
      for (int k = 0; k < featureMasks.length; k++) {
        inputAlive[k] = featureUsed(net, k);
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
        alive[j] = isAlive(net, l, j);
      }
      in = layer.assign(values, net.layers().get(l), in, alive, inputAlive);
      inputAlive = alive;
    }
    loss.assign(values, Arrays.copyOf(in, data.samples()));
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

  /** Reorders hidden units into the canonical order the symmetry-breaking rows demand ({@link CanonicalOrder}). */
  TrainedNetwork canonicalOrder(TrainedNetwork network) {
    return CanonicalOrder.of(layers, network);
  }

  /** Bounds of every output signal (for reports and tests). */
  public Interval outputBounds(int sample, int output) {
    return layers.get(layers.size() - 1).output.signals()[sample][output].bounds();
  }
}
