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
import java.util.List;
import java.util.Random;

/**
 * Trains a training problem's network by gradient descent (Adam, minibatches, seeded), inside the problem's own
 * weight domains, so that the result is a feasible start for the MILP: continuous weights are clipped to their
 * bound after each step; grid weights (ternary, sign) keep a real-valued latent copy that the forward pass rounds
 * onto the grid and the backward pass treats as the identity (the straight-through estimator). The loss is the
 * problem's own (hinge with its margin; the 0-1 loss is trained through its hinge surrogate). Several seeded restarts;
 * the network with the best MILP objective (by forward pass) wins.
 */
public final class GradientTrainer {

  /**
   * @param epochs passes over the training data per restart
   * @param learningRate Adam's step size
   * @param batchSize samples per step
   * @param restarts independent seeded runs; the best is kept
   * @param seed the first run's seed
   */
  public record Options(int epochs, double learningRate, int batchSize, int restarts, long seed) {
    public Options {
      if (epochs < 1 || batchSize < 1 || restarts < 1 || !(learningRate > 0)) {
        throw new IllegalArgumentException("gradient training needs epochs, batch size and restarts >= 1 and a"
            + " positive learning rate");
      }
    }

    public static Options defaults(long seed) {
      return new Options(300, 0.01, 32, 4, seed);
    }
  }

  /** The best network, its MILP objective by forward pass, and the time taken. */
  public record Result(TrainedNetwork network, double objective, double seconds) {}

  public Result train(TrainingProblem problem, Options options) {
    long start = System.nanoTime();
    TrainedNetwork best = problem.zeroNetwork();
    double bestObjective = problem.objectiveOf(best);
    for (int r = 0; r < options.restarts(); r++) {
      Run run = new Run(problem, new Random(options.seed() + 7919L * r));
      TrainedNetwork net = run.fit(options);
      double objective = problem.objectiveOf(net);
      if (objective < bestObjective) {
        best = net;
        bestObjective = objective;
      }
    }
    return new Result(best, bestObjective, (System.nanoTime() - start) / 1e9);
  }

  /** One layer's trainable parameters: sparse ties from (unit, input) to a weight, one bias per unit. */
  private static final class Params {
    final WeightDomain weightDomain;
    final double biasMax;
    final boolean gridBias;
    final int[][] inputs;
    final int[][] weightOf;
    final int[] biasOf;
    final double[] w;
    final double[] b;
    final double[] gw;
    final double[] gb;
    final double[] wq;
    final double[] bq;
    final double[][] adamW = new double[2][];
    final double[][] adamB = new double[2][];
    /** Units removed by a neuron budget, inputs removed by a feature or neuron budget (null: none). */
    boolean[] deadUnits;
    boolean[] deadInputs;

    Params(WeightDomain weightDomain, double biasMax, boolean gridBias, int[][] inputs, int[][] weightOf,
        int[] biasOf, int numWeights, int numBiases, Random random) {
      this.weightDomain = weightDomain;
      this.biasMax = biasMax;
      this.gridBias = gridBias;
      this.inputs = inputs;
      this.weightOf = weightOf;
      this.biasOf = biasOf;
      w = new double[numWeights];
      b = new double[numBiases];
      gw = new double[numWeights];
      gb = new double[numBiases];
      adamW[0] = new double[numWeights];
      adamW[1] = new double[numWeights];
      adamB[0] = new double[numBiases];
      adamB[1] = new double[numBiases];
      int fanIn = Math.max(1, inputs.length == 0 ? 1 : inputs[0].length);
      double init = weightDomain instanceof WeightDomain.Continuous
          ? Math.min(weightDomain.maxAbs(), Math.sqrt(6.0 / fanIn))
          : weightDomain.maxAbs();
      for (int p = 0; p < numWeights; p++) {
        w[p] = (random.nextDouble() * 2 - 1) * init;
      }
      wq = new double[numWeights];
      bq = new double[numBiases];
      round();
    }

