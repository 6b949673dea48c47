package io.milpnet.formulation.train;

import io.milpnet.formulation.network.Differentiable;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.TrainedNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Brings a float network towards the MILP's weight domains without changing what it computes, using the positive
 * homogeneity of ReLU (and linear) units: {@code v relu(w.x + b) = (v / s) relu(s w.x + s b)} for any {@code s > 0}.
 *
 * <p>Layer by layer from the output back, the weights of a grid layer (ternary, integer or sign) that read one unit
 * (one channel of a convolution, through pooling, which commutes with positive scaling) are divided by the magnitude
 * {@code m} that a grid of level size {@code s} approximates best (least squares), and the unit's own incoming weights
 * and bias are multiplied by {@code m / s}. The network is the same function afterwards (up to rounding error); only
 * the later rounding onto the grid changes it, and it changes it least. Sign output weights (one hidden ReLU layer and
 * one output) become exactly {@code +-1}: there the projection loses nothing.
 *
 * <p>Units whose activation is not positively homogeneous (step, hard tanh) keep their scale; so do inputs of a gate
 * layer whose gates read them.
 */
final class GridProjection {
  private GridProjection() {}

  /**
   * The rescaled network (the same function as {@code network}).
   *
   * @param domains one per layer: the weight domain the MILP gives it (null for layers without weights)
   */
  static TrainedNetwork rescale(TrainedNetwork network, List<WeightDomain> domains) {
    List<Block> blocks = new ArrayList<>();
    for (NetworkLayer layer : network.layers()) {
      blocks.add(Block.of(layer));
    }
    for (int l = blocks.size() - 1; l > 0; l--) {
      WeightDomain domain = domains.get(l);
      Block reader = blocks.get(l);
      if (reader == null || domain == null || domain instanceof WeightDomain.Continuous) {
        continue;
      }
      int p = l - 1;
      while (p >= 0 && blocks.get(p) == null) {
        p--; // pooling passes channels through
      }
      if (p < 0 || !blocks.get(p).homogeneous()) {
        continue;
      }
      Block source = blocks.get(p);
      int[] groupOf = new int[network.layers().get(l).inputs()];
      for (int k = 0; k < groupOf.length; k++) {
        groupOf[k] = groupOfInput(network.layers(), p, l, k);
      }
      for (int g = 0; g < source.groups(); g++) {
        double[] v = reader.readingGroup(groupOf, g);
        if (v == null) {
          continue;
        }
        double m = bestMagnitude(v, domain);
        double s = levelSize(domain);
        double factor = m / s;
        if (!(factor > 0) || !Double.isFinite(factor)) {
          continue;
        }
        reader.scaleReading(groupOf, g, 1.0 / factor);
        source.scaleGroup(g, factor);
      }
    }
    List<NetworkLayer> out = new ArrayList<>();
    for (int l = 0; l < blocks.size(); l++) {
      out.add(blocks.get(l) == null ? network.layers().get(l) : blocks.get(l).layer());
    }
    return new TrainedNetwork(network.inputFeatures(), network.scaler(), out, network.outputKind(),
        network.classLabels(), network.targetRange());
  }

  /**
   * The largest weight magnitude of the layers with continuous weights (the first layer's bound the network needs),
   * 0 when they are all zero.
   */
  static double continuousBound(TrainedNetwork network, List<WeightDomain> domains) {
    double max = 0;
    for (int l = 0; l < network.layers().size(); l++) {
      if (domains.get(l) instanceof WeightDomain.Continuous) {
        Block b = Block.of(network.layers().get(l));
        for (double w : b.weights) {
          max = Math.max(max, Math.abs(w));
        }
      }
    }
    return max;
  }

  /**
   * The network scaled down as a whole so that its continuous weights fit {@code bound}: the first layer's weights
   * and biases and the biases of every later layer times {@code bound / continuousBound} (the outputs scale by the
   * same factor, so every prediction is kept); unchanged when it fits already or a unit is not positively homogeneous.
   */
  static TrainedNetwork fit(TrainedNetwork network, List<WeightDomain> domains, double bound) {
    double need = continuousBound(network, domains);
    if (!(need > bound)) {
      return network;
    }
    return scale(network, bound / need);
  }

  /**
   * The network with its outputs times {@code factor > 0}: the first layer's weights and biases and every later
   * layer's biases scaled (grid weights stay on their grids); unchanged when a hidden unit is not positively
   * homogeneous.
   */
  static TrainedNetwork scale(TrainedNetwork network, double factor) {
    List<Block> blocks = new ArrayList<>();
    for (NetworkLayer layer : network.layers()) {
      Block b = Block.of(layer);
      if (b != null && !b.homogeneous() && layer != network.outputLayer()) {
        return network;
      }
      blocks.add(b);
    }
    boolean first = true;
    List<NetworkLayer> out = new ArrayList<>();
    for (int l = 0; l < blocks.size(); l++) {
      Block b = blocks.get(l);
      if (b == null) {
        out.add(network.layers().get(l));
        continue;
      }
      if (first) {
        for (int g = 0; g < b.groups(); g++) {
          b.scaleGroup(g, factor);
        }
        first = false;
      } else {
        for (int q = 0; q < b.bias.length; q++) {
          b.bias[q] *= factor;
        }
      }
      out.add(b.layer());
    }
    return new TrainedNetwork(network.inputFeatures(), network.scaler(), out, network.outputKind(),
        network.classLabels(), network.targetRange());
  }

  /** A layer's weights, flat (none for pooling). */
  static double[] weightsOf(NetworkLayer layer) {
    Block b = Block.of(layer);
    return b == null ? new double[0] : b.weights;
  }

