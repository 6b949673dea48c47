package io.milpnet.formulation.train;

import io.milpnet.formulation.layer.dense.DenseLayer;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.OutputKind;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.spec.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A network the user gives to start training from ({@code train --init}): a {@code network.json} of an earlier run or
 * a graph read from ONNX, moved into this run's input space and output layout so that it computes the same
 * predictions on this run's rows. Its first layer absorbs the change of input scaling (this run's min-max scaling of
 * the named or positional feature columns, the constant columns it dropped) and its output layer the change of class
 * order, of binary score against one score per class, or of the regression target's scaling. It must have the
 * architecture's layers (kind, inputs, units, activation); anything else is refused with what differs.
 */
public final class StartNetwork {
  private StartNetwork() {}

  /**
   * What the given network reads and predicts.
   *
   * @param source how the user named it (for messages)
   * @param layers its layers, reading {@code inputs.size()} values
   * @param inputs what each input is: {@code scale * column + shift} of a raw data column
   * @param outputKind how its outputs become predictions; null for a network of another tool with one output (a
   *     binary score or a regression, whichever this run is)
   * @param classLabels the label value of each class index (classification), or empty to mean this run's classes in
   *     this run's order
   * @param targetRange its regression output {@code o} predicts {@code min + (max - min) o}; null for a classifier
   *     (a network of another tool has {0, 1}: its output is the target itself, if this run is a regression)
   */
  public record Given(String source, List<NetworkLayer> layers, List<Input> inputs, OutputKind outputKind,
      int[] classLabels, double[] targetRange) {
    public Given {
      layers = List.copyOf(layers);
      inputs = List.copyOf(inputs);
    }

    /** A network of an earlier milpnet run: it reads its features by name, scaled by its own scaler. */
    public static Given of(TrainedNetwork net, String source) {
      List<Input> in = new ArrayList<>();
      double[] min = net.scaler().min();
      double[] max = net.scaler().max();
      for (int k = 0; k < net.numInputs(); k++) {
        double range = max[k] - min[k] == 0 ? 1.0 : max[k] - min[k];
        in.add(new Input(net.inputFeatures().get(k), 1 / range, -min[k] / range));
      }
      return new Given(source, net.layers(), in, net.outputKind(), net.classLabels(), net.targetRange());
    }

    /**
     * A network of another tool (ONNX): input k is the k-th feature column of the data file as it is, the outputs
     * are one score per class of this run in its order (or one binary score, or the target in its own units).
     */
    public static Given raw(List<NetworkLayer> layers, List<String> featureColumns, String source) {
      int inputs = layers.get(0).inputs();
      if (inputs != featureColumns.size()) {
        throw new IllegalArgumentException(source + " takes " + inputs + " inputs, the data has "
            + featureColumns.size() + " feature columns (" + abbreviate(featureColumns) + "): a network of another"
            + " tool reads the data's feature columns in file order, unscaled");
      }
      List<Input> in = new ArrayList<>();
      for (String c : featureColumns) {
        in.add(new Input(c, 1, 0));
      }
      int outputs = layers.get(layers.size() - 1).units();
      return new Given(source, layers, in, outputs == 1 ? null : OutputKind.ARGMAX, new int[0],
          new double[] {0, 1});
    }
  }

  /** Input k of the given network is {@code scale * x + shift} of the raw data column {@code column}. */
  public record Input(String column, double scale, double shift) {}

  /**
   * The given network as a network of this run: the same predictions on this run's rows (up to the given network's own
   * input clipping, which is not carried over).
   *
   * @param data this run's training rows (its features, scaling, classes or target range)
   * @param constants the raw value of each constant column this run dropped
   */
  public static TrainedNetwork adapt(Given given, TrainingData data, List<LayerSpec> hidden, Shape inputShape,
      Map<String, Double> constants) {
    TrainedNetwork template = Architecture.zeroNetwork(data, hidden, inputShape);
    List<NetworkLayer> layers = new ArrayList<>(given.layers());
    layers.set(0, withInputs(given, layers.get(0), data, constants));
    int last = layers.size() - 1;
    layers.set(last, withOutputs(given, layers.get(last), data));
    requireFit(given.source(), layers, template.layers());
    return new TrainedNetwork(template.inputFeatures(), template.scaler(), layers, template.outputKind(),
        template.classLabels(), template.targetRange());
  }

