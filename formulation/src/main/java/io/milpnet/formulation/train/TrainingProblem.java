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
import io.milpnet.formulation.network.DenseLayer;
import io.milpnet.formulation.network.ForwardPass;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.spec.Activation;
import io.milpnet.formulation.spec.DenseSpec;
import io.milpnet.formulation.spec.LayerSpec;
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
  private final List<EncodedDenseLayer> layers = new ArrayList<>();
  private final EncodedLoss loss;
  private final List<LayerExactness> exactness = new ArrayList<>();
  /** Feature masks: f_k = 0 zeroes every first-layer weight of input feature k (null without feature selection). */
  private Var[] featureMasks;

  private TrainingProblem(TrainingData data, List<LayerSpec> hidden, TrainingConfig config) {
    this.data = data;
    this.config = config;
    this.model = new Model("train");
    ReluFormulation relu =
        config.encoding() == Encoding.INDICATOR ? new ReluIndicatorFormulation() : new ReluBigMFormulation();
    BinaryProductFormulation products = new BinaryProductFormulation(config.encoding() == Encoding.INDICATOR);

    List<DenseSpec> specs = new ArrayList<>();
    for (LayerSpec spec : hidden) {
      if (!(spec instanceof DenseSpec dense)) {
        throw new IllegalArgumentException("layer " + spec.token() + " is not supported by the training problem yet");
      }
      specs.add(dense);
    }
    specs.add(new DenseSpec(data.outputs(), Activation.LINEAR));
    boolean signOutput = hidden.size() == 1 && specs.get(0).activation() == Activation.RELU && data.outputs() == 1;

    LayerSignals signals = dataSignals();
    LinearExpr.Builder structure = LinearExpr.builder();
    if (config.selectFeatures()) {
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
    for (int l = 0; l < specs.size(); l++) {
      boolean isHidden = l < specs.size() - 1;
      WeightDomain domain = domainOf(l, signOutput);
      double biasBound = resolveBiasBound(domain, signals);
      EncodedDenseLayer layer = new EncodedDenseLayer(l + 1, specs.get(l), domain, config.gridBiases(), biasBound,
          isHidden, signals.width(), signals.samples());
      // A layer can become the identity when it is a ReLU layer fed by an equal-width ReLU layer (its inputs are
      // non-negative, so relu(h) = h) and the identity weight 1 is on its grid.
      layer.prunable = l > 0 && isHidden && specs.get(l).activation() == Activation.RELU
          && specs.get(l - 1).activation() == Activation.RELU && specs.get(l).units() == specs.get(l - 1).units()
          && domain instanceof WeightDomain.Ternary && domain.maxAbs() == 1.0;
      layer.encode(model, signals, config, relu, products);
      layers.add(layer);
      exactness.add(describe(l, domain, biasBound, signOutput));
      signals = layer.output;
    }
    if (!config.monotone().isEmpty()) {
      addMonotonicity(signOutput);
    }
    if (config.pruneLayers() && layers.stream().noneMatch(layer -> layer.prunable)) {
      throw new IllegalArgumentException("--layer-penalty needs a ReLU hidden layer fed by a ReLU hidden layer of the"
          + " same width (e.g. --arch dense:3,dense:3) and --grid-scale 1: a pruned layer becomes the identity");
    }
    if (config.maxNeurons() != TrainingConfig.NO_BUDGET) {
      LinearExpr.Builder live = LinearExpr.builder();
      int total = 0;
      for (EncodedDenseLayer layer : layers) {
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
    loss = new EncodedLoss(config.loss(), config.margin(), data.outputKind(), data.y(), data.outputs());
    loss.encode(model, Arrays.copyOf(signals.signals(), data.samples()), config.encoding());
    addAnchors(signals.signals());

    LinearExpr.Builder objective = LinearExpr.builder().add(loss.objective).add(structure.build());
    for (EncodedDenseLayer layer : layers) {
      objective.add(layer.regularisation);
    }
    model.setObjective(Sense.MINIMIZE, objective.build());
  }

  /**
   * Monotonicity in feature k: the score is {@code sum_j s_j relu(w_j . x + b_j) + c} with sign output weights s_j,
   * so it never decreases in x_k when every live unit has {@code s_j w_jk >= 0}: {@code w_jk >= -Omega (1 - s+_j)}
   * and {@code w_jk <= Omega (1 - s-_j)} (reversed for decreasing). The constraint guarantees the direction for every
   * input, not only on the data; networks monotone only through cancellations between units are excluded.
   */
  private void addMonotonicity(boolean signOutput) {
    if (!signOutput) {
      throw new IllegalArgumentException("monotone constraints need one ReLU hidden layer and two classes (one score"
          + " with sign output weights), where they are exact; this network has " + (layers.size() - 1)
          + " hidden layer(s) and " + data.outputs() + " output(s)");
    }
    EncodedDenseLayer first = layers.get(0);
    EncodedDenseLayer out = layers.get(1);
    double bound = first.domain.maxAbs();
    for (var e : new java.util.TreeMap<>(config.monotone()).entrySet()) {
      int k = data.featureNames().indexOf(e.getKey());
      if (k < 0) {
        throw new IllegalArgumentException("monotone constraint names feature '" + e.getKey()
            + "', which the data does not have (features: " + String.join(", ", data.featureNames()) + ")");
      }
      boolean increasing = e.getValue() == Monotone.INCREASING;
      for (int j = 0; j < first.units; j++) {
        // With an increasing constraint, a positive output weight needs w >= 0 and a negative one w <= 0.
        Var pos = out.qPos[0][j];
        Var neg = out.qNeg[0][j];
        Var lowerTie = increasing ? pos : neg;
        Var upperTie = increasing ? neg : pos;
        String n = "[" + e.getKey() + ",u" + j + "]";
        LinearExpr w = first.weightExpr(j, k);
        model.addGreaterOrEqual("mono_lb" + n, LinearExpr.builder().add(w).add(-bound, lowerTie).build(), -bound);
        model.addLessOrEqual("mono_ub" + n, LinearExpr.builder().add(w).add(bound, upperTie).build(), bound);
      }
    }
  }

  /**
   * Anchor a must be predicted as class c: with one score, {@code o >= GAP} for class 1 and {@code o <= 0} for
   * class 0; with one output per class, {@code o_c - o_j >= GAP} for j < c and {@code >= 0} for j > c (the forward
   * pass takes the first of equal maxima). {@value #ANCHOR_GAP} stands in for a strict inequality, as for the step
   * activation: a restriction by a sliver, so every solution's forward pass predicts the anchors as asked.
   */
  private void addAnchors(Signal[][] rows) {
    for (int a = 0; a < data.anchors(); a++) {
      Signal[] o = rows[data.samples() + a];
      int c = data.anchorY()[a];
      String n = "[anchor" + (a + 1) + "]";
      if (data.outputKind() == io.milpnet.formulation.network.OutputKind.BINARY_SCORE) {
        if (c == 1) {
          model.addGreaterOrEqual("anchor" + n, o[0].expr(), ANCHOR_GAP);
        } else {
          model.addLessOrEqual("anchor" + n, o[0].expr(), 0.0);
        }
      } else {
        for (int j = 0; j < o.length; j++) {
          if (j != c) {
            model.addGreaterOrEqual("anchor" + n + "[vs" + j + "]", o[c].expr().plus(o[j].expr().times(-1.0)),
                j < c ? ANCHOR_GAP : 0.0);
          }
        }
      }
    }
  }

  static final double ANCHOR_GAP = 1e-4;

  /** The network predicts every anchor as its class (the brute-force tests' filter). */
  public boolean predictsAnchors(TrainedNetwork network) {
    ForwardPass forward = new ForwardPass(network);
    for (int a = 0; a < data.anchors(); a++) {
      double[] o = forward.outputs(data.anchorX()[a]);
      int c = data.anchorY()[a];
      boolean ok;
      if (o.length == 1) {
        ok = c == 1 ? o[0] >= ANCHOR_GAP : o[0] <= 0;
      } else {
        ok = true;
        for (int j = 0; j < o.length; j++) {
          ok &= j == c || o[c] - o[j] >= (j < c ? ANCHOR_GAP : 0.0);
        }
      }
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The network satisfies the monotone constraints unit by unit (the brute-force tests' filter). */
  public boolean monotoneAsConstrained(TrainedNetwork network) {
    DenseLayer first = network.layers().get(0);
    DenseLayer out = network.layers().get(network.layers().size() - 1);
    for (var e : config.monotone().entrySet()) {
      int k = data.featureNames().indexOf(e.getKey());
      double sign = e.getValue() == Monotone.INCREASING ? 1 : -1;
      for (int j = 0; j < first.units(); j++) {
        if (sign * out.weights()[0][j] * first.weights()[j][k] < 0) {
          return false;
        }
      }
    }
    return true;
  }

  /** Builds the MILP for the given training data, hidden layers (the output layer is added) and configuration. */
  public static TrainingProblem build(TrainingData data, List<LayerSpec> hidden, TrainingConfig config) {
    return new TrainingProblem(data, hidden, config);
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

  public List<LayerExactness> exactness() {
    return List.copyOf(exactness);
  }

  /** Number of activation pieces (ReLUs, hard-tanh halves, steps) the bounds proved stable, over all samples. */
  public int stableRelus() {
    int n = 0;
    for (EncodedDenseLayer layer : layers) {
      for (ReluOutput[][] kind : java.util.Arrays.asList(layer.relu, layer.low, layer.high, layer.step)) {
        if (kind == null) {
          continue;
        }
        for (ReluOutput[] row : kind) {
          for (ReluOutput r : row) {
            n += r.phase() == null ? 1 : 0;
          }
        }
      }
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

  private WeightDomain domainOf(int l, boolean signOutput) {
    if (l == 0) {
      return config.firstLayerDomain() != null
          ? config.firstLayerDomain()
          : new WeightDomain.Continuous(config.weightBound());
    }
    return signOutput ? new WeightDomain.Sign() : new WeightDomain.Ternary(config.gridScale());
  }

  /**
   * The bias bound: the configured one, or else the largest magnitude the layer's weighted input sum can reach on
   * the training data ({@code max_i sum_k maxAbs(w) * max|x_ik|}). A larger bias would only make the unit constant
   * over the data; a smaller one would exclude hyperplanes that cut it.
   */
  private double resolveBiasBound(WeightDomain domain, LayerSignals in) {
    if (config.gridBiases()) {
      return domain.maxAbs();
    }
    if (!Double.isNaN(config.biasBound())) {
      return config.biasBound();
    }
    double max = 0;
    for (Signal[] row : in.signals()) {
      double sum = 0;
      for (Signal s : row) {
        sum += s.bounds().magnitude();
      }
      max = Math.max(max, sum);
    }
    return domain.maxAbs() * max;
  }

  private LayerExactness describe(int l, WeightDomain domain, double biasBound, boolean signOutput) {
    String bias = config.gridBiases() ? "ternary{-1,0,1}*" + domain.maxAbs() : "continuous[-" + biasBound + ","
        + biasBound + "]";
    String note;
    if (l == 0) {
      note = "exact: fed by data, so the pre-activation is linear in the weights";
    } else if (domain instanceof WeightDomain.Sign) {
      note = "exact" + (config.firstLayerDomain() == null
          ? ", and no loss of generality: one ReLU hidden layer and one output, so output weight magnitudes move into"
              + " the first layer (positive homogeneity of ReLU)"
          : ": sign weights (the first layer is on a grid, so this restricts the network)");
    } else {
      note = "exact for weights on the grid " + domain.describe()
          + ": each weight-times-activation product is linearised exactly with binaries (a restriction of real"
          + " weights, not a relaxation)";
    }
    return new LayerExactness(l + 1, domain.describe(), bias, true, note);
  }

  // ------------------------------------------------------------------------------------------------- decode

  /** The network the solution describes (weights rounded onto their grids, pruned weights exactly 0). */
  public TrainedNetwork decode(double[] values) {
    List<DenseLayer> decoded = new ArrayList<>();
    for (EncodedDenseLayer layer : layers) {
      decoded.add(layer.decode(values));
    }
    return new TrainedNetwork(data.featureNames(), data.scaler(), decoded, data.outputKind(), data.classLabels());
  }

  /**
   * Audits a solution against the double forward pass of its decoded network, sample by sample: every claimed
   * pre-activation, ReLU phase and activation, every output, the predicted class and the loss. A sample counts once
   * however many of its claims disagree. {@code tolerance} is absolute for values up to 1 and relative above.
   */
  public DecodeReport check(double[] values, TrainedNetwork network, double tolerance) {
    ForwardPass forward = new ForwardPass(network);
    int mismatches = 0;
    List<String> details = new ArrayList<>();
    double forwardLoss = 0;
    int[] predictions = new int[data.samples()];
    for (int i = 0; i < data.samples(); i++) {
      ForwardPass.Trace trace = forward.trace(data.x()[i]);
      String problem = null;
      for (int l = 0; l < layers.size() && problem == null; l++) {
        problem = checkLayer(layers.get(l), i, values, trace.pre()[l], trace.post()[l], tolerance);
      }
      double[] out = trace.post()[layers.size() - 1];
      double[] claimedOut = new double[out.length];
      Signal[] outSignals = layers.get(layers.size() - 1).output.signals()[i];
      for (int c = 0; c < out.length; c++) {
        claimedOut[c] = outSignals[c].expr().evaluate(values);
      }
      predictions[i] = forward.classOf(out);
      int claimedClass = forward.classOf(claimedOut);
      if (problem == null && claimedClass != predictions[i] && decisionMargin(forward, out) > tolerance) {
        problem = "predicted class " + predictions[i] + " but the MILP claims " + claimedClass;
      }
      double sampleLoss = loss.lossOf(out, i);
      forwardLoss += sampleLoss;
      double claimed = loss.claimedLoss(values, i);
      if (problem == null && lossExceedsClaim(out, i, claimed, tolerance)) {
        problem = "forward loss " + sampleLoss + " exceeds the MILP's " + claimed;
      }
      if (problem != null) {
        mismatches++;
        if (details.size() < 10) {
          details.add("sample " + i + ": " + problem);
        }
      }
    }
    for (int a = 0; a < data.anchors(); a++) {
      int predicted = forward.classOf(forward.outputs(data.anchorX()[a]));
      if (predicted != data.anchorY()[a]) {
        mismatches++;
        details.add("anchor " + (a + 1) + " is predicted as class " + predicted + ", not " + data.anchorY()[a]);
      }
    }
    if (!config.monotone().isEmpty() && !monotoneAsConstrained(network)) {
      mismatches++;
      details.add("a hidden unit moves the score against a monotone constraint");
    }
    // A layer the MILP switched off must decode to the identity on its live inputs, or the penalty it saved is a lie.
    for (int l = 0; l < layers.size(); l++) {
      EncodedDenseLayer enc = layers.get(l);
      if (enc.layerSwitch != null && Math.rint(values[enc.layerSwitch.index()]) == 0.0) {
        boolean[] inputAlive = new boolean[enc.inputs];
        for (int k = 0; k < inputAlive.length; k++) {
          inputAlive[k] = enc.inputMasks == null || Math.rint(values[enc.inputMasks[k].index()]) == 1.0;
        }
        if (!enc.isSwitchedOff(network.layers().get(l), inputAlive)) {
          mismatches++;
          details.add("layer " + enc.layer + " is switched off but does not decode to the identity");
        }
      }
    }
    return new DecodeReport(mismatches, details, forwardLoss, forwardLoss + regularisationOf(network, values),
        predictions);
  }

  private String checkLayer(EncodedDenseLayer layer, int i, double[] values, double[] pre, double[] post,
      double tolerance) {
    for (int j = 0; j < layer.units; j++) {
      double claimedPre = layer.pre[i][j].expr().evaluate(values);
      if (!close(claimedPre, pre[j], tolerance)) {
        return "layer " + layer.layer + " unit " + j + " pre-activation " + pre[j] + " vs MILP " + claimedPre;
      }
      double claimedPost = layer.output.signals()[i][j].expr().evaluate(values);
      if (!close(claimedPost, post[j], tolerance)) {
        return "layer " + layer.layer + " unit " + j + " activation " + post[j] + " vs MILP " + claimedPost;
      }
      for (EncodedDenseLayer.Phase p : layer.phases(i, j)) {
        boolean claimedActive = Math.rint(values[p.unit().phase().index()]) == 1.0;
        double shifted = pre[j] - p.threshold();
        if ((claimedActive && shifted < -tolerance) || (!claimedActive && shifted > tolerance)) {
          return "layer " + layer.layer + " unit " + j + " phase " + (claimedActive ? "active" : "inactive")
              + " at " + p.threshold() + " but the pre-activation is " + pre[j];
        }
      }
    }
    return null;
  }

  private boolean lossExceedsClaim(double[] out, int i, double claimed, double tolerance) {
    if (config.loss() == LossKind.HINGE) {
      return loss.lossOf(out, i) > claimed + tolerance * Math.max(1.0, claimed);
    }
    // 0-1: a claim of 0 promises the margin; the forward pass must keep it (within the tolerance).
    return claimed == 0.0 && loss.marginOf(out, i) < config.margin() - tolerance;
  }

  /** How far the forward outputs are from a tie between the predicted class and the runner-up. */
  private static double decisionMargin(ForwardPass forward, double[] out) {
    if (out.length == 1) {
      return Math.abs(out[0]);
    }
    double[] sorted = out.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length - 1] - sorted[sorted.length - 2];
  }

  private static boolean close(double claimed, double actual, double tolerance) {
    return Math.abs(claimed - actual) <= tolerance * Math.max(1.0, Math.abs(actual));
  }

  /** The regularisation part of the objective for a decoded network (masks read from the solution when present). */
  private double regularisationOf(TrainedNetwork network, double[] values) {
    double total = 0;
    if (featureMasks != null) {
      for (int k = 0; k < featureMasks.length; k++) {
        total += config.featurePenalty() * (values == null ? (featureUsed(network, k) ? 1 : 0)
            : Math.rint(values[featureMasks[k].index()]));
      }
    }
    for (int l = 0; l < layers.size(); l++) {
      DenseLayer layer = network.layers().get(l);
      for (double[] row : layer.weights()) {
        for (double w : row) {
          total += config.l1() * Math.abs(w) + (w != 0.0 ? config.l0() : 0.0);
        }
      }
      EncodedDenseLayer enc = layers.get(l);
      if (enc.layerSwitch != null) {
        boolean kept;
        if (values == null) {
          boolean[] inputAlive = new boolean[enc.inputs];
          for (int k = 0; k < inputAlive.length; k++) {
            inputAlive[k] = isAlive(network, l - 1, k);
          }
          kept = !enc.isSwitchedOff(layer, inputAlive);
        } else {
          kept = Math.rint(values[enc.layerSwitch.index()]) == 1.0;
        }
        total += config.layerPenalty() * (kept ? 1 : 0);
      }
      if (enc.masks != null) {
        for (int j = 0; j < enc.units; j++) {
          total += config.neuronPenalty() * (values == null ? (isAlive(network, l, j) ? 1 : 0)
              : Math.rint(values[enc.masks[j].index()]));
        }
      }
    }
    return total;
  }

  /** The composite objective of any network of the right shape, by forward pass (the brute-force tests' oracle). */
  public double objectiveOf(TrainedNetwork network) {
    ForwardPass forward = new ForwardPass(network);
    double total = 0;
    for (int i = 0; i < data.samples(); i++) {
      total += loss.lossOf(forward.outputs(data.x()[i]), i);
    }
    return total + regularisationOf(network, null);
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
    return layers.get(l).layerSwitch != null;
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
    List<DenseLayer> zero = new ArrayList<>();
    for (EncodedDenseLayer layer : layers) {
      double[][] w = new double[layer.units][layer.inputs];
      if (layer.domain instanceof WeightDomain.Sign && layer.inputMasks == null) {
        for (double[] row : w) {
          Arrays.fill(row, 1.0);
        }
      }
      zero.add(new DenseLayer(w, new double[layer.units], layer.spec.activation(), layer.domain.describe()));
    }
    return new TrainedNetwork(data.featureNames(), data.scaler(), zero, data.outputKind(), data.classLabels());
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
      EncodedDenseLayer layer = layers.get(l);
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

  /** Reorders hidden units: live ones first, then by bias descending (stable), permuting the next layer's columns. */
  TrainedNetwork canonicalOrder(TrainedNetwork network) {
    List<DenseLayer> out = new ArrayList<>(network.layers());
    for (int l = 0; l + 1 < out.size(); l++) {
      if (layers.get(l).layerSwitch != null) {
        continue; // a switchable layer has no ordering of its own (it follows its inputs' order, below)
      }
      DenseLayer layer = out.get(l);
      TrainedNetwork current = new TrainedNetwork(network.inputFeatures(), network.scaler(), out,
          network.outputKind(), network.classLabels());
      Integer[] order = new Integer[layer.units()];
      boolean[] alive = new boolean[layer.units()];
      for (int j = 0; j < order.length; j++) {
        order[j] = j;
        alive[j] = isAlive(current, l, j);
      }
      boolean masked = layers.get(l).masks != null;
      Arrays.sort(order, (a, b) -> {
        if (masked && alive[a] != alive[b]) {
          return alive[a] ? -1 : 1;
        }
        return Double.compare(layer.bias()[b], layer.bias()[a]);
      });
      double[][] w = new double[layer.units()][];
      double[] bias = new double[layer.units()];
      for (int j = 0; j < order.length; j++) {
        w[j] = layer.weights()[order[j]].clone();
        bias[j] = layer.bias()[order[j]];
      }
      out.set(l, new DenseLayer(w, bias, layer.activation(), layer.domain()));
      // The next layer's columns follow; an identity layer stays the identity when its units follow too, and so on.
      int cur = l + 1;
      while (true) {
        DenseLayer next = out.get(cur);
        boolean follows = layers.get(cur).layerSwitch != null && next.passesThrough() && cur + 1 < out.size();
        double[][] nw = new double[next.units()][];
        double[] nb = new double[next.units()];
        for (int r = 0; r < next.units(); r++) {
          int row = follows ? order[r] : r;
          nw[r] = new double[order.length];
          for (int j = 0; j < order.length; j++) {
            nw[r][j] = next.weights()[row][order[j]];
          }
          nb[r] = next.bias()[row];
        }
        out.set(cur, new DenseLayer(nw, nb, next.activation(), next.domain()));
        if (!follows) {
          break;
        }
        cur++;
      }
    }
    return new TrainedNetwork(network.inputFeatures(), network.scaler(), out, network.outputKind(),
        network.classLabels());
  }

  /** Bounds of every output signal (for reports and tests). */
  public Interval outputBounds(int sample, int output) {
    return layers.get(layers.size() - 1).output.signals()[sample][output].bounds();
  }
}