  /** The group (unit or channel) of layer p that produces input k of layer l (only pooling in between). */
  private static int groupOfInput(List<NetworkLayer> layers, int p, int l, int k) {
    int index = k;
    for (int q = l - 1; q > p; q--) {
      index = layers.get(q).differentiable().passedInput(index);
      if (index < 0) {
        throw new IllegalStateException("layer " + (q + 1) + " has parameters: no channel passes through it");
      }
    }
    return layers.get(p).differentiable().biasOf(index);
  }

  /** The level size of a grid: the value of its first nonzero level. */
  static double levelSize(WeightDomain domain) {
    if (domain instanceof WeightDomain.IntegerGrid integer) {
      return integer.scale();
    }
    return domain.maxAbs();
  }

  /**
   * The magnitude m whose grid {@code m * {-K..K}} (sign: {@code +-m}) approximates {@code v} best in least squares,
   * each value rounded to its nearest level; 0 when v is all zero.
   */
  static double bestMagnitude(double[] v, WeightDomain domain) {
    double[] a = new double[v.length];
    int nonzero = 0;
    for (int i = 0; i < v.length; i++) {
      a[i] = Math.abs(v[i]);
      nonzero += a[i] > 0 ? 1 : 0;
    }
    if (nonzero == 0) {
      return 0.0;
    }
    if (domain instanceof WeightDomain.Sign) {
      double sum = 0;
      for (double x : a) {
        sum += x;
      }
      return sum / a.length;
    }
    int levels = domain instanceof WeightDomain.IntegerGrid integer ? integer.levels() : 1;
    double max = Arrays.stream(a).max().orElse(0.0);
    double best = Double.NaN;
    double bestError = Double.POSITIVE_INFINITY;
    if (levels == 1) {
      // Ternary: for the k largest magnitudes on the levels +-m, the best m is their mean; try every k.
      double[] sorted = a.clone();
      Arrays.sort(sorted);
      double sum = 0;
      double sumSq = 0;
      double total = 0;
      for (double x : sorted) {
        total += x * x;
      }
      for (int k = 1; k <= sorted.length; k++) {
        double x = sorted[sorted.length - k];
        sum += x;
        sumSq += x * x;
        double m = sum / k;
        double err = (sumSq - 2 * m * sum + k * m * m) + (total - sumSq);
        if (err < bestError) {
          bestError = err;
          best = m;
        }
      }
    }
    // Lloyd iterations from several starts (every grid): levels given m, then m given levels.
    for (double f : new double[] {0.25, 0.5, 0.75, 1.0}) {
      double m = Double.isNaN(best) ? max * f / levels : (f == 1.0 ? best : max * f / levels);
      for (int it = 0; it < 30 && m > 0; it++) {
        double num = 0;
        double den = 0;
        for (double x : a) {
          double q = Math.min(levels, Math.rint(x / m));
          num += x * q;
          den += q * q;
        }
        if (den == 0) {
          break;
        }
        double next = num / den;
        if (Math.abs(next - m) <= 1e-12 * m) {
          m = next;
          break;
        }
        m = next;
      }
      double err = error(a, m, levels);
      if (m > 0 && err < bestError) {
        bestError = err;
        best = m;
      }
    }
    return Double.isNaN(best) ? max / levels : best;
  }

  private static double error(double[] a, double m, int levels) {
    double e = 0;
    for (double x : a) {
      double q = Math.min(levels, Math.rint(x / m));
      e += (x - q * m) * (x - q * m);
    }
    return e;
  }

  /**
   * One layer's parameters as flat copies in the layout of its {@link Differentiable} (weights grouped by bias: a
   * unit, or a convolution channel), with the scalings the projection applies.
   */
  private static final class Block {
    final NetworkLayer layer;
    final Differentiable form;
    final double[] weights;
    final double[] bias;

    private Block(NetworkLayer layer, Differentiable form) {
      this.layer = layer;
      this.form = form;
      this.weights = form.weights();
      this.bias = form.biases();
    }

    /** The block of a layer with parameters, or null for one without (pooling). */
    static Block of(NetworkLayer layer) {
      Differentiable form = layer.differentiable();
      return form.weightCount() == 0 && form.biasCount() == 0 ? null : new Block(layer, form);
    }

    /** Scaling a unit's incoming weights and bias scales its output by the same factor. */
    boolean homogeneous() {
      return layer.positivelyHomogeneous();
    }

    int groups() {
      return bias.length;
    }

    /** Multiplies the incoming weights and the bias of group g (a unit, or a convolution channel). */
    void scaleGroup(int g, double factor) {
      int per = weights.length / bias.length;
      for (int q = g * per; q < (g + 1) * per; q++) {
        weights[q] *= factor;
      }
      bias[g] *= factor;
    }

    /** The weights that read group g of the previous layer, or null when none does (or a gate reads it). */
    double[] readingGroup(int[] groupOf, int g) {
      List<Integer> idx = readingIndices(groupOf, g);
      if (idx == null || idx.isEmpty()) {
        return null;
      }
      double[] v = new double[idx.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = weights[idx.get(i)];
      }
      return v;
    }

    void scaleReading(int[] groupOf, int g, double factor) {
      for (int q : readingIndices(groupOf, g)) {
        weights[q] *= factor;
      }
    }

    private List<Integer> readingIndices(int[] groupOf, int g) {
      for (int k = 0; k < groupOf.length; k++) {
        if (groupOf[k] == g && form.fixedReads(k)) {
          return null; // a gate reads this input: its threshold would move with the scale
        }
      }
      List<Integer> idx = new ArrayList<>();
      for (int q = 0; q < weights.length; q++) {
        if (groupOf[form.inputOf(q)] == g) {
          idx.add(q);
        }
      }
      return idx;
    }

    NetworkLayer layer() {
      return form.with(weights, bias, layer.domain());
    }
  }
}