  /**
   * The first layer reading this run's scaled inputs: with {@code z = A s + d} the given network's inputs as an affine
   * map of this run's, a dense layer becomes {@code W A, b + W d}; any other first layer only when the map is the
   * identity.
   */
  private static NetworkLayer withInputs(Given given, NetworkLayer first, TrainingData data,
      Map<String, Double> constants) {
    List<String> names = data.featureNames();
    Map<String, Integer> index = new HashMap<>();
    for (int j = 0; j < names.size(); j++) {
      index.put(names.get(j), j);
    }
    double[] min = data.scaler().min();
    double[] max = data.scaler().max();
    int n = given.inputs().size();
    int[] column = new int[n];
    double[] a = new double[n];
    double[] d = new double[n];
    boolean identity = n == names.size();
    for (int k = 0; k < n; k++) {
      Input in = given.inputs().get(k);
      Integer j = index.get(in.column());
      if (j != null) {
        double range = max[j] - min[j] == 0 ? 1.0 : max[j] - min[j];
        column[k] = j;
        a[k] = in.scale() * range;
        d[k] = in.scale() * min[j] + in.shift();
        identity &= j == k && Math.abs(a[k] - 1) <= 1e-12 && Math.abs(d[k]) <= 1e-12;
      } else if (constants.containsKey(in.column())) {
        column[k] = -1;
        d[k] = in.scale() * constants.get(in.column()) + in.shift();
        identity = false;
      } else {
        throw new IllegalArgumentException(given.source() + " reads the feature '" + in.column() + "', which the"
            + " training data has not (its features: " + abbreviate(names) + ")");
      }
    }
    if (identity) {
      return first;
    }
    DenseLayer dense = first.asDense().orElseThrow(() -> new IllegalArgumentException(given.source() + ": its first"
        + " layer (" + first.kindKey() + ") reads the inputs with another scaling than this run's, which only a dense"
        + " first layer can absorb; train it on the same columns with the same scaling (or give a network.json of a"
        + " milpnet run)"));
    double[][] w = dense.weights();
    double[][] out = new double[w.length][names.size()];
    double[] bias = dense.bias().clone();
    for (int u = 0; u < w.length; u++) {
      for (int k = 0; k < n; k++) {
        if (column[k] >= 0) {
          out[u][column[k]] += w[u][k] * a[k];
        }
        bias[u] += w[u][k] * d[k];
      }
    }
    return new DenseLayer(out, bias, dense.activation(), dense.domain());
  }

  /**
   * The output layer in this run's layout: each of this run's outputs a linear form {@code T} of the given outputs
   * plus a constant {@code c}, so the layer becomes {@code T W, T b + c}.
   */
  private static NetworkLayer withOutputs(Given given, NetworkLayer lastLayer, TrainingData data) {
    DenseLayer dense = lastLayer.asDense().orElseThrow(() -> new IllegalArgumentException(given.source() + ": its"
        + " output layer is " + lastLayer.kindKey() + ", not dense"));
    int m = dense.units();
    int outputs = data.outputs();
    double[][] t = new double[outputs][m];
    double[] c = new double[outputs];
    if (data.regression()) {
      if (given.targetRange() == null || m != 1) {
        throw new IllegalArgumentException(given.source() + " is a classifier with " + m + " output(s); this run is a"
            + " regression (one output)");
      }
      double[] mine = data.targetRange();
      double range = mine[1] - mine[0] == 0 ? 1.0 : mine[1] - mine[0];
      t[0][0] = (given.targetRange()[1] - given.targetRange()[0]) / range;
      c[0] = (given.targetRange()[0] - mine[0]) / range;
    } else {
      double[][] score = classScores(given, m, data);
      if (data.outputKind() == OutputKind.BINARY_SCORE) {
        for (int q = 0; q < m; q++) {
          t[0][q] = score[1][q] - score[0][q];
        }
      } else {
        t = score;
      }
    }
    double[][] w = dense.weights();
    double[][] nw = new double[outputs][dense.inputs()];
    double[] nb = c.clone();
    for (int r = 0; r < outputs; r++) {
      for (int q = 0; q < m; q++) {
        nb[r] += t[r][q] * dense.bias()[q];
        for (int k = 0; k < nw[r].length; k++) {
          nw[r][k] += t[r][q] * w[q][k];
        }
      }
    }
    return new DenseLayer(nw, nb, dense.activation(), dense.domain());
  }

