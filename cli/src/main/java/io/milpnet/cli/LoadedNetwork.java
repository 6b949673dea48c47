package io.milpnet.cli;

import io.milpnet.core.io.TextInput;
import io.milpnet.formulation.data.ClassLabels;
import io.milpnet.formulation.data.CsvDatasetReader;
import io.milpnet.formulation.data.Dataset;
import io.milpnet.formulation.data.StratifiedSplit;
import io.milpnet.formulation.network.OutputKind;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.network.TrainedNetworkJson;
import io.milpnet.formulation.verify.FixedNetwork;
import io.milpnet.formulation.verify.NnetFormatException;
import io.milpnet.formulation.verify.NnetNetwork;
import io.milpnet.formulation.verify.NnetReader;
import io.milpnet.formulation.verify.Robustness;
import io.milpnet.formulation.verify.Verifier;
import io.milpnet.onnx.OnnxModelException;
import io.milpnet.onnx.OnnxReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A network to verify, how its outputs become classes, and its input domain (the clip of robustness balls): read by
 * {@code verify --network}, or the network {@code train --verify-epsilon} just trained.
 */
final class LoadedNetwork {
  final FixedNetwork fixed;
  final OutputKind outputKind;
  final double[] domainLo;
  final double[] domainHi;
  final TrainedNetwork trained;

  LoadedNetwork(FixedNetwork fixed, OutputKind kind, double[] lo, double[] hi, TrainedNetwork trained) {
    this.fixed = fixed;
    this.outputKind = kind;
    this.domainLo = lo;
    this.domainHi = hi;
    this.trained = trained;
  }

  /** A trained network sees [0,1]-scaled features; the domain is that unit box. */
  static LoadedNetwork of(TrainedNetwork net) {
    double[] lo = new double[net.numInputs()];
    double[] hi = new double[net.numInputs()];
    Arrays.fill(hi, 1.0);
    return new LoadedNetwork(FixedNetwork.of(net), net.outputKind(), lo, hi, net);
  }

  /** Robustness certification of this network over its input domain, reporting progress on stderr. */
  Robustness robustness(Verifier verifier) {
    return new Robustness(verifier, fixed, outputKind, domainLo, domainHi).withProgress(VerifierSetup.PROGRESS);
  }

  /** The samples as network inputs with class indices. */
  Samples samples(Path file, String labelColumn) {
    Dataset d = new CsvDatasetReader().read(file, labelColumn);
    if (trained != null) {
      Dataset aligned = StratifiedSplit.alignColumns(d, trained.inputFeatures());
      double[][] x = trained.scaler().transform(aligned).features();
      int[] y = new ClassLabels(trained.classLabels()).encode(aligned);
      return new Samples(x, y);
    }
    if (d.numFeatures() != fixed.inputs()) {
      throw new UserInputException("--data '" + file + "' has " + d.numFeatures() + " feature columns, the"
          + " network takes " + fixed.inputs() + " inputs");
    }
    int[] y = new int[d.numSamples()];
    for (int i = 0; i < y.length; i++) {
      double label = d.labels()[i];
      if (label != Math.rint(label) || label < 0 || label >= fixed.outputs()) {
        throw new UserInputException("--data '" + file + "' row " + (i + 1) + " has label " + label + ": with a"
            + " .nnet or .onnx network a label is the index (0.." + (fixed.outputs() - 1) + ") of the output that must"
            + " stay the largest");
      }
      y[i] = (int) label;
    }
    return new Samples(d.features(), y);
  }

  record Samples(double[][] x, int[] y) {}

  /**
   * The file a network option names: the path itself, or the network.json of a run directory; refused (one line
   * naming the option) when it is missing, empty, not a regular file or a directory without a network.json.
   *
   * @param others the other files the option takes, for the message
   */
  static Path networkFile(Path path, String option, String others) {
    Path file = Files.isDirectory(path) ? path.resolve("network.json") : path;
    if (Files.isDirectory(path) && !Files.exists(file)) {
      throw new UserInputException(option + " '" + path + "' is a directory without a network.json: give " + others
          + ", a network.json or a run directory of `milpnet train`");
    }
    String problem = TextInput.problem(file);
    if (problem != null) {
      throw new UserInputException(option + " '" + file + "' " + problem);
    }
    return file;
  }

  /** The network of {@code --network}: a .nnet or .onnx file, a network.json, or a run directory holding one. */
  static LoadedNetwork load(Path path) {
    Path file = networkFile(path, "--network", "a .nnet or .onnx file");
    String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (lower.endsWith(".onnx") || lower.endsWith(".onnx.gz")) {
      try {
        // An ONNX graph says nothing about its input range: robustness balls are not clipped.
        FixedNetwork fixed = new OnnxReader().read(file).network();
        double[] lo = new double[fixed.inputs()];
        double[] hi = new double[fixed.inputs()];
        Arrays.fill(lo, Double.NEGATIVE_INFINITY);
        Arrays.fill(hi, Double.POSITIVE_INFINITY);
        return new LoadedNetwork(fixed, OutputKind.ARGMAX, lo, hi, null);
      } catch (OnnxModelException e) {
        throw new UserInputException("--network " + e.getMessage());
      }
    }
    if (lower.endsWith(".nnet")) {
      try {
        NnetNetwork nnet = new NnetReader().read(file);
        // .nnet inputs are verified as the network takes them (normalised); the domain is the file's clamp range.
        double[] lo = new double[nnet.inputs()];
        double[] hi = new double[nnet.inputs()];
        for (int i = 0; i < lo.length; i++) {
          double range = nnet.ranges()[i] == 0 ? 1 : nnet.ranges()[i];
          lo[i] = (nnet.inputMin()[i] - nnet.means()[i]) / range;
          hi[i] = (nnet.inputMax()[i] - nnet.means()[i]) / range;
        }
        return new LoadedNetwork(nnet.toFixedNetwork(), OutputKind.ARGMAX, lo, hi, null);
      } catch (NnetFormatException e) {
        throw new UserInputException(e.getMessage());
      }
    }
    String json;
    try {
      json = TextInput.readString(file, TextInput.Limits.DEFAULT);
    } catch (IOException e) {
      throw new UserInputException("--network '" + file + "' " + TextInput.describe(e));
    }
    return LoadedNetwork.of(new TrainedNetworkJson().read(json, "--network '" + file + "'"));
  }
}
