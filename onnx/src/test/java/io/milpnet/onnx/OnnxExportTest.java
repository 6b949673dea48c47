package io.milpnet.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.activation.Activations;
import io.milpnet.formulation.data.MinMaxScaler;
import io.milpnet.formulation.layer.conv.ConvLayer;
import io.milpnet.formulation.layer.dense.DenseLayer;
import io.milpnet.formulation.layer.gate.GateLayer;
import io.milpnet.formulation.layer.pool.PoolLayer;
import io.milpnet.formulation.layer.pool.PoolSpec;
import io.milpnet.formulation.network.ForwardPass;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.OutputKind;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.spec.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exported networks of every layer kind milpnet trains run in onnxruntime (the reference runtime) and compute
 * milpnet's forward pass, input scaling and clipping included, to float32 accuracy (1e-5); read back by milpnet's own
 * reader they compute it too.
 */
class OnnxExportTest {
  private static final Random R = new Random(16);

  private static double[][] matrix(int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int k = 0; k < cols; k++) {
        row[k] = 2 * R.nextDouble() - 1;
      }
    }
    return m;
  }

  private static double[] vector(int n) {
    return matrix(1, n)[0];
  }

  private static DenseLayer dense(int in, int out, Activation a) {
    return new DenseLayer(matrix(out, in), vector(out), a, "test");
  }

  private static ConvLayer conv(Shape in, int stride, int filters, int k, Activation a) {
    double[][][][] kernels = new double[filters][in.channels()][][];
    for (double[][][] kernel : kernels) {
      for (int c = 0; c < in.channels(); c++) {
        kernel[c] = matrix(k, k);
      }
    }
    return new ConvLayer(in, stride, kernels, vector(filters), a, "test");
  }

  /** Features scaled from ranges of their own; some constant (range 0), clipped or not. */
  private static TrainedNetwork network(int features, List<NetworkLayer> layers, OutputKind kind, boolean clip) {
    double[] min = new double[features];
    double[] max = new double[features];
    for (int j = 0; j < features; j++) {
      min[j] = 10 * R.nextDouble() - 5;
      max[j] = j % 7 == 3 ? min[j] : min[j] + 0.5 + 3 * R.nextDouble();
    }
    List<String> names = IntStream.range(0, features).mapToObj(j -> "f" + j).toList();
    int outputs = layers.get(layers.size() - 1).units();
    int[] labels = kind == OutputKind.ARGMAX ? IntStream.range(0, outputs).toArray()
        : kind == OutputKind.BINARY_SCORE ? new int[] {0, 1} : new int[0];
    return new TrainedNetwork(names, new MinMaxScaler(min, max, clip), layers, kind, labels,
        kind == OutputKind.REGRESSION ? new double[] {-3, 7} : null);
  }

  /** milpnet's own prediction for a raw input: scaling, forward pass, and a regression output in target units. */
  private static double[] milpnet(TrainedNetwork net, double[] raw) {
    double[] out = new ForwardPass(net).outputs(net.scaler().transform(raw));
    if (net.outputKind() == OutputKind.REGRESSION) {
      return new double[] {net.targetValue(out[0])};
    }
    return out;
  }

  /** Raw inputs around the training ranges, a fifth beyond them on either side (exercising the clip). */
  private static double[] rawInput(TrainedNetwork net) {
    MinMaxScaler s = net.scaler();
    double[] x = new double[s.numFeatures()];
    for (int j = 0; j < x.length; j++) {
      double range = Math.max(s.max()[j] - s.min()[j], 1);
      x[j] = (float) (s.min()[j] + (1.4 * R.nextDouble() - 0.2) * range);
    }
    return x;
  }

  private static void assertRunsAsMilpnet(String what, TrainedNetwork net, boolean reimports) throws OrtException {
    byte[] bytes = OnnxExport.model(net).toByteArray();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OnnxNetwork back = reimports ? new OnnxReader().read(bytes, "'" + what + ".onnx'") : null;
    try (OrtSession session = env.createSession(bytes, new OrtSession.SessionOptions())) {
      for (int t = 0; t < 50; t++) {
        double[] raw = rawInput(net);
        float[][] in = new float[1][raw.length];
        for (int j = 0; j < raw.length; j++) {
          in[0][j] = (float) raw[j];
        }
        double[] expected = milpnet(net, raw);
        try (OnnxTensor x = OnnxTensor.createTensor(env, in);
            OrtSession.Result result = session.run(Map.of("input", x))) {
          float[] y = ((float[][]) result.get(0).getValue())[0];
          double[] got = new double[y.length];
          for (int j = 0; j < y.length; j++) {
            got[j] = y[j];
          }
          assertArrayEquals(expected, got, 1e-5 * Math.max(1, maxAbs(expected)), what + " in onnxruntime");
        }
        if (back != null) {
          assertArrayEquals(expected, back.network().evaluate(raw), 1e-5 * Math.max(1, maxAbs(expected)),
              what + " read back by milpnet");
        }
      }
    }
  }

  private static double maxAbs(double[] v) {
    double m = 0;
    for (double x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }

  @Test
  void denseNetworksWithEveryActivationClippedOrNot() throws OrtException {
    Activation leaky = Activations.standard().parse("leakyrelu:0.1");
    Activation hardtanh = Activations.standard().parse("hardtanh");
    List<NetworkLayer> layers = List.of(dense(9, 6, Activation.RELU), dense(6, 5, leaky), dense(5, 4, hardtanh),
        dense(4, 3, Activation.LINEAR));
    assertRunsAsMilpnet("dense clipped", network(9, layers, OutputKind.ARGMAX, true), true);
    assertRunsAsMilpnet("dense unclipped", network(9, layers, OutputKind.ARGMAX, false), true);
    assertRunsAsMilpnet("regression", network(9, List.of(dense(9, 4, Activation.RELU),
        dense(4, 1, Activation.LINEAR)), OutputKind.REGRESSION, true), true);
  }

  @Test
  void convolutionWithMaxAndAveragePooling() throws OrtException {
    Shape image = new Shape(2, 9, 9);
    ConvLayer c1 = conv(image, 1, 3, 3, Activation.RELU); // 3x7x7
    PoolLayer max = new PoolLayer(PoolSpec.Kind.MAX, c1.outputShape(), 2); // 3x3x3, the last row and column dropped
    List<NetworkLayer> maxNet = List.of(c1, max, dense(27, 4, Activation.LINEAR));
    assertRunsAsMilpnet("conv maxpool", network(image.size(), maxNet, OutputKind.ARGMAX, true), true);
    ConvLayer c2 = conv(image, 2, 2, 3, Activations.standard().parse("leakyrelu:0.25")); // 2x4x4
    PoolLayer avg = new PoolLayer(PoolSpec.Kind.AVG, c2.outputShape(), 2); // 2x2x2
    List<NetworkLayer> avgNet = List.of(c2, avg, dense(8, 1, Activation.LINEAR));
    assertRunsAsMilpnet("conv avgpool", network(image.size(), avgNet, OutputKind.BINARY_SCORE, false), true);
    // Max pooling as PyTorch exports it beyond milpnet's own: overlapping windows, padding (never the maximum) on a
    // leaky ReLU's negative values.
    ConvLayer c3 = conv(image, 1, 2, 3, Activations.standard().parse("leakyrelu:0.25")); // 2x7x7
    PoolLayer padded = new PoolLayer(PoolSpec.Kind.MAX, c3.outputShape(), 3, 2, 1); // 2x4x4
    PoolLayer overlapping = new PoolLayer(PoolSpec.Kind.MAX, c3.outputShape(), 2, 1, 0); // 2x6x6
    assertRunsAsMilpnet("conv padded strided maxpool", network(image.size(), List.of(c3, padded,
        dense(32, 3, Activation.LINEAR)), OutputKind.ARGMAX, false), true);
    assertRunsAsMilpnet("conv overlapping maxpool", network(image.size(), List.of(c3, overlapping,
        dense(72, 3, Activation.LINEAR)), OutputKind.ARGMAX, false), true);
  }

  @Test
  void gatesAndStepsRunAsWhereAndGreaterOrEqualAndGatesAreNotReadBack() throws OrtException {
    List<NetworkLayer> layers = new ArrayList<>();
    layers.add(new GateLayer(matrix(5, 6), vector(5), matrix(5, 6), vector(5), "test"));
    layers.add(dense(5, 4, Activations.standard().parse("step")));
    layers.add(dense(4, 2, Activation.LINEAR));
    TrainedNetwork net = network(6, layers, OutputKind.ARGMAX, true);
    assertRunsAsMilpnet("gate", net, false);
    OnnxModelException e = assertThrows(OnnxModelException.class,
        () -> new OnnxReader().read(OnnxExport.model(net).toByteArray(), "'gate.onnx'"));
    // A gate reads the layer's input twice (values and gates): a branch, which the importer refuses naming the node.
    assertTrue(e.getMessage().startsWith("'gate.onnx': node 'gemm"), e.getMessage());
    assertTrue(e.getMessage().contains("an earlier result than the last one"), e.getMessage());
  }

  @Test
  void writesTheFileAtomically(@TempDir Path dir) throws Exception {
    TrainedNetwork net = network(3, List.of(dense(3, 2, Activation.LINEAR)), OutputKind.ARGMAX, true);
    Path file = dir.resolve("net.onnx");
    OnnxExport.write(net, file);
    assertEquals(1, Files.list(dir).count(), "no temporary file is left");
    OnnxNetwork back = new OnnxReader().read(file);
    assertArrayEquals(new int[] {1, 3}, back.inputDims());
    assertArrayEquals(new int[] {1, 2}, back.outputDims());
  }
}
