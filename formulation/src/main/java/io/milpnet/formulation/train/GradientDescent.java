package io.milpnet.formulation.train;

import io.milpnet.formulation.layer.dense.EncodedDenseLayer;
import io.milpnet.formulation.network.Differentiable;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.OutputKind;
import io.milpnet.formulation.network.TrainedNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Minibatch gradient descent on the parameters of a network of a given shape: Adam with a cosine-decayed step size,
 * an optional L2 weight decay, weights that can be held at 0 (pruned), and per-layer domains.
 *
 * <p>A layer's {@link Domain} is {@link Domain#FLOAT} (any real values: the unconstrained network) or a MILP weight
 * domain: continuous weights are projected onto their box after every step; grid weights (sign, ternary, integer)
 * keep a real-valued latent copy that the forward pass rounds onto the grid and the backward pass treats as the
 * identity (the straight-through estimator); biases stay within their bound (or on their grid). Gates of gate layers
 * are not trained: they keep the values they were loaded with (open gates, {@code U = 0, c = 0}, from scratch).
 *
 * <p>Losses: cross-entropy (softmax over the class outputs, or the logistic loss of a single score), the MILP's hinge
 * with a margin, and the absolute error for regression. Everything is deterministic for a given {@link Random}.
 */
public final class GradientDescent {

  /** The training loss. */
  enum Loss {
    /** Softmax cross-entropy over class outputs; the logistic loss of a single score. */
    CROSS_ENTROPY,
    /** The MILP's hinge {@code max(0, margin - min_c (o_y - o_c))}. */
    HINGE,
    /** Regression: {@code |o - t|}. */
    ABSOLUTE
  }

  /**
   * How long and how fast: {@code steps} parameter updates on minibatches of {@code batchSize} samples, Adam's step
   * size {@code learningRate} (with {@code cosine}, decayed from it to 0 on a cosine), and the L2 weight decay
   * {@code weightDecay}: the loss is the mean over the samples plus {@code weightDecay / (2 n) * sum w^2} over the
   * weights of continuous and float layers (the scikit-learn convention, so one value suits data sets of different
   * sizes).
   */
  record Schedule(int steps, double learningRate, int batchSize, double weightDecay, boolean cosine) {
    Schedule {
      if (steps < 1 || batchSize < 1 || !(learningRate > 0) || !(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
        throw new IllegalArgumentException("gradient descent needs steps and a batch size >= 1, a positive step size"
            + " and a finite weight decay >= 0");
      }
    }

    Schedule withSteps(int n) {
      return new Schedule(Math.max(1, n), learningRate, batchSize, weightDecay, cosine);
    }
  }

  /**
   * The values one trainable layer's parameters may take: {@code weights} null for any real value (the float
   * network), else a MILP weight domain; biases within {@code biasBound} (NaN: unbounded) or, with {@code gridBias},
   * on the weights' grid.
   */
  public record Domain(WeightDomain weights, double biasBound, boolean gridBias) {
    static final Domain FLOAT = new Domain(null, Double.NaN, false);

    boolean grid() {
      return weights != null && !(weights instanceof WeightDomain.Continuous);
    }

    String describe() {
      return weights == null ? "float" : weights.describe();
    }
  }

  private final TrainedNetwork template;
  private static final double[] NONE = new double[0];

  /** Per layer, its kind's passes, holding what is not trained (a gate layer's gates). */
  private final Differentiable[] passes;
  /** Per layer, its trained parameters, or null for a layer without any (pooling). */
  private final Params[] params;
  private final OutputKind outputKind;

  /**
   * @param template a network of the wanted shape (its values are loaded as the starting point)
   * @param domains one per layer of the template: the domain of each layer with weights (entries of layers without
   *     weights are ignored)
   */
  GradientDescent(TrainedNetwork template, List<Domain> domains) {
    if (domains.size() != template.layers().size()) {
      throw new IllegalArgumentException(domains.size() + " domains for " + template.layers().size() + " layers");
    }
    this.template = template;
    this.outputKind = template.outputKind();
    params = new Params[template.layers().size()];
    passes = new Differentiable[params.length];
    for (int l = 0; l < params.length; l++) {
      passes[l] = template.layers().get(l).differentiable();
      params[l] = Params.of(passes[l], domains.get(l));
    }
    load(template);
  }