    /** The weights and biases the forward pass uses: the latent values rounded into their domains, once per step. */
    private void round() {
      for (int p = 0; p < w.length; p++) {
        wq[p] = quantise(w[p], weightDomain);
      }
      WeightDomain biasDomain = EncodedDenseLayer.biasGrid(weightDomain);
      for (int p = 0; p < b.length; p++) {
        bq[p] = gridBias ? quantise(b[p], biasDomain) : Math.max(-biasMax, Math.min(biasMax, b[p]));
      }
    }

    double weight(int p) {
      return wq[p];
    }

    /** The weight from input {@code ins[q]} to unit j, 0 where the unit or the input is removed. */
    double weight(int j, int q) {
      if ((deadUnits != null && deadUnits[j]) || (deadInputs != null && deadInputs[inputs[j][q]])) {
        return 0.0;
      }
      return weight(weightOf[j][q]);
    }

    double biasOf(int j) {
      return deadUnits != null && deadUnits[j] ? 0.0 : bias(biasOf[j]);
    }

    double bias(int p) {
      return bq[p];
    }

    static double quantise(double v, WeightDomain domain) {
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

    void step(double lr, int t) {
      adam(w, gw, adamW, lr, t);
      adam(b, gb, adamB, lr, t);
      // Continuous values stay inside their box (projected steps); latent grid values are kept near the grid's range
      // so that a weight can still change sign in a few steps.
      double wLimit = weightDomain instanceof WeightDomain.Continuous ? weightDomain.maxAbs() : 1.5
          * weightDomain.maxAbs();
      for (int p = 0; p < w.length; p++) {
        w[p] = Math.max(-wLimit, Math.min(wLimit, w[p]));
      }
      double bLimit = gridBias ? 1.5 * weightDomain.maxAbs() : biasMax;
      for (int p = 0; p < b.length; p++) {
        b[p] = Math.max(-bLimit, Math.min(bLimit, b[p]));
      }
      java.util.Arrays.fill(gw, 0.0);
      java.util.Arrays.fill(gb, 0.0);
      round();
    }

    private static void adam(double[] x, double[] g, double[][] m, double lr, int t) {
      double b1 = 0.9;
      double b2 = 0.999;
      double c1 = 1 - Math.pow(b1, t);
      double c2 = 1 - Math.pow(b2, t);
      for (int p = 0; p < x.length; p++) {
        m[0][p] = b1 * m[0][p] + (1 - b1) * g[p];
        m[1][p] = b2 * m[1][p] + (1 - b2) * g[p] * g[p];
        x[p] -= lr * (m[0][p] / c1) / (Math.sqrt(m[1][p] / c2) + 1e-8);
      }
    }
  }

  /** One seeded run over the problem's layers. */
  private static final class Run {
    final TrainingProblem problem;
    final TrainingData data;
    final EncodedLoss loss;
    final List<EncodedLayer> layers;
    final List<NetworkLayer> shapes;
    final Params[] params;
    final Random random;

    Run(TrainingProblem problem, Random random) {
      this.problem = problem;
      this.data = problem.data();
      this.loss = problem.loss();
      this.layers = problem.encodedLayers();
      this.shapes = problem.zeroNetwork().layers();
      this.random = random;
      params = new Params[layers.size()];
      for (int l = 0; l < layers.size(); l++) {
        EncodedLayer layer = layers.get(l);
        if (layer instanceof EncodedGateLayer gate) {
          // The gates stay open (U = 0, c = 0: U x + c = 0 >= 0); the values train as a linear layer, and the MILP
          // learns the gates from this start.
          params[l] = fullyConnected(gate.domain, gate.biasBound, gate.gridBias, gate.units, gate.inputs);
        } else if (layer instanceof EncodedDenseLayer dense) {
          params[l] = fullyConnected(dense.domain, dense.biasBound, dense.gridBias, dense.units, dense.inputs);
        } else if (layer instanceof EncodedConvLayer conv) {
          Shape out = conv.out;
          int taps = conv.perFilter();
          int[][] in = new int[conv.units][taps];
          int[][] wo = new int[conv.units][taps];
          int[] bo = new int[conv.units];
          for (int c = 0; c < out.channels(); c++) {
            for (int y = 0; y < out.height(); y++) {
              for (int x = 0; x < out.width(); x++) {
                int j = out.index(c, y, x);
                bo[j] = c;
                int t = 0;
                for (int ci = 0; ci < conv.in.channels(); ci++) {
                  for (int dy = 0; dy < conv.kernelSize; dy++) {
                    for (int dx = 0; dx < conv.kernelSize; dx++) {
                      in[j][t] = conv.in.index(ci, y * conv.spec.stride() + dy, x * conv.spec.stride() + dx);
                      wo[j][t++] = conv.param(c, ci, dy, dx);
                    }
                  }
                }
              }
            }
          }
          params[l] = new Params(conv.domain, conv.biasBound, conv.gridBias, in, wo, bo,
              conv.spec.channels() * taps, conv.spec.channels(), random);
        }
      }
    }

