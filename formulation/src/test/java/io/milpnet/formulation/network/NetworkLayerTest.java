package io.milpnet.formulation.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.data.MinMaxScaler;
import io.milpnet.formulation.layer.conv.ConvLayer;
import io.milpnet.formulation.layer.dense.DenseLayer;
import io.milpnet.formulation.layer.gate.GateLayer;
import io.milpnet.formulation.layer.pool.PoolLayer;
import io.milpnet.formulation.layer.pool.PoolSpec;
import io.milpnet.formulation.spec.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Convolution and pooling forward passes against hand-computed values and their expansion into dense layers. */
class NetworkLayerTest {

  @Test
  void convolutionByHand() {
    // 1x3x3 input 1..9; kernel [[1,0],[0,-1]], bias 0.5: out(y,x) = in(y,x) - in(y+1,x+1) + 0.5 = -4 + 0.5.
    double[] in = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    ConvLayer conv = new ConvLayer(new Shape(1, 3, 3), 1, new double[][][][] {{{{1, 0}, {0, -1}}}},
        new double[] {0.5}, Activation.RELU, "");
    assertArrayEquals(new double[] {-3.5, -3.5, -3.5, -3.5}, conv.preActivations(in), 0.0);
    // Stride 2 on 2 channels of 1x5x5: one 3x3 kernel per channel, positions (0,0), (0,2), (2,0), (2,2).
    double[] two = new double[50];
    for (int k = 0; k < two.length; k++) {
      two[k] = k;
    }
    double[][][][] sum = new double[1][2][3][3];
    sum[0][0][1][1] = 1; // centre of channel 0
    sum[0][1][0][0] = 2; // top-left of channel 1
    ConvLayer strided = new ConvLayer(new Shape(2, 5, 5), 2, sum, new double[] {0}, Activation.LINEAR, "");
    assertEquals(new Shape(1, 2, 2), strided.outputShape());
    // centre (1,1) of channel 0 = 6, top-left of channel 1 at (0,0) = 25: 6 + 50 = 56; at (0,2): 8 + 2 * 27 = 62.
    assertArrayEquals(new double[] {56, 62, 16 + 2 * 35, 18 + 2 * 37}, strided.preActivations(two), 0.0);
    assertTrue(strided.reads(0, 6));
    assertTrue(strided.reads(0, 25));
    assertFalse(strided.reads(0, 0));
    assertEquals(2, strided.nonzeroWeights());
    assertEquals(18, strided.totalWeights());
  }

  @Test
  void poolingByHand() {
    // 1x4x5: windows of 2 drop the last column.
    double[] in = {1, 5, 2, 0, 9, 3, 4, -1, 7, 9, 0, 0, 0, 0, 9, -2, -3, -4, -5, 9};
    PoolLayer max = new PoolLayer(PoolSpec.Kind.MAX, new Shape(1, 4, 5), 2);
    PoolLayer avg = new PoolLayer(PoolSpec.Kind.AVG, new Shape(1, 4, 5), 2);
    assertArrayEquals(new double[] {5, 7, 0, 0}, max.preActivations(in), 0.0);
    assertArrayEquals(new double[] {13 / 4.0, 8 / 4.0, -5 / 4.0, -9 / 4.0}, avg.preActivations(in), 1e-15);
    assertArrayEquals(avg.preActivations(in), avg.toDense().preActivations(in), 1e-15);
    assertThrows(UnsupportedOperationException.class, max::toDense);
  }