  /** Every layer of the template as a float layer. */
  static List<Domain> floatDomains(TrainedNetwork template) {
    List<Domain> d = new ArrayList<>();
    for (int l = 0; l < template.layers().size(); l++) {
      d.add(Domain.FLOAT);
    }
    return d;
  }

  /** Random weights (Glorot-uniform: {@code U(-r, r)}, {@code r = sqrt(6 / (fanIn + fanOut))}), biases 0.01. */
  void initialise(Random random) {
    for (Params p : params) {
      if (p == null) {
        continue;
      }
      double r = Math.sqrt(6.0 / (p.fanIn + p.fanOut));
      double bias = 0.01;
      if (p.domain.weights() != null) {
        // In a domain from scratch: latent grid values span the grid, continuous ones stay in their box (He-style
        // range over the fan-in), biases start at 0.
        r = p.domain.grid() ? p.domain.weights().maxAbs()
            : Math.min(p.domain.weights().maxAbs(), Math.sqrt(6.0 / Math.max(1, p.fanIn)));
        bias = 0.0;
      }
      for (int q = 0; q < p.w.length; q++) {
        p.w[q] = p.wFixed[q] ? 0.0 : (random.nextDouble() * 2 - 1) * r;
      }
      for (int q = 0; q < p.b.length; q++) {
        p.b[q] = p.bFixed[q] ? 0.0 : bias;
      }
      p.resetMoments();
      p.round();
    }
  }

  /** Latent values from a network of the template's shape (gates included). */
  void load(TrainedNetwork network) {
    if (network.layers().size() != params.length) {
      throw new IllegalArgumentException("network has " + network.layers().size() + " layers, expected "
          + params.length);
    }
    for (int l = 0; l < params.length; l++) {
      Differentiable pass = network.layers().get(l).differentiable();
      if (pass.weightCount() != passes[l].weightCount() || pass.biasCount() != passes[l].biasCount()) {
        throw new IllegalArgumentException("layer " + (l + 1) + "'s shape differs from the template");
      }
      passes[l] = pass;
      if (params[l] != null) {
        params[l].load(pass);
      }
    }
  }

  /**
   * Holds every weight whose latent value is exactly 0 at 0 from here on: the pruned weights of a loaded network
   * (a grid weight that merely rounds to 0 stays free).
   */
  void fixLatentZeros() {
    for (Params p : params) {
      if (p != null) {
        for (int q = 0; q < p.w.length; q++) {
          if (p.w[q] == 0.0) {
            p.wFixed[q] = true;
          }
        }
        p.round();
      }
    }
  }

  /**
   * Trains on the given rows and returns the final training objective (mean loss, plus the weight decay term).
   *
   * @param y class indices (classification), or null
   * @param targets regression targets (scaled), or null
   */
  double fit(double[][] x, int[] y, double[] targets, Loss loss, double margin, Schedule schedule, Random random) {
    int n = x.length;
    if (n == 0) {
      throw new IllegalArgumentException("no training rows");
    }
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Workspace ws = new Workspace();
    int batch = Math.min(schedule.batchSize(), n);
    int pos = n;
    for (int t = 1; t <= schedule.steps(); t++) {
      int from = pos;
      if (from + batch > n) {
        shuffle(order, random);
        from = 0;
      }
      pos = from + batch;
      for (int s = from; s < pos; s++) {
        backward(ws, x[order[s]], y == null ? 0 : y[order[s]], targets == null ? 0 : targets[order[s]], loss,
            margin, 1.0 / batch);
      }
      double lr = schedule.cosine()
          ? schedule.learningRate() * 0.5 * (1 + Math.cos(Math.PI * (t - 1) / schedule.steps()))
          : schedule.learningRate();
      for (Params p : params) {
        if (p != null) {
          p.step(lr, t, schedule.weightDecay() / n);
        }
      }
    }
    return objective(x, y, targets, loss, margin, schedule.weightDecay());
  }

  /** The mean loss over the rows plus {@code weightDecay / (2n) sum w^2} of the decayed weights. */
  double objective(double[][] x, int[] y, double[] targets, Loss loss, double margin, double weightDecay) {
    Workspace ws = new Workspace();
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      double[] o = forward(ws, x[i]);
      total += lossValue(o, y == null ? 0 : y[i], targets == null ? 0 : targets[i], loss, margin);
    }
    double decay = 0;
    for (Params p : params) {
      if (p != null && !p.domain.grid()) {
        for (double w : p.w) {
          decay += w * w;
        }
      }
    }
    return total / x.length + weightDecay / (2.0 * x.length) * decay;
  }