    /** Every unit reads every input through its own weight {@code j * inputs + k}. */
    private Params fullyConnected(WeightDomain domain, double biasBound, boolean gridBias, int units, int inputs) {
      int[][] in = new int[units][inputs];
      int[][] wo = new int[units][inputs];
      int[] bo = new int[units];
      for (int j = 0; j < units; j++) {
        bo[j] = j;
        for (int k = 0; k < inputs; k++) {
          in[j][k] = k;
          wo[j][k] = j * inputs + k;
        }
      }
      return new Params(domain, biasBound, gridBias, in, wo, bo, units * inputs, units, random);
    }

    TrainedNetwork fit(Options options) {
      int n = data.samples();
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      int t = 0;
      for (int epoch = 0; epoch < options.epochs(); epoch++) {
        for (int i = n - 1; i > 0; i--) {
          int k = random.nextInt(i + 1);
          int tmp = order[i];
          order[i] = order[k];
          order[k] = tmp;
        }
        for (int from = 0; from < n; from += options.batchSize()) {
          int to = Math.min(n, from + options.batchSize());
          for (int s = from; s < to; s++) {
            backward(order[s], 1.0 / (to - from));
          }
          t++;
          for (Params p : params) {
            if (p != null) {
              p.step(options.learningRate(), t);
            }
          }
        }
      }
      if (applyBudgets()) {
        // Fine-tune what is left after the budgets removed features or units.
        for (int epoch = 0; epoch < (options.epochs() + 1) / 2; epoch++) {
          for (int from = 0; from < n; from += options.batchSize()) {
            int to = Math.min(n, from + options.batchSize());
            for (int s = from; s < to; s++) {
              backward(order[(s + epoch * 7) % n], 1.0 / (to - from));
            }
            t++;
            for (Params p : params) {
              if (p != null) {
                p.step(options.learningRate(), t);
              }
            }
          }
        }
      }
      return network();
    }