  @Test
  void paddedAndStridedMaxPoolingByHandAndThroughJson() {
    // 1x3x3, windows of 2, stride 2, padding 1: the padded cells are never the maximum (ONNX's minus infinity), so
    // each output is the largest of its cells inside the image; zeros as padding would give 0, 0, 0, -5.
    double[] in = {-1, -2, -3, -4, -5, -6, -7, -8, -9};
    PoolLayer max = new PoolLayer(PoolSpec.Kind.MAX, new Shape(1, 3, 3), 2, 2, 1);
    assertEquals(new Shape(1, 2, 2), max.outputShape());
    assertArrayEquals(new double[] {-1, -2, -4, -5}, max.preActivations(in), 0.0);
    // Overlapping windows of 2, stride 1, no padding: 2x2 outputs over 1x3x3.
    PoolLayer overlapping = new PoolLayer(PoolSpec.Kind.MAX, new Shape(1, 3, 3), 2, 1, 0);
    assertArrayEquals(new double[] {-1, -2, -4, -5}, overlapping.preActivations(in), 0.0);
    assertArrayEquals(new double[] {5, 6, 8, 9}, overlapping.preActivations(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}),
        0.0);
    TrainedNetwork net = new TrainedNetwork(java.util.stream.IntStream.range(0, 9).mapToObj(i -> "p" + i).toList(),
        new MinMaxScaler(new double[9], filled(9, 1)), List.of(max, new DenseLayer(new double[][] {{1, 2, 3, 4}},
        new double[] {0}, Activation.LINEAR, "")), OutputKind.BINARY_SCORE, new int[] {0, 1});
    TrainedNetwork back = new TrainedNetworkJson().read(new TrainedNetworkJson().write(net), "test");
    assertEquals(max, back.layers().get(0), "stride and padding survive network.json");
    assertThrows(IllegalArgumentException.class, () -> new PoolLayer(PoolSpec.Kind.MAX, new Shape(1, 3, 3), 2, 2, 2),
        "padding as wide as the window");
    assertThrows(IllegalArgumentException.class, () -> new PoolLayer(PoolSpec.Kind.AVG, new Shape(1, 3, 3), 2, 1, 0),
        "average pooling stays non-overlapping");
  }

  @Test
  void gatesByHandAndThroughJson() {
    // Unit 0 passes x0 - x1 while x1 <= 0.5 (gate 0.5 - x1 >= 0); unit 1 passes 2 x0 while x0 >= x1.
    GateLayer gate = new GateLayer(new double[][] {{1, -1}, {2, 0}}, new double[] {0, 0},
        new double[][] {{0, -1}, {1, -1}}, new double[] {0.5, 0}, "continuous[-2,2]");
    assertArrayEquals(new double[] {0.5, 1.2}, gate.outputs(new double[] {0.6, 0.1}), 1e-15);
    assertArrayEquals(new double[] {0.0, 0.0}, gate.outputs(new double[] {0.2, 0.9}), 0.0);
    assertArrayEquals(new double[] {-0.5, 0.0}, gate.outputs(new double[] {0.0, 0.5}), 0.0, "gate open at exactly 0");
    DenseLayer out = new DenseLayer(new double[][] {{1, 1}}, new double[] {0}, Activation.LINEAR, "");
    TrainedNetwork net = new TrainedNetwork(List.of("a", "b"), new MinMaxScaler(new double[2], filled(2, 1.0)),
        List.of(gate, out), OutputKind.BINARY_SCORE, new int[] {0, 1});
    TrainedNetworkJson json = new TrainedNetworkJson();
    TrainedNetwork back = json.read(json.write(net), "net.json");
    assertEquals(json.write(net), json.write(back));
    assertArrayEquals(new double[] {1.7}, new ForwardPass(back).outputs(new double[] {0.6, 0.1}), 1e-15);
    assertThrows(UnsupportedOperationException.class, gate::toDense);
    assertEquals(3 + 3, gate.nonzeroWeights());
  }

  @Test
  void convolutionEqualsItsDenseExpansion() {
    Random r = new Random(4);
    for (int trial = 0; trial < 20; trial++) {
      Shape in = new Shape(1 + r.nextInt(3), 3 + r.nextInt(4), 3 + r.nextInt(4));
      int k = 1 + r.nextInt(3);
      double[][][][] kernels = new double[1 + r.nextInt(3)][in.channels()][k][k];
      double[] bias = new double[kernels.length];
      for (int c = 0; c < kernels.length; c++) {
        bias[c] = r.nextGaussian();
        for (double[][] plane : kernels[c]) {
          for (double[] row : plane) {
            for (int x = 0; x < k; x++) {
              row[x] = r.nextInt(4) == 0 ? 0 : r.nextGaussian();
            }
          }
        }
      }
      ConvLayer conv = new ConvLayer(in, 1 + r.nextInt(2), kernels, bias, Activation.RELU, "");
      DenseLayer dense = conv.toDense();
      double[] x = r.doubles(in.size()).toArray();
      assertArrayEquals(dense.preActivations(x), conv.preActivations(x), 1e-12);
      for (int j = 0; j < conv.units(); j++) {
        for (int i = 0; i < conv.inputs(); i++) {
          assertEquals(dense.reads(j, i), conv.reads(j, i));
        }
      }
      assertEquals(conv.units(), dense.units());
    }
  }

  @Test
  void convolutionalNetworksRoundTripThroughJson() {
    Shape in = new Shape(1, 4, 4);
    ConvLayer conv = new ConvLayer(in, 1, new double[][][][] {{{{1, -1}, {0, 0.5}}}, {{{0, 0}, {0, 0}}}},
        new double[] {0.25, 0}, Activation.RELU, "continuous[-1,1]");
    PoolLayer pool = new PoolLayer(PoolSpec.Kind.MAX, conv.outputShape(), 3);
    DenseLayer out = new DenseLayer(new double[][] {{1, -1}}, new double[] {0.1}, Activation.LINEAR, "ternary");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      names.add("p" + i);
    }
    TrainedNetwork net = new TrainedNetwork(names, new MinMaxScaler(new double[16], filled(16, 16.0)),
        List.of(conv, pool, out), OutputKind.BINARY_SCORE, new int[] {0, 1});
    TrainedNetworkJson json = new TrainedNetworkJson();
    String text = json.write(net);
    assertTrue(text.contains("\"type\" : \"conv\"") && text.contains("\"type\" : \"maxpool\""), text);
    TrainedNetwork back = json.read(text, "net.json");
    assertEquals(text, json.write(back));
    Random r = new Random(1);
    for (int t = 0; t < 10; t++) {
      double[] x = r.doubles(16).toArray();
      assertArrayEquals(new ForwardPass(net).outputs(x), new ForwardPass(back).outputs(x), 0.0);
    }
    NetworkStructure st = NetworkStructure.of(net);
    assertEquals(1, st.activeFilters());
    assertEquals(2, st.totalFilters());
    assertEquals(3 + 2, st.nonzeroWeights());
    // Filter 0's taps (0,0), (0,1), (1,1) reach every pixel but the bottom-left one (3,0) = p12, which only the zero
    // tap (1,0) would read.
    assertEquals(15, st.selectedFeatureNames().size());
    assertFalse(st.selectedFeatureNames().contains("p12"));
  }

  private static double[] filled(int n, double v) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, v);
    return a;
  }
}