  /** The network with the current parameters in their domains (grid weights rounded, boxes respected). */
  TrainedNetwork network() {
    List<NetworkLayer> layers = new ArrayList<>();
    for (int l = 0; l < params.length; l++) {
      layers.add(params[l] == null ? template.layers().get(l)
          : passes[l].with(params[l].wq, params[l].bq, params[l].domain.describe()));
    }
    return new TrainedNetwork(template.inputFeatures(), template.scaler(), layers, template.outputKind(),
        template.classLabels(), template.targetRange());
  }

  // ------------------------------------------------------------------------------------------------- passes

  /** Per-call buffers: every layer's inputs, pre-activations, memos (max-pool winners, open gates) and gradients. */
  private final class Workspace {
    final double[][] in = new double[params.length + 1][];
    final double[][] pre = new double[params.length][];
    final int[][] memo = new int[params.length][];
    final double[][] back = new double[params.length][];

    Workspace() {
      for (int l = 0; l < params.length; l++) {
        NetworkLayer shape = template.layers().get(l);
        in[l + 1] = new double[shape.units()];
        pre[l] = new double[shape.units()];
        back[l] = new double[shape.inputs()];
        memo[l] = passes[l].newMemo();
      }
    }
  }

  private double[] forward(Workspace ws, double[] x) {
    ws.in[0] = x;
    for (int l = 0; l < params.length; l++) {
      Params p = params[l];
      passes[l].forward(p == null ? NONE : p.wq, p == null ? NONE : p.bq, ws.in[l], ws.pre[l], ws.in[l + 1],
          ws.memo[l]);
    }
    return ws.in[params.length];
  }

  /** Forward pass of one sample, then its loss gradient (times {@code scale}) added to every parameter's gradient. */
  private void backward(Workspace ws, double[] x, int y, double target, Loss loss, double margin, double scale) {
    double[] out = forward(ws, x);
    double[] delta = lossGradient(out, y, target, loss, margin);
    if (delta == null) {
      return;
    }
    for (int l = params.length - 1; l >= 0; l--) {
      Params p = params[l];
      double[] back = ws.back[l];
      Arrays.fill(back, 0.0);
      passes[l].backward(p == null ? NONE : p.wq, p == null ? NONE : p.bq, ws.in[l], ws.pre[l], delta, scale,
          p == null ? NONE : p.gw, p == null ? NONE : p.gb, back, ws.memo[l]);
      delta = back;
    }
  }

  /** d(loss)/d(outputs) of one sample, or null where it is 0. */
  private double[] lossGradient(double[] out, int y, double target, Loss loss, double margin) {
    if (loss == Loss.ABSOLUTE || outputKind == OutputKind.REGRESSION) {
      double diff = out[0] - target;
      return diff == 0.0 ? null : new double[] {Math.signum(diff)};
    }
    double[] g = new double[out.length];
    if (loss == Loss.CROSS_ENTROPY) {
      if (outputKind == OutputKind.BINARY_SCORE) {
        g[0] = sigmoid(out[0]) - y;
        return g;
      }
      double[] p = softmax(out);
      for (int c = 0; c < out.length; c++) {
        g[c] = p[c] - (c == y ? 1.0 : 0.0);
      }
      return g;
    }
    if (outputKind == OutputKind.BINARY_SCORE) {
      double d = y == 1 ? out[0] : -out[0];
      if (d >= margin) {
        return null;
      }
      g[0] = y == 1 ? -1.0 : 1.0;
      return g;
    }
    int worst = -1;
    for (int c = 0; c < out.length; c++) {
      if (c != y && (worst < 0 || out[c] > out[worst])) {
        worst = c;
      }
    }
    if (out[y] - out[worst] >= margin) {
      return null;
    }
    g[y] = -1.0;
    g[worst] = 1.0;
    return g;
  }