    /**
     * The problem's feature and neuron budgets, by magnitude: keep the features whose first-layer weights are
     * largest, and the hidden units with the largest product of incoming and outgoing weight mass; remove the rest.
     * Returns whether anything was removed.
     */
    private boolean applyBudgets() {
      TrainingConfig cfg = problem.config();
      boolean changed = false;
      if (cfg.maxFeatures() < data.features() && params[0] != null && layers.get(0) instanceof EncodedDenseLayer) {
        Params first = params[0];
        double[] mass = new double[data.features()];
        for (int j = 0; j < first.inputs.length; j++) {
          for (int q = 0; q < first.inputs[j].length; q++) {
            mass[first.inputs[j][q]] += Math.abs(first.weight(j, q));
          }
        }
        first.deadInputs = complementOfTop(mass, cfg.maxFeatures());
        changed = true;
      }
      List<int[]> hidden = new ArrayList<>();
      for (int l = 0; l + 1 < layers.size(); l++) {
        if (layers.get(l) instanceof EncodedDenseLayer && params[l + 1] != null
            && shapes.get(l + 1) instanceof DenseLayer) {
          for (int j = 0; j < layers.get(l).units; j++) {
            hidden.add(new int[] {l, j});
          }
        }
      }
      if (cfg.maxNeurons() < hidden.size()) {
        double[] mass = new double[hidden.size()];
        for (int u = 0; u < mass.length; u++) {
          int l = hidden.get(u)[0];
          int j = hidden.get(u)[1];
          Params own = params[l];
          double in = Math.abs(own.biasOf(j));
          for (int q = 0; q < own.inputs[j].length; q++) {
            in += Math.abs(own.weight(j, q));
          }
          Params next = params[l + 1];
          double out = 0;
          for (int r = 0; r < next.inputs.length; r++) {
            out += Math.abs(next.weight(r, j));
          }
          mass[u] = in * out;
        }
        boolean[] dead = complementOfTop(mass, cfg.maxNeurons());
        for (int u = 0; u < dead.length; u++) {
          if (dead[u]) {
            int l = hidden.get(u)[0];
            int j = hidden.get(u)[1];
            if (params[l].deadUnits == null) {
              params[l].deadUnits = new boolean[layers.get(l).units];
            }
            if (params[l + 1].deadInputs == null) {
              params[l + 1].deadInputs = new boolean[layers.get(l + 1).inputs];
            }
            params[l].deadUnits[j] = true;
            params[l + 1].deadInputs[j] = true;
          }
        }
        changed = true;
      }
      return changed;
    }

