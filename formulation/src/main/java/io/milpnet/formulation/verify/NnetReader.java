package io.milpnet.formulation.verify;

import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.layer.dense.DenseLayer;
import io.milpnet.core.io.TextInput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code .nnet} text format (Julian, Stanford 2016): {@code //} comment lines; a line with the number of
 * weight layers, inputs, outputs and the largest layer size; the layer sizes; a legacy flag line; input minimums;
 * input maximums; means and ranges (one per input plus one for the outputs); then per layer its weight rows (one line
 * per unit) and its biases (one line per unit). ReLU follows every layer but the last. Every value line ends with a
 * comma. Numbers are parsed with {@link Double#parseDouble}, so the weights are the file's exactly.
 */
public final class NnetReader {

  private final TextInput.Limits limits;

  public NnetReader() {
    this(TextInput.Limits.DEFAULT);
  }

  /** A reader that refuses files beyond these limits (tests use small ones). */
  public NnetReader(TextInput.Limits limits) {
    this.limits = limits;
  }

  public NnetNetwork read(Path file) {
    String name = "'" + file + "'";
    List<String> lines;
    try {
      lines = TextInput.readLines(file, limits);
    } catch (IOException e) {
      throw new NnetFormatException(name + " " + TextInput.describe(e));
    }
    return parse(lines, name);
  }

  NnetNetwork parse(List<String> lines, String name) {
    Cursor c = new Cursor(lines, name);
    double[] header = c.numbers(4, "the header (layers, inputs, outputs, largest layer size)");
    int numLayers = c.count(header[0], "number of layers");
    int inputs = c.count(header[1], "number of inputs");
    int outputs = c.count(header[2], "number of outputs");
    double[] sizesRaw = c.numbers(numLayers + 1, "the layer sizes (" + (numLayers + 1) + " values)");
    int[] sizes = new int[sizesRaw.length];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = c.count(sizesRaw[i], "layer size " + i);
    }
    if (sizes[0] != inputs || sizes[numLayers] != outputs) {
      throw c.error("the layer sizes start with " + sizes[0] + " and end with " + sizes[numLayers]
          + ", but the header says " + inputs + " inputs and " + outputs + " outputs");
    }
    c.line("the symmetric flag line");
    double[] min = c.numbers(inputs, "the input minimums");
    double[] max = c.numbers(inputs, "the input maximums");
    double[] means = c.numbers(inputs + 1, "the means (one per input plus one for the outputs)");
    double[] ranges = c.numbers(inputs + 1, "the ranges (one per input plus one for the outputs)");
    List<DenseLayer> layers = new ArrayList<>();
    for (int l = 0; l < numLayers; l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      double[][] w = new double[out][];
      for (int j = 0; j < out; j++) {
        w[j] = c.numbers(in, "weights of layer " + (l + 1) + " unit " + (j + 1) + " (" + in + " values)");
      }
      double[] b = new double[out];
      for (int j = 0; j < out; j++) {
        b[j] = c.numbers(1, "bias of layer " + (l + 1) + " unit " + (j + 1))[0];
      }
      layers.add(new DenseLayer(w, b, l + 1 < numLayers ? Activation.RELU : Activation.LINEAR, "fixed"));
    }
    c.expectEnd();
    return new NnetNetwork(layers, min, max, means, ranges);
  }

  /** Walks the file's value lines, skipping comments and blank lines, remembering line numbers for errors. */
  private static final class Cursor {
    private final List<String> lines;
    private final String name;
    private int next;
    private int current;

    Cursor(List<String> lines, String name) {
      this.lines = lines;
      this.name = name;
    }

    String line(String what) {
      while (next < lines.size()) {
        String raw = lines.get(next++).strip();
        if (!raw.isEmpty() && !raw.startsWith("//")) {
          current = next;
          return raw;
        }
      }
      current = lines.size();
      throw new NnetFormatException(name + " ends before " + what + " (after line " + lines.size() + ")");
    }

    double[] numbers(int expected, String what) {
      String raw = line(what);
      String[] parts = raw.split(",", -1);
      List<Double> values = new ArrayList<>();
      for (String p : parts) {
        String t = p.strip();
        if (t.isEmpty()) {
          continue; // the trailing comma of every line
        }
        try {
          double v = Double.parseDouble(t);
          if (!Double.isFinite(v)) {
            throw error("'" + t + "' in " + what + " is not a finite number");
          }
          values.add(v);
        } catch (NumberFormatException e) {
          throw error("'" + t + "' in " + what + " is not a number");
        }
      }
      if (values.size() != expected) {
        throw error(what + ": expected " + expected + " values, found " + values.size());
      }
      double[] out = new double[expected];
      for (int i = 0; i < expected; i++) {
        out[i] = values.get(i);
      }
      return out;
    }

    int count(double v, String what) {
      if (v != Math.rint(v) || v < 1 || v > 1_000_000) {
        throw error(what + " must be a positive whole number, got " + v);
      }
      return (int) v;
    }

    void expectEnd() {
      while (next < lines.size()) {
        String raw = lines.get(next++).strip();
        if (!raw.isEmpty() && !raw.startsWith("//")) {
          current = next;
          throw error("unexpected values after the last layer");
        }
      }
    }

    NnetFormatException error(String message) {
      return new NnetFormatException(name + " line " + current + ": " + message);
    }
  }
}
