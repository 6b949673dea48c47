package io.milpnet.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.verify.FixedNetwork;
import io.milpnet.formulation.verify.NnetReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Known answers for the ONNX reader: the ACAS Xu networks against their .nnet copies, the competition's tiny
 * networks against their weights by hand, and one small model per operator (built here) against a forward pass
 * written out in the test.
 */
class OnnxReaderTest {
  static final Path DATA = Path.of("../data/onnx");

  private static double relu(double v) {
    return Math.max(0, v);
  }

  @Test
  void acasXuFromOnnxComputesWhatTheNnetCopyComputes() {
    for (String id : List.of("1_1", "1_2")) {
      OnnxNetwork onnx = new OnnxReader().read(DATA.resolve("acasxu/ACASXU_run2a_" + id + "_batch_2000.onnx"));
      FixedNetwork nnet = new NnetReader().read(Path.of("../data/acasxu/nnet/ACASXU_run2a_" + id
          + "_batch_2000.nnet")).toFixedNetwork();
      assertEquals(5, onnx.network().inputs());
      assertEquals(5, onnx.network().outputs());
      // Sub of a zero image, Flatten, then (MatMul, Add, Relu) x 6 and MatMul, Add: seven dense layers, as in .nnet.
      assertEquals(7, onnx.network().layers().size());
      // The ONNX copies hold the .nnet weights rounded to float32 (the .nnet has 6 significant digits): every
      // weight and bias equals its .nnet value so rounded, and the outputs agree to float32 accuracy.
      for (int l = 0; l < 7; l++) {
        var a = onnx.network().layers().get(l).toDense();
        var b = nnet.layers().get(l).toDense();
        for (int j = 0; j < a.units(); j++) {
          assertEquals((float) b.bias()[j], a.bias()[j], 0.0, "layer " + l + " bias " + j);
          for (int k = 0; k < a.inputs(); k++) {
            assertEquals((float) b.weights()[j][k], a.weights()[j][k], 0.0, "layer " + l + " weight " + j + "," + k);
          }
        }
      }
      Random r = new Random(16);
      for (int t = 0; t < 500; t++) {
        double[] x = TestGraphs.random(r, 5);
        assertArrayEquals(nnet.evaluate(x), onnx.network().evaluate(x), 1e-5, "ACAS Xu " + id + " at "
            + Arrays.toString(x));
      }
    }
  }

  @Test
  void tinyNetworksComputeTheirWeightsByHand() {
    FixedNetwork nano = new OnnxReader().read(DATA.resolve("tiny/test_nano.onnx")).network();
    FixedNetwork tiny = new OnnxReader().read(DATA.resolve("tiny/test_tiny.onnx")).network();
    FixedNetwork small = new OnnxReader().read(DATA.resolve("tiny/test_small.onnx")).network();
    for (double x : new double[] {-1, -0.3, 0, 0.4, 1}) {
      assertEquals(relu(0.5 * x), nano.evaluate(new double[] {x})[0], 1e-12);
      assertEquals(relu(x), tiny.evaluate(new double[] {x})[0], 1e-12);
      double h0 = relu(x + 1.5);
      double h1 = relu(2 * h0 + 2 * h0 + 2.5);
      assertEquals(3 * h1 + 3 * h1 + 3.5, small.evaluate(new double[] {x})[0], 1e-9);
    }
  }

  @Test
  void normalisationAndGemmWithAlphaBetaAndTransB() {
    Random r = new Random(1);
    double[] mean = TestGraphs.random(r, 3);
    double[] std = {0.5, 2, 4};
    double[] w = TestGraphs.random(r, 6); // [2, 3], used transposed
    double[] c = TestGraphs.random(r, 2);
    OnnxNetwork net = new TestGraphs().input("x", -1, 3).output("y", 1, 2)
        .constant("mean", mean, 3).constant("std", std, 1, 3).constant("w", w, 2, 3).constant("c", c, 2)
        .node("Sub", new String[] {"x", "mean"}, "a")
        .node("Div", new String[] {"a", "std"}, "b")
        .node("Identity", new String[] {"b"}, "b2")
        .node("Gemm", new String[] {"b2", "w", "c"}, "g", "alpha", 2.0, "beta", 0.5, "transB", 1L)
        .node("Relu", new String[] {"g"}, "y").read(13);
    assertEquals(1, net.network().layers().size(), "normalisation folds into the Gemm's dense layer");
    for (int t = 0; t < 20; t++) {
      double[] x = TestGraphs.random(r, 3);
      double[] expected = new double[2];
      for (int j = 0; j < 2; j++) {
        double s = 0.5 * c[j];
        for (int k = 0; k < 3; k++) {
          s += 2 * w[j * 3 + k] * (x[k] - mean[k]) / std[k];
        }
        expected[j] = relu(s);
      }
      assertArrayEquals(expected, net.network().evaluate(x), 1e-6);
    }
  }