    /** True for every index outside the {@code keep} largest values. */
    private static boolean[] complementOfTop(double[] values, int keep) {
      Integer[] order = new Integer[values.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      java.util.Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
      boolean[] dead = new boolean[values.length];
      for (int r = keep; r < order.length; r++) {
        dead[order[r]] = true;
      }
      return dead;
    }

    /**
     * Forward pass of one sample (keeping pre-activations and, for max pooling, the winning inputs), then the
     * gradient of its loss, scaled by {@code weight}, added to every parameter's gradient.
     */
    private void backward(int i, double weight) {
      int numLayers = layers.size();
      double[][] in = new double[numLayers + 1][];
      double[][] pre = new double[numLayers][];
      int[][] argmax = new int[numLayers][];
      in[0] = data.x()[i];
      for (int l = 0; l < numLayers; l++) {
        NetworkLayer shape = shapes.get(l);
        Params p = params[l];
        double[] x = in[l];
        double[] a = new double[shape.units()];
        double[] h = new double[a.length];
        if (p != null) {
          for (int j = 0; j < a.length; j++) {
            double sum = p.biasOf(j);
            int[] ins = p.inputs[j];
            for (int q = 0; q < ins.length; q++) {
              sum += p.weight(j, q) * x[ins[q]];
            }
            a[j] = sum;
            h[j] = shape.activation().apply(sum);
          }
        } else {
          PoolLayer pool = (PoolLayer) shape;
          argmax[l] = new int[a.length];
          for (int j = 0; j < a.length; j++) {
            int[] window = pool.window(j);
            if (pool.kind() == PoolSpec.Kind.MAX) {
              int m = window[0];
              for (int k : window) {
                m = x[k] > x[m] ? k : m;
              }
              argmax[l][j] = m;
              a[j] = x[m];
            } else {
              double sum = 0;
              for (int k : window) {
                sum += x[k];
              }
              a[j] = sum / window.length;
            }
            h[j] = a[j];
          }
        }
        pre[l] = a;
        in[l + 1] = h;
      }
      double[] delta = lossGradient(in[numLayers], i);
      if (delta == null) {
        return;
      }
      for (int l = numLayers - 1; l >= 0; l--) {
        NetworkLayer shape = shapes.get(l);
        double[] x = in[l];
        double[] back = new double[x.length];
        Params p = params[l];
        if (p != null) {
          for (int j = 0; j < delta.length; j++) {
            double d = delta[j] * derivative(shape.activation(), pre[l][j]);
            if (d == 0.0) {
              continue;
            }
            p.gb[p.biasOf[j]] += d * weight;
            int[] ins = p.inputs[j];
            int[] ws = p.weightOf[j];
            for (int q = 0; q < ins.length; q++) {
              p.gw[ws[q]] += d * weight * x[ins[q]];
              back[ins[q]] += d * p.weight(j, q);
            }
          }
        } else {
          PoolLayer pool = (PoolLayer) shape;
          for (int j = 0; j < delta.length; j++) {
            if (pool.kind() == PoolSpec.Kind.MAX) {
              back[argmax[l][j]] += delta[j];
            } else {
              int[] window = pool.window(j);
              for (int k : window) {
                back[k] += delta[j] / window.length;
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

    /**
     * d(loss)/d(outputs) of sample i, or null when it is 0: the hinge's, or for regression the absolute error's
     * (also the surrogate of the largest error).
     */
    private double[] lossGradient(double[] out, int i) {
      if (data.regression()) {
        double diff = out[0] - data.targets()[i];
        return diff == 0.0 ? null : new double[] {Math.signum(diff)};
      }
      if (loss.marginOf(out, i) >= loss.margin) {
        return null;
      }
      double[] g = new double[out.length];
      int y = data.y()[i];
      if (data.outputKind() == OutputKind.BINARY_SCORE) {
        g[0] = y == 1 ? -1.0 : 1.0;
        return g;
      }
      int worst = -1;
      for (int c = 0; c < out.length; c++) {
        if (c != y && (worst < 0 || out[c] > out[worst])) {
          worst = c;
        }
      }
      g[y] = -1.0;
      g[worst] = 1.0;
      return g;
    }

    /** The network with every weight on its grid / in its box. */
    TrainedNetwork network() {
      List<NetworkLayer> out = new ArrayList<>();
      for (int l = 0; l < layers.size(); l++) {
        NetworkLayer shape = shapes.get(l);
        Params p = params[l];
        if (shape instanceof DenseLayer dense) {
          double[][] w = new double[dense.units()][dense.inputs()];
          double[] b = new double[dense.units()];
          for (int j = 0; j < w.length; j++) {
            for (int k = 0; k < w[j].length; k++) {
              w[j][k] = p.weight(j, k);
            }
            b[j] = p.biasOf(j);
          }
          out.add(new DenseLayer(w, b, dense.activation(), dense.domain()));
        } else if (shape instanceof GateLayer gate) {
          double[][] w = new double[gate.units()][gate.inputs()];
          double[] b = new double[gate.units()];
          for (int j = 0; j < w.length; j++) {
            for (int k = 0; k < w[j].length; k++) {
              w[j][k] = p.weight(j, k);
            }
            b[j] = p.biasOf(j);
          }
          out.add(new GateLayer(w, b, new double[w.length][gate.inputs()], new double[w.length], gate.domain()));
        } else if (shape instanceof ConvLayer conv) {
          EncodedConvLayer enc = (EncodedConvLayer) layers.get(l);
          int k = conv.kernel();
          double[][][][] kernels = new double[conv.channels()][conv.inputShape().channels()][k][k];
          double[] b = new double[conv.channels()];
          for (int c = 0; c < kernels.length; c++) {
            for (int ci = 0; ci < kernels[c].length; ci++) {
              for (int dy = 0; dy < k; dy++) {
                for (int dx = 0; dx < k; dx++) {
                  kernels[c][ci][dy][dx] = p.weight(enc.param(c, ci, dy, dx));
                }
              }
            }
            b[c] = p.bias(c);
          }
          out.add(new ConvLayer(conv.inputShape(), conv.stride(), kernels, b, conv.activation(), conv.domain()));
        } else {
          out.add(shape);
        }
      }
      TrainedNetwork zero = problem.zeroNetwork();
      return new TrainedNetwork(zero.inputFeatures(), zero.scaler(), out, zero.outputKind(), zero.classLabels(),
          zero.targetRange());
    }
  }
}