  /**
   * Minus the log-likelihood of class {@code y} under the outputs as logits: softmax, or for one binary score the
   * logistic function (class 1 when positive); computed without overflow.
   */
  static double crossEntropy(double[] out, int y) {
    if (out.length == 1) {
      double z = y == 1 ? out[0] : -out[0];
      return z > 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z));
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double o : out) {
      max = Math.max(max, o);
    }
    double sum = 0;
    for (double o : out) {
      sum += Math.exp(o - max);
    }
    return max + Math.log(sum) - out[y];
  }

  private double lossValue(double[] out, int y, double target, Loss loss, double margin) {
    if (loss == Loss.ABSOLUTE || outputKind == OutputKind.REGRESSION) {
      return Math.abs(out[0] - target);
    }
    if (loss == Loss.CROSS_ENTROPY) {
      return crossEntropy(out, y);
    }
    double d;
    if (outputKind == OutputKind.BINARY_SCORE) {
      d = y == 1 ? out[0] : -out[0];
    } else {
      d = Double.POSITIVE_INFINITY;
      for (int c = 0; c < out.length; c++) {
        if (c != y) {
          d = Math.min(d, out[y] - out[c]);
        }
      }
    }
    return Math.max(0.0, margin - d);
  }

  private static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }

  private static double[] softmax(double[] o) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : o) {
      max = Math.max(max, v);
    }
    double[] p = new double[o.length];
    double sum = 0;
    for (int c = 0; c < o.length; c++) {
      p[c] = Math.exp(o[c] - max);
      sum += p[c];
    }
    for (int c = 0; c < o.length; c++) {
      p[c] /= sum;
    }
    return p;
  }

  private static void shuffle(int[] order, Random random) {
    for (int i = order.length - 1; i > 0; i--) {
      int k = random.nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[k];
      order[k] = tmp;
    }
  }

  // ------------------------------------------------------------------------------------------------- parameters

  /** One layer's trained parameters: latent and effective (rounded, boxed) values, gradients, moments, fixed zeros. */
  private static final class Params {
    final Domain domain;
    final int fanIn;
    final int fanOut;
    final double[] w;
    final double[] b;
    final double[] wq;
    final double[] bq;
    final double[] gw;
    final double[] gb;
    final double[][] mw = new double[2][];
    final double[][] mb = new double[2][];
    final boolean[] wFixed;
    final boolean[] bFixed;

    private Params(Domain domain, int numWeights, int numBiases, int fanIn, int fanOut) {
      this.domain = domain;
      this.fanIn = fanIn;
      this.fanOut = fanOut;
      w = new double[numWeights];
      b = new double[numBiases];
      wq = new double[numWeights];
      bq = new double[numBiases];
      gw = new double[numWeights];
      gb = new double[numBiases];
      wFixed = new boolean[numWeights];
      bFixed = new boolean[numBiases];
      resetMoments();
    }

    /** The parameters of a layer with weights, or null for a layer without (pooling). */
    static Params of(Differentiable layer, Domain domain) {
      if (layer.weightCount() == 0 && layer.biasCount() == 0) {
        return null;
      }
      if (domain == null) {
        throw new IllegalArgumentException("a layer with weights needs a domain");
      }
      return new Params(domain, layer.weightCount(), layer.biasCount(), layer.fanIn(), layer.fanOut());
    }

    void resetMoments() {
      mw[0] = new double[w.length];
      mw[1] = new double[w.length];
      mb[0] = new double[b.length];
      mb[1] = new double[b.length];
    }

    void load(Differentiable layer) {
      System.arraycopy(layer.weights(), 0, w, 0, w.length);
      System.arraycopy(layer.biases(), 0, b, 0, b.length);
      for (int q = 0; q < w.length; q++) {
        if (wFixed[q]) {
          w[q] = 0.0;
        }
      }
      for (int q = 0; q < b.length; q++) {
        if (bFixed[q]) {
          b[q] = 0.0;
        }
      }
      resetMoments();
      round();
    }

    /** The effective values: latent values rounded onto grids or kept in boxes; fixed ones 0. */
    void round() {
      for (int q = 0; q < w.length; q++) {
        wq[q] = wFixed[q] ? 0.0 : quantise(w[q], domain.weights());
      }
      WeightDomain biasGrid = domain.gridBias() ? EncodedDenseLayer.biasGrid(domain.weights()) : null;
      for (int q = 0; q < b.length; q++) {
        double v = b[q];
        if (bFixed[q]) {
          v = 0.0;
        } else if (biasGrid != null) {
          v = quantise(v, biasGrid);
        } else if (!Double.isNaN(domain.biasBound())) {
          v = Math.max(-domain.biasBound(), Math.min(domain.biasBound(), v));
        }
        bq[q] = v;
      }
    }

    void step(double lr, int t, double decayPerSample) {
      boolean decay = decayPerSample > 0 && !domain.grid();
      for (int q = 0; q < w.length; q++) {
        if (decay) {
          gw[q] += decayPerSample * w[q];
        }
      }
      adam(w, gw, mw, wFixed, lr, t);
      adam(b, gb, mb, bFixed, lr, t);
      WeightDomain d = domain.weights();
      if (d != null) {
        // Continuous values stay in their box (projected steps); latent grid values stay near the grid's range so
        // that a weight can still change sign in a few steps.
        double limit = d instanceof WeightDomain.Continuous ? d.maxAbs() : 1.5 * d.maxAbs();
        for (int q = 0; q < w.length; q++) {
          w[q] = Math.max(-limit, Math.min(limit, w[q]));
        }
      }
      double bLimit = domain.gridBias() ? 1.5 * d.maxAbs() : domain.biasBound();
      if (!Double.isNaN(bLimit)) {
        for (int q = 0; q < b.length; q++) {
          b[q] = Math.max(-bLimit, Math.min(bLimit, b[q]));
        }
      }
      Arrays.fill(gw, 0.0);
      Arrays.fill(gb, 0.0);
      round();
    }

    private static void adam(double[] x, double[] g, double[][] m, boolean[] fixed, double lr, int t) {
      double b1 = 0.9;
      double b2 = 0.999;
      double c1 = 1 - Math.pow(b1, t);
      double c2 = 1 - Math.pow(b2, t);
      for (int p = 0; p < x.length; p++) {
        if (fixed[p]) {
          continue;
        }
        m[0][p] = b1 * m[0][p] + (1 - b1) * g[p];
        m[1][p] = b2 * m[1][p] + (1 - b2) * g[p] * g[p];
        x[p] -= lr * (m[0][p] / c1) / (Math.sqrt(m[1][p] / c2) + 1e-8);
      }
    }
  }

  /** A value rounded onto a weight domain (null: unchanged). */
  static double quantise(double v, WeightDomain domain) {
    if (domain == null) {
      return v;
    }
    double s = domain.maxAbs();
    if (domain instanceof WeightDomain.Sign) {
      return v >= 0 ? s : -s;
    }
    if (domain instanceof WeightDomain.Ternary) {
      return Math.abs(v) > s / 2 ? Math.signum(v) * s : 0.0;
    }
    if (domain instanceof WeightDomain.IntegerGrid integer) {
      double n = Math.max(-integer.levels(), Math.min(integer.levels(), Math.rint(v / integer.scale())));
      return n * integer.scale();
    }
    return Math.max(-s, Math.min(s, v));
  }

  // ------------------------------------------------------------------------------------------------- masks

  /** Layer l's weight of unit j from input k is held at 0 (a layer with a weight per unit and input). */
  void fixWeight(int l, int j, int k) {
    Params p = params[l];
    int q = passes[l].weightOf(j, k);
    if (q < 0) {
      throw new IllegalArgumentException("layer " + (l + 1) + " has no weight of its own for unit " + j + " from input "
          + k);
    }
    p.wFixed[q] = true;
    p.w[q] = 0.0;
    p.round();
  }

  /** Layer l's bias of unit (or channel) j is held at 0. */
  void fixBias(int l, int j) {
    Params p = params[l];
    p.bFixed[j] = true;
    p.b[j] = 0.0;
    p.round();
  }

  /** Layer l has weights (a parameter block). */
  boolean trainable(int l) {
    return params[l] != null;
  }

  /** The latent weights of layer l (for magnitude pruning); a copy. */
  double[] latentWeights(int l) {
    return params[l].w.clone();
  }

  /** Which of layer l's weights are held at 0; a copy. */
  boolean[] fixedWeights(int l) {
    return params[l].wFixed.clone();
  }

  /** Holds layer l's weight parameter q at 0. */
  void fixParameter(int l, int q) {
    Params p = params[l];
    p.wFixed[q] = true;
    p.w[q] = 0.0;
    p.round();
  }
}