  @Test
  void initializersListedAsInputsMatMulAddConstantAndLeakyRelu() {
    Random r = new Random(2);
    double[] w = TestGraphs.random(r, 8); // [4, 2]
    double[] b = TestGraphs.random(r, 2);
    double[] v = TestGraphs.random(r, 2); // [2, 1]
    OnnxNetwork net = new TestGraphs().input("w", 4, 2).input("x", 1, 4).output("y", 1, 1).constant("w", w, 4, 2)
        .constant("v", v, 2, 1)
        .node("Constant", new String[0], "b", "value", TestGraphs.tensor("", b, 2))
        .node("Constant", new String[0], "three", "value_float", 3.0)
        .node("MatMul", new String[] {"x", "w"}, "m")
        .node("Add", new String[] {"b", "m"}, "a")
        .node("LeakyRelu", new String[] {"a"}, "h", "alpha", 0.125)
        .node("Mul", new String[] {"h", "three"}, "h3")
        .node("MatMul", new String[] {"h3", "v"}, "y").read(8);
    assertEquals(4, net.network().inputs());
    for (int t = 0; t < 20; t++) {
      double[] x = TestGraphs.random(r, 4);
      double y = 0;
      for (int j = 0; j < 2; j++) {
        double a = b[j];
        for (int k = 0; k < 4; k++) {
          a += x[k] * w[k * 2 + j];
        }
        y += 3 * (a >= 0 ? a : 0.125 * a) * v[j];
      }
      assertEquals(y, net.network().evaluate(x)[0], 1e-6);
    }
    // The same graph with the Constant after the node that reads it (nodes must be in topological order).
    TestGraphs outOfOrder = new TestGraphs().input("x", 1, 4).output("y", 1, 2).constant("w", w, 4, 2)
        .node("MatMul", new String[] {"x", "w"}, "m")
        .node("Mul", new String[] {"m", "three"}, "y")
        .node("Constant", new String[0], "three", "value_float", 3.0);
    OnnxModelException e = assertThrows(OnnxModelException.class, () -> outOfOrder.read(8));
    assertTrue(e.getMessage().contains("reads 'three', which no initializer or earlier node defines"),
        e.getMessage());
  }

