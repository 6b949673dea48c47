package io.milpnet.formulation.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.layer.conv.ConvLayer;
import io.milpnet.formulation.layer.dense.DenseLayer;
import io.milpnet.formulation.layer.gate.GateLayer;
import io.milpnet.formulation.layer.pool.PoolLayer;
import io.milpnet.formulation.layer.pool.PoolSpec;
import io.milpnet.formulation.spec.Shape;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every layer kind's gradient form against the layer itself: its forward pass on the layer's own parameters equals
 * {@link NetworkLayer#outputs}, {@code with} rebuilds the layer, and its backward pass equals central finite
 * differences of {@code delta . outputs} in every weight, bias and input (ReLU and linear, where the derivative is
 * the true one; random values keep clear of the kinks).
 */
public class DifferentiableTest {
  private static final double H = 1e-6;

  private static List<NetworkLayer> layers(Random r) {
    Shape map = new Shape(2, 4, 4);
    return List.of(
        new DenseLayer(gaussian(r, 3, 5), gaussian(r, 3), Activation.RELU, ""),
        new DenseLayer(gaussian(r, 2, 4), gaussian(r, 2), Activation.LINEAR, ""),
        new GateLayer(gaussian(r, 3, 4), gaussian(r, 3), gaussian(r, 3, 4), gaussian(r, 3), ""),
        new ConvLayer(map, 1, new double[][][][] {gaussian(r, 2, 2, 2), gaussian(r, 2, 2, 2)}, gaussian(r, 2),
            Activation.RELU, ""),
        new ConvLayer(map, 2, new double[][][][] {gaussian(r, 2, 2, 2)}, gaussian(r, 1), Activation.LINEAR, ""),
        new PoolLayer(PoolSpec.Kind.MAX, map, 2),
        new PoolLayer(PoolSpec.Kind.AVG, new Shape(2, 5, 4), 2));
  }

  @Test
  void forwardAndWithReproduceTheLayer() {
    Random r = new Random(11);
    for (NetworkLayer layer : layers(r)) {
      assertForwardReproducesTheLayer(layer, r);
    }
  }

  @Test
  void backwardIsTheDerivativeOfTheForwardPass() {
    Random r = new Random(5);
    for (NetworkLayer layer : layers(r)) {
      assertBackwardIsTheDerivative(layer, r);
    }
  }

  /** The gradient form's forward pass on the layer's own parameters is the layer's; {@code with} rebuilds it. */
  public static void assertForwardReproducesTheLayer(NetworkLayer layer, Random r) {
    Differentiable d = layer.differentiable();
    double[] x = gaussian(r, layer.inputs());
    double[] pre = new double[layer.units()];
    double[] out = new double[layer.units()];
    d.forward(d.weights(), d.biases(), x, pre, out, d.newMemo());
    assertArrayEquals(layer.outputs(x), out, 1e-12, layer.kindKey());
    NetworkLayer rebuilt = d.with(d.weights(), d.biases(), "d");
    assertArrayEquals(layer.outputs(x), rebuilt.outputs(x), 0.0, layer.kindKey());
    assertEquals(layer.totalWeights() > 0, d.weightCount() > 0, layer.kindKey());
  }

  /**
   * The backward pass equals central finite differences of {@code delta . outputs} in every weight, bias and input
   * (for ReLU and linear units, whose derivative is the true one; random inputs keep clear of the kinks).
   */
  public static void assertBackwardIsTheDerivative(NetworkLayer layer, Random r) {
    Differentiable d = layer.differentiable();
    double[] w = d.weights();
    double[] b = d.biases();
    double[] x = gaussian(r, layer.inputs());
    double[] delta = gaussian(r, layer.units());
    int[] memo = d.newMemo();
    double[] pre = new double[layer.units()];
    double[] out = new double[layer.units()];
    d.forward(w, b, x, pre, out, memo);
    double[] gw = new double[w.length];
    double[] gb = new double[b.length];
    double[] back = new double[x.length];
    d.backward(w, b, x, pre, delta, 0.5, gw, gb, back, memo);
    for (double[][] vector : new double[][][] {{w, gw}, {b, gb}, {x, back}}) {
      double[] v = vector[0];
      double scale = v == x ? 1.0 : 0.5;
      for (int q = 0; q < v.length; q++) {
        double keep = v[q];
        v[q] = keep + H;
        double up = dot(delta, run(d, w, b, x));
        v[q] = keep - H;
        double down = dot(delta, run(d, w, b, x));
        v[q] = keep;
        assertEquals(scale * (up - down) / (2 * H), vector[1][q], 1e-6, layer.kindKey() + " parameter " + q);
      }
    }
  }

  @Test
  void theLayoutNamesWhatEachParameterReads() {
    ConvLayer conv = new ConvLayer(new Shape(2, 3, 3), 1, new double[3][2][2][2], new double[3], Activation.RELU, "");
    Differentiable c = conv.differentiable();
    // Weight ((c * 2 + ci) * 2 + dy) * 2 + dx; channel 2, input channel 1, dy 1, dx 0 is 8 * 2 + 4 + 2 = 22.
    assertEquals(new Shape(2, 3, 3).index(1, 1, 0), c.inputOf(22));
    assertEquals(2, c.biasOf(conv.outputShape().index(2, 1, 1)));
    assertEquals(-1, c.passedInput(0));
    Differentiable dense = new DenseLayer(new double[2][3], new double[2], Activation.RELU, "").differentiable();
    assertEquals(2, dense.inputOf(5));
    assertEquals(1, dense.biasOf(1));
    PoolLayer pool = new PoolLayer(PoolSpec.Kind.MAX, new Shape(2, 4, 4), 2);
    assertEquals(pool.window(5)[0], pool.differentiable().passedInput(5));
    GateLayer gate = new GateLayer(new double[2][3], new double[2], new double[][] {{0, 1, 0}, {0, 0, 0}},
        new double[2], "");
    assertEquals(List.of(false, true, false), List.of(gate.differentiable().fixedReads(0),
        gate.differentiable().fixedReads(1), gate.differentiable().fixedReads(2)));
  }

  private static double[] run(Differentiable d, double[] w, double[] b, double[] x) {
    double[] out = new double[d.with(w, b, "").units()];
    d.forward(w, b, x, new double[out.length], out, d.newMemo());
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double[] gaussian(Random r, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextGaussian();
    }
    return v;
  }

  private static double[][] gaussian(Random r, int n, int m) {
    double[][] v = new double[n][];
    for (int i = 0; i < n; i++) {
      v[i] = gaussian(r, m);
    }
    return v;
  }

  private static double[][][] gaussian(Random r, int n, int m, int k) {
    double[][][] v = new double[n][][];
    for (int i = 0; i < n; i++) {
      v[i] = gaussian(r, m, k);
    }
    return v;
  }
}