  /**
   * Each class of this run (by index) as a linear form of the given outputs whose largest value is the given network's
   * class: its own output for one score per class; the score or 0 for a binary score (class 1 when positive).
   */
  private static double[][] classScores(Given given, int m, TrainingData data) {
    int classes = data.classLabels().length;
    if (given.outputKind() == null || given.outputKind() == OutputKind.REGRESSION) {
      if (given.outputKind() == null && m == 1 && classes == 2) {
        return new double[][] {{0}, {1}};
      }
      throw new IllegalArgumentException(given.source() + " has " + m + " output(s) for a regression; this run has "
          + classes + " classes");
    }
    int[] labels = given.classLabels().length == 0 ? data.classLabels() : given.classLabels();
    int expected = given.outputKind() == OutputKind.BINARY_SCORE ? 1 : labels.length;
    if (labels.length != classes || m != expected) {
      throw new IllegalArgumentException(given.source() + " has " + m + " output(s) for " + labels.length
          + " classes; this run has " + classes + " classes"
          + (classes == 2 ? " (a binary score, or two scores)" : ""));
    }
    Map<Integer, Integer> givenIndex = new HashMap<>();
    for (int i = 0; i < labels.length; i++) {
      givenIndex.put(labels[i], i);
    }
    double[][] score = new double[classes][m];
    for (int r = 0; r < classes; r++) {
      Integer i = givenIndex.get(data.classLabels()[r]);
      if (i == null) {
        throw new IllegalArgumentException(given.source() + " predicts the classes " + Arrays.toString(labels)
            + ", the training data has " + Arrays.toString(data.classLabels()));
      }
      if (given.outputKind() == OutputKind.BINARY_SCORE) {
        score[r][0] = i == 1 ? 1 : 0;
      } else {
        score[r][i] = 1;
      }
    }
    return score;
  }

  /** The layers must be those of the architecture: kind, inputs, units, weights and activation, layer by layer. */
  private static void requireFit(String source, List<NetworkLayer> given, List<NetworkLayer> architecture) {
    if (given.size() != architecture.size()) {
      throw new IllegalArgumentException(source + " has " + given.size() + " layers (" + describe(given) + "), the"
          + " architecture " + architecture.size() + " (" + describe(architecture) + "): give --arch to match it");
    }
    for (int l = 0; l < given.size(); l++) {
      NetworkLayer g = given.get(l);
      NetworkLayer a = architecture.get(l);
      // A layer without weights (pooling, flattening) must be the architecture's own: the same windows, not only the
      // same sizes.
      if (!describe(g).equals(describe(a)) || g.totalWeights() != a.totalWeights()
          || (a.totalWeights() == 0 && !g.equals(a))) {
        throw new IllegalArgumentException(source + ": layer " + (l + 1) + " is " + describe(g) + ", the"
            + " architecture's is " + describe(a) + " (all layers: " + describe(given) + " against "
            + describe(architecture) + "): give --arch to match it");
      }
    }
  }

  private static String describe(List<NetworkLayer> layers) {
    List<String> parts = new ArrayList<>();
    for (NetworkLayer l : layers) {
      parts.add(describe(l));
    }
    return String.join(", ", parts);
  }

  private static String describe(NetworkLayer l) {
    return String.format(Locale.ROOT, "%s %d->%d %s", l.kindKey(), l.inputs(), l.units(), l.activation().key());
  }

  private static String abbreviate(List<String> names) {
    return names.size() <= 6 ? String.join(", ", names)
        : String.join(", ", names.subList(0, 5)) + ", ... (" + names.size() + " in all)";
  }
}
