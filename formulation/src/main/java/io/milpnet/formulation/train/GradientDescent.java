package io.milpnet.formulation.train;

import io.milpnet.formulation.network.ConvLayer;
import io.milpnet.formulation.network.DenseLayer;
import io.milpnet.formulation.network.GateLayer;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.OutputKind;
import io.milpnet.formulation.network.PoolLayer;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.spec.Activation;
import io.milpnet.formulation.spec.PoolSpec;
import io.milpnet.formulation.spec.Shape;
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
final class GradientDescent {

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
  record Domain(WeightDomain weights, double biasBound, boolean gridBias) {
    static final Domain FLOAT = new Domain(null, Double.NaN, false);

    boolean grid() {
      return weights != null && !(weights instanceof WeightDomain.Continuous);
    }

    String describe() {
      return weights == null ? "float" : weights.describe();
    }
  }

  private final TrainedNetwork template;
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
    for (int l = 0; l < params.length; l++) {
      params[l] = Params.of(template.layers().get(l), domains.get(l));
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
      if (params[l] != null) {
        params[l].load(network.layers().get(l));
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
      layers.add(params[l] == null ? template.layers().get(l) : params[l].layer());
    }
    return new TrainedNetwork(template.inputFeatures(), template.scaler(), layers, template.outputKind(),
        template.classLabels(), template.targetRange());
  }

  // ------------------------------------------------------------------------------------------------- passes

  /** Per-call buffers: every layer's inputs, pre-activations, max-pool winners and back-propagated values. */
  private final class Workspace {
    final double[][] in = new double[params.length + 1][];
    final double[][] pre = new double[params.length][];
    final int[][] argmax = new int[params.length][];
    final boolean[][] open = new boolean[params.length][];
    final double[][] back = new double[params.length][];

    Workspace() {
      for (int l = 0; l < params.length; l++) {
        NetworkLayer shape = template.layers().get(l);
        in[l + 1] = new double[shape.units()];
        pre[l] = new double[shape.units()];
        back[l] = new double[shape.inputs()];
        if (shape instanceof PoolLayer) {
          argmax[l] = new int[shape.units()];
        }
        if (params[l] != null && params[l].gateWeights != null) {
          open[l] = new boolean[shape.units()];
        }
      }
    }
  }

  private double[] forward(Workspace ws, double[] x) {
    ws.in[0] = x;
    for (int l = 0; l < params.length; l++) {
      double[] in = ws.in[l];
      double[] a = ws.pre[l];
      double[] h = ws.in[l + 1];
      Params p = params[l];
      NetworkLayer shape = template.layers().get(l);
      if (p == null) {
        PoolLayer pool = (PoolLayer) shape;
        for (int j = 0; j < a.length; j++) {
          int[] window = pool.window(j);
          if (pool.kind() == PoolSpec.Kind.MAX) {
            int m = window[0];
            for (int k : window) {
              m = in[k] > in[m] ? k : m;
            }
            ws.argmax[l][j] = m;
            a[j] = in[m];
          } else {
            double sum = 0;
            for (int k : window) {
              sum += in[k];
            }
            a[j] = sum / window.length;
          }
          h[j] = a[j];
        }
        continue;
      }
      Activation act = shape.activation();
      for (int j = 0; j < a.length; j++) {
        double sum = p.bq[p.biasOf[j]];
        if (p.dense) {
          int base = j * p.denseInputs;
          for (int k = 0; k < p.denseInputs; k++) {
            sum += p.wq[base + k] * in[k];
          }
        } else {
          int[] ins = p.inputs[j];
          int[] ws2 = p.weightOf[j];
          for (int q = 0; q < ins.length; q++) {
            sum += p.wq[ws2[q]] * in[ins[q]];
          }
        }
        a[j] = sum;
        if (p.gateWeights != null) {
          double g = p.gateBias[j];
          double[] u = p.gateWeights[j];
          for (int k = 0; k < u.length; k++) {
            g += u[k] * in[k];
          }
          ws.open[l][j] = g >= 0;
          h[j] = ws.open[l][j] ? sum : 0.0;
        } else {
          h[j] = act.apply(sum);
        }
      }
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
      NetworkLayer shape = template.layers().get(l);
      double[] in = ws.in[l];
      double[] back = ws.back[l];
      Arrays.fill(back, 0.0);
      if (p == null) {
        PoolLayer pool = (PoolLayer) shape;
        for (int j = 0; j < delta.length; j++) {
          if (delta[j] == 0.0) {
            continue;
          }
          if (pool.kind() == PoolSpec.Kind.MAX) {
            back[ws.argmax[l][j]] += delta[j];
          } else {
            int[] window = pool.window(j);
            for (int k : window) {
              back[k] += delta[j] / window.length;
            }
          }
        }
      } else {
        Activation act = shape.activation();
        for (int j = 0; j < delta.length; j++) {
          double d = delta[j] * (p.gateWeights != null ? (ws.open[l][j] ? 1.0 : 0.0) : derivative(act, ws.pre[l][j]));
          if (d == 0.0) {
            continue;
          }
          double g = d * scale;
          p.gb[p.biasOf[j]] += g;
          if (p.dense) {
            int base = j * p.denseInputs;
            for (int k = 0; k < p.denseInputs; k++) {
              p.gw[base + k] += g * in[k];
              back[k] += d * p.wq[base + k];
            }
          } else {
            int[] ins = p.inputs[j];
            int[] wo = p.weightOf[j];
            for (int q = 0; q < ins.length; q++) {
              p.gw[wo[q]] += g * in[ins[q]];
              back[ins[q]] += d * p.wq[wo[q]];
            }
          }
        }
      }
      delta = back;
    }
  }