  /** Reference 2-D convolution of a [C, H, W] image, zero padding {top, left, bottom, right}. */
  static double[] conv(double[] x, int c, int h, int wd, double[] k, int m, int kh, int kw, double[] bias,
      int stride, int[] pads) {
    int oh = (h + pads[0] + pads[2] - kh) / stride + 1;
    int ow = (wd + pads[1] + pads[3] - kw) / stride + 1;
    double[] y = new double[m * oh * ow];
    for (int f = 0; f < m; f++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          double s = bias[f];
          for (int ci = 0; ci < c; ci++) {
            for (int dy = 0; dy < kh; dy++) {
              for (int dx = 0; dx < kw; dx++) {
                int iy = oy * stride + dy - pads[0];
                int ix = ox * stride + dx - pads[1];
                if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                  s += k[((f * c + ci) * kh + dy) * kw + dx] * x[(ci * h + iy) * wd + ix];
                }
              }
            }
          }
          y[(f * oh + oy) * ow + ox] = s;
        }
      }
    }
    return y;
  }

  @Test
  void paddedStridedConvWithBatchNormFlattenAndGemm() {
    Random r = new Random(3);
    double[] k = TestGraphs.random(r, 3 * 2 * 3 * 3);
    double[] kb = TestGraphs.random(r, 3);
    double[] scale = {1.5, 0.5, 2};
    double[] shift = TestGraphs.random(r, 3);
    double[] mean = TestGraphs.random(r, 3);
    double[] var = {0.25, 1, 4};
    // 2x5x5 input, pads 1, stride 2: 3x3x3 = 27 outputs.
    double[] w = TestGraphs.random(r, 2 * 27);
    OnnxNetwork net = new TestGraphs().input("x", 1, 2, 5, 5).output("y", 1, 2).constant("k", k, 3, 2, 3, 3)
        .constant("kb", kb, 3).constant("s", scale, 3).constant("t", shift, 3).constant("mu", mean, 3)
        .constant("var", var, 3).constant("w", w, 27, 2)
        .node("Conv", new String[] {"x", "k", "kb"}, "c", "pads", new long[] {1, 1, 1, 1}, "strides",
            new long[] {2, 2}, "kernel_shape", new long[] {3, 3})
        .node("BatchNormalization", new String[] {"c", "s", "t", "mu", "var"}, "bn", "epsilon", 1e-3)
        .node("Relu", new String[] {"bn"}, "h")
        .node("Flatten", new String[] {"h"}, "f")
        .node("MatMul", new String[] {"f", "w"}, "y").read(13);
    for (int t = 0; t < 10; t++) {
      double[] x = TestGraphs.random(r, 50);
      double[] c = conv(x, 2, 5, 5, k, 3, 3, 3, kb, 2, new int[] {1, 1, 1, 1});
      double[] h = new double[27];
      for (int i = 0; i < 27; i++) {
        int ch = i / 9;
        h[i] = relu(scale[ch] * (c[i] - mean[ch]) / Math.sqrt(var[ch] + 1e-3) + shift[ch]);
      }
      double[] y = new double[2];
      for (int j = 0; j < 2; j++) {
        for (int i = 0; i < 27; i++) {
          y[j] += h[i] * w[i * 2 + j];
        }
      }
      assertArrayEquals(y, net.network().evaluate(x), 1e-5);
    }
  }

  @Test
  void validConvBecomesAConvolutionLayerAndMaxPoolAPoolingLayer() {
    Random r = new Random(4);
    double[] k = TestGraphs.random(r, 2 * 1 * 2 * 2);
    double[] kb = TestGraphs.random(r, 2);
    double[] w = TestGraphs.random(r, 3 * 8); // [3, 8] used transposed: 2x2x2 = 8 pooled values
    OnnxNetwork net = new TestGraphs().input("x", 1, 1, 5, 5).output("y", 1, 3).constant("k", k, 2, 1, 2, 2)
        .constant("kb", kb, 2).constant("w", w, 3, 8).constant("half", new double[] {0.5}, 1)
        .node("Mul", new String[] {"x", "half"}, "xs")
        .node("Conv", new String[] {"xs", "k", "kb"}, "c")
        .node("Relu", new String[] {"c"}, "h")
        .node("MaxPool", new String[] {"h"}, "p", "kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2})
        .node("Flatten", new String[] {"p"}, "f")
        .node("Gemm", new String[] {"f", "w"}, "y", "transB", 1L).read(13);
    assertEquals(List.of("conv", "maxpool", "dense"),
        net.network().layers().stream().map(NetworkLayer::kindKey).toList());
    for (int t = 0; t < 10; t++) {
      double[] x = TestGraphs.random(r, 25);
      double[] xs = Arrays.stream(x).map(v -> v / 2).toArray();
      double[] h = Arrays.stream(conv(xs, 1, 5, 5, k, 2, 2, 2, kb, 1, new int[4])).map(OnnxReaderTest::relu)
          .toArray();
      double[] p = new double[8];
      for (int ch = 0; ch < 2; ch++) {
        for (int py = 0; py < 2; py++) {
          for (int px = 0; px < 2; px++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int dy = 0; dy < 2; dy++) {
              for (int dx = 0; dx < 2; dx++) {
                m = Math.max(m, h[(ch * 4 + py * 2 + dy) * 4 + px * 2 + dx]);
              }
            }
            p[(ch * 2 + py) * 2 + px] = m;
          }
        }
      }
      double[] y = new double[3];
      for (int j = 0; j < 3; j++) {
        for (int i = 0; i < 8; i++) {
          y[j] += w[j * 8 + i] * p[i];
        }
      }
      assertArrayEquals(y, net.network().evaluate(x), 1e-6);
    }
  }

  @Test
  void padAveragePoolTransposeReshapeAndClip() {
    Random r = new Random(5);
    for (long countPad : new long[] {0, 1}) {
      OnnxNetwork net = new TestGraphs().input("x", 1, 1, 3, 4).output("y", 2, 6)
          .longConstant("pads", 0, 0, 0, 1, 0, 0, 1, 0).longConstant("shape", 0, -1)
          .constant("lo", new double[] {-0.2}).constant("hi", new double[] {0.3})
          .node("Pad", new String[] {"x", "pads"}, "p")
          .node("AveragePool", new String[] {"p"}, "a", "kernel_shape", new long[] {2, 2}, "pads",
              new long[] {1, 0, 0, 1}, "count_include_pad", countPad)
          .node("Transpose", new String[] {"a"}, "t", "perm", new long[] {0, 1, 3, 2})
          .node("Reshape", new String[] {"t", "shape"}, "rs")
          .node("Clip", new String[] {"rs", "lo", "hi"}, "y").read(13);
      for (int t = 0; t < 10; t++) {
        double[] x = TestGraphs.random(r, 12);
        // Pad: a zero row below (H 3 -> 4) and a zero column on the left (W 4 -> 5).
        double[][] p = new double[4][5];
        for (int y = 0; y < 3; y++) {
          for (int xx = 0; xx < 4; xx++) {
            p[y][xx + 1] = x[y * 4 + xx];
          }
        }
        // Average pool 2x2, stride 1, one padded row on top and one padded column on the right: 4x5 outputs.
        double[][] a = new double[4][5];
        for (int oy = 0; oy < 4; oy++) {
          for (int ox = 0; ox < 5; ox++) {
            double s = 0;
            int n = 0;
            for (int dy = 0; dy < 2; dy++) {
              for (int dx = 0; dx < 2; dx++) {
                int iy = oy + dy - 1;
                int ix = ox + dx;
                if (iy >= 0 && iy < 4 && ix < 5) {
                  s += p[iy][ix];
                  n++;
                }
              }
            }
            a[oy][ox] = s / (countPad == 1 ? 4 : n);
          }
        }
        // Transpose H and W: 5x4, flat; reshape keeps the order; clip to [-0.2, 0.3].
        double[] expected = new double[20];
        for (int ox = 0; ox < 5; ox++) {
          for (int oy = 0; oy < 4; oy++) {
            expected[ox * 4 + oy] = Math.min(0.3, Math.max(-0.2, a[oy][ox]));
          }
        }
        assertArrayEquals(expected, net.network().evaluate(x), 1e-6, "count_include_pad " + countPad);
      }
      assertArrayEquals(new int[] {1, 20}, net.outputDims());
    }
  }

  @Test
  void squeezeAndUnsqueezeOnlyRenameDimensions() {
    Random r = new Random(6);
    double[] w = TestGraphs.random(r, 6); // [3, 2]
    // [1, 3] -> Unsqueeze (opset 11 attribute) [1, 1, 3, 1] -> Squeeze axes input [1, 3, 1] -> Squeeze all [3]
    // -> MatMul [3] x [3, 2] = [2].
    OnnxNetwork old = new TestGraphs().input("x", 1, 3).output("y", 2).constant("w", w, 3, 2)
        .node("Unsqueeze", new String[] {"x"}, "u", "axes", new long[] {1, -1})
        .node("Squeeze", new String[] {"u"}, "s", "axes", new long[] {0})
        .node("Squeeze", new String[] {"s"}, "v")
        .node("MatMul", new String[] {"v", "w"}, "y").read(11);
    OnnxNetwork current = new TestGraphs().input("x", 1, 3).output("y", 2).constant("w", w, 3, 2)
        .longConstant("ax", 1, -1).longConstant("first", 0)
        .node("Unsqueeze", new String[] {"x", "ax"}, "u")
        .node("Squeeze", new String[] {"u", "first"}, "s")
        .node("Squeeze", new String[] {"s"}, "v")
        .node("MatMul", new String[] {"v", "w"}, "y").read(13);
    for (OnnxNetwork net : List.of(old, current)) {
      assertArrayEquals(new int[] {2}, net.outputDims());
      double[] x = TestGraphs.random(r, 3);
      double[] y = new double[2];
      for (int j = 0; j < 2; j++) {
        for (int k = 0; k < 3; k++) {
          y[j] += x[k] * w[k * 2 + j];
        }
      }
      assertArrayEquals(y, net.network().evaluate(x), 1e-6);
    }
    OnnxModelException e = assertThrows(OnnxModelException.class, () -> new TestGraphs().input("x", 1, 3)
        .output("y", 3).node("Squeeze", new String[] {"x"}, "y", "axes", new long[] {1}).read(11));
    assertTrue(e.getMessage().contains("node 'squeeze1' (Squeeze): cannot squeeze axis 1 of shape [1, 3]"),
        e.getMessage());
  }

  @Test
  void anUnknownOperatorIsRefusedNamingTheNodeAndWhatIsSupported() {
    OnnxModelException e = assertThrows(OnnxModelException.class, () -> new TestGraphs().input("x", 1, 2)
        .output("y", 1, 2).node("Sigmoid", new String[] {"x"}, "y").read(13));
    assertTrue(e.getMessage().startsWith("'test.onnx': node 'sigmoid1' (Sigmoid): operator Sigmoid is not"
        + " supported; milpnet translates Gemm, MatMul"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void aBranchAndAnUnsupportedAttributeAreRefusedNamingTheNode() {
    OnnxModelException branch = assertThrows(OnnxModelException.class, () -> new TestGraphs().input("x", 1, 2)
        .output("y", 1, 2).node("Relu", new String[] {"x"}, "h").node("Add", new String[] {"h", "x"}, "y")
        .read(13));
    assertTrue(branch.getMessage().contains("node 'add2' (Add): reads 'x', an earlier result"), branch.getMessage());
    OnnxModelException group = assertThrows(OnnxModelException.class, () -> new TestGraphs()
        .input("x", 1, 2, 3, 3).output("y", 1, 2, 3, 3).constant("k", new double[2], 2, 1, 1, 1)
        .node("Conv", new String[] {"x", "k"}, "y", "group", 2L).read(13));
    assertTrue(group.getMessage().contains("node 'conv1' (Conv): group 2 is not supported"), group.getMessage());
  }

  @Test
  void aGzippedModelReadsAsTheModel(@TempDir Path dir) throws IOException {
    Path plain = DATA.resolve("tiny/test_small.onnx");
    Path gz = dir.resolve("test_small.onnx.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(Files.readAllBytes(plain));
    }
    FixedNetwork a = new OnnxReader().read(plain).network();
    FixedNetwork b = new OnnxReader().read(gz).network();
    for (double x : new double[] {-2, -0.5, 0, 1}) {
      assertArrayEquals(a.evaluate(new double[] {x}), b.evaluate(new double[] {x}), 0.0);
    }
    Path notGzip = dir.resolve("plain.onnx.gz");
    Files.copy(plain, notGzip);
    OnnxModelException e = assertThrows(OnnxModelException.class, () -> new OnnxReader().read(notGzip));
    assertTrue(e.getMessage().startsWith("'" + notGzip + "' is not a valid gzip file"), e.getMessage());
  }

  @Test
  void aTruncatedOrForeignFileIsRefusedNamingIt(@TempDir Path dir) throws IOException {
    byte[] acas = Files.readAllBytes(DATA.resolve("acasxu/ACASXU_run2a_1_1_batch_2000.onnx"));
    Path cut = dir.resolve("cut.onnx");
    Files.write(cut, Arrays.copyOf(acas, acas.length / 2));
    OnnxModelException e = assertThrows(OnnxModelException.class, () -> new OnnxReader().read(cut));
    assertTrue(e.getMessage().startsWith("'" + cut + "' is not a readable ONNX model (truncated or corrupt"),
        e.getMessage());
    Path text = dir.resolve("text.onnx");
    Files.writeString(text, "(declare-const X_0 Real)\n");
    OnnxModelException t = assertThrows(OnnxModelException.class, () -> new OnnxReader().read(text));
    assertTrue(t.getMessage().startsWith("'" + text + "'"), t.getMessage());
    assertEquals(1, t.getMessage().lines().count());
  }
}