  /** Straight-through derivatives: the step and hard tanh pass gradients inside [-1, 1]. */
  private static double derivative(Activation activation, double a) {
    return switch (activation) {
      case RELU -> a > 0 ? 1.0 : 0.0;
      case LINEAR -> 1.0;
      case HARDTANH, STEP -> Math.abs(a) <= 1 ? 1.0 : 0.0;
    };
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

  private double lossValue(double[] out, int y, double target, Loss loss, double margin) {
    if (loss == Loss.ABSOLUTE || outputKind == OutputKind.REGRESSION) {
      return Math.abs(out[0] - target);
    }
    if (loss == Loss.CROSS_ENTROPY) {
      if (outputKind == OutputKind.BINARY_SCORE) {
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

  /**
   * One layer's parameters as ties: unit j reads inputs {@code inputs[j][q]} through weight {@code weightOf[j][q]} and
   * adds bias {@code biasOf[j]} (a convolution shares one kernel and bias per channel). Dense and gate layers take the
   * fast path: weight {@code j * inputs + k}, bias j.
   */
  private static final class Params {
    final NetworkLayer shape;
    final Domain domain;
    final boolean dense;
    final int denseInputs;
    final int[][] inputs;
    final int[][] weightOf;
    final int[] biasOf;
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
    /** Gate layers: the fixed gates {@code U x + c >= 0} (null for other layers). */
    double[][] gateWeights;
    double[] gateBias;

    private Params(NetworkLayer shape, Domain domain, boolean dense, int denseInputs, int[][] inputs, int[][] weightOf,
        int[] biasOf, int numWeights, int numBiases, int fanIn, int fanOut) {
      this.shape = shape;
      this.domain = domain;
      this.dense = dense;
      this.denseInputs = denseInputs;
      this.inputs = inputs;
      this.weightOf = weightOf;
      this.biasOf = biasOf;
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

    /**
     * The parameters of a layer with weights, or null for a layer without (pooling). The one place that knows how
     * each layer kind ties its weights.
     */
    static Params of(NetworkLayer layer, Domain domain) {
      if (layer instanceof PoolLayer) {
        return null;
      }
      if (domain == null) {
        throw new IllegalArgumentException("a layer with weights needs a domain");
      }
      if (layer instanceof DenseLayer || layer instanceof GateLayer) {
        int units = layer.units();
        int in = layer.inputs();
        int[] biasOf = new int[units];
        for (int j = 0; j < units; j++) {
          biasOf[j] = j;
        }
        Params p = new Params(layer, domain, true, in, null, null, biasOf, units * in, units, in, units);
        if (layer instanceof GateLayer gate) {
          p.gateWeights = new double[units][];
          p.gateBias = gate.gateBias().clone();
          for (int j = 0; j < units; j++) {
            p.gateWeights[j] = gate.gateWeights()[j].clone();
          }
        }
        return p;
      }
      if (layer instanceof ConvLayer conv) {
        Shape in = conv.inputShape();
        Shape out = conv.outputShape();
        int k = conv.kernel();
        int taps = in.channels() * k * k;
        int[][] inputs = new int[out.size()][taps];
        int[][] weightOf = new int[out.size()][taps];
        int[] biasOf = new int[out.size()];
        for (int c = 0; c < out.channels(); c++) {
          for (int y = 0; y < out.height(); y++) {
            for (int x = 0; x < out.width(); x++) {
              int j = out.index(c, y, x);
              biasOf[j] = c;
              int t = 0;
              for (int ci = 0; ci < in.channels(); ci++) {
                for (int dy = 0; dy < k; dy++) {
                  for (int dx = 0; dx < k; dx++) {
                    inputs[j][t] = in.index(ci, y * conv.stride() + dy, x * conv.stride() + dx);
                    weightOf[j][t++] = convParam(conv, c, ci, dy, dx);
                  }
                }
              }
            }
          }
        }
        return new Params(layer, domain, false, 0, inputs, weightOf, biasOf, conv.channels() * taps, conv.channels(),
            taps, conv.channels() * k * k);
      }
      throw new IllegalArgumentException("gradient descent has no form for the layer kind "
          + layer.getClass().getSimpleName());
    }

    private static int convParam(ConvLayer conv, int c, int ci, int dy, int dx) {
      int k = conv.kernel();
      return ((c * conv.inputShape().channels() + ci) * k + dy) * k + dx;
    }

    void resetMoments() {
      mw[0] = new double[w.length];
      mw[1] = new double[w.length];
      mb[0] = new double[b.length];
      mb[1] = new double[b.length];
    }

    void load(NetworkLayer layer) {
      if (layer instanceof DenseLayer || layer instanceof GateLayer) {
        double[][] weights = layer instanceof DenseLayer d ? d.weights() : ((GateLayer) layer).weights();
        double[] bias = layer instanceof DenseLayer d ? d.bias() : ((GateLayer) layer).bias();
        if (weights.length != b.length || layer.inputs() != denseInputs) {
          throw new IllegalArgumentException("layer shape differs from the template");
        }
        for (int j = 0; j < weights.length; j++) {
          System.arraycopy(weights[j], 0, w, j * denseInputs, denseInputs);
        }
        System.arraycopy(bias, 0, b, 0, b.length);
        if (layer instanceof GateLayer gate) {
          for (int j = 0; j < gateWeights.length; j++) {
            gateWeights[j] = gate.gateWeights()[j].clone();
          }
          gateBias = gate.gateBias().clone();
        }
      } else if (layer instanceof ConvLayer conv) {
        int k = conv.kernel();
        for (int c = 0; c < conv.channels(); c++) {
          for (int ci = 0; ci < conv.inputShape().channels(); ci++) {
            for (int dy = 0; dy < k; dy++) {
              for (int dx = 0; dx < k; dx++) {
                w[convParam(conv, c, ci, dy, dx)] = conv.kernels()[c][ci][dy][dx];
              }
            }
          }
        }
        System.arraycopy(conv.bias(), 0, b, 0, b.length);
      } else {
        throw new IllegalArgumentException("gradient descent has no form for the layer kind "
            + layer.getClass().getSimpleName());
      }
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

    /** The layer with the effective (rounded, boxed) parameters. */
    NetworkLayer layer() {
      String desc = domain.describe();
      if (shape instanceof ConvLayer conv) {
        int k = conv.kernel();
        double[][][][] kernels = new double[conv.channels()][conv.inputShape().channels()][k][k];
        for (int c = 0; c < kernels.length; c++) {
          for (int ci = 0; ci < kernels[c].length; ci++) {
            for (int dy = 0; dy < k; dy++) {
              for (int dx = 0; dx < k; dx++) {
                kernels[c][ci][dy][dx] = wq[convParam(conv, c, ci, dy, dx)];
              }
            }
          }
        }
        return new ConvLayer(conv.inputShape(), conv.stride(), kernels, bq.clone(), conv.activation(), desc);
      }
      double[][] weights = new double[b.length][denseInputs];
      for (int j = 0; j < weights.length; j++) {
        System.arraycopy(wq, j * denseInputs, weights[j], 0, denseInputs);
      }
      if (gateWeights != null) {
        double[][] u = new double[gateWeights.length][];
        for (int j = 0; j < u.length; j++) {
          u[j] = gateWeights[j].clone();
        }
        return new GateLayer(weights, bq.clone(), u, gateBias.clone(), desc);
      }
      return new DenseLayer(weights, bq.clone(), shape.activation(), desc);
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

  /** Layer l's weight of unit j from input k is held at 0 (dense and gate layers). */
  void fixWeight(int l, int j, int k) {
    Params p = params[l];
    int q = j * p.denseInputs + k;
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
