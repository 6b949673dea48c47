package io.milpnet.formulation.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.backend.ortools.OrToolsBackend;
import io.milpnet.core.bounds.Interval;
import io.milpnet.core.bridge.BridgingSolver;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Sense;
import io.milpnet.core.model.Var;
import io.milpnet.core.model.VarType;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.encode.ReluBigMFormulation;
import io.milpnet.formulation.encode.ReluFormulation;
import io.milpnet.formulation.encode.ReluIndicatorFormulation;
import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.layer.conv.ConvLayer;
import io.milpnet.formulation.layer.dense.DenseLayer;
import io.milpnet.formulation.layer.gate.GateLayer;
import io.milpnet.formulation.layer.pool.PoolLayer;
import io.milpnet.formulation.layer.pool.PoolSpec;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.spec.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Verification of every layer kind milpnet trains (dense, convolution, max and average pooling, gates) against the
 * layers' own forward pass: with the input fixed, the verifier's MILP of a box reproduces the forward pass (its
 * minimum and maximum of every output are the forward pass's value); interval, symbolic and LP bounds contain every
 * activation of inputs sampled in the box; and properties whose answers are computed by hand come out so.
 */
public class LayerKindsVerificationTest {
  static final SolveOptions OPTIONS = SolveOptions.defaults().withTimeLimit(60);
  static final double EPS = 1e-6;

  /** Conv 2@3x3 (ReLU) on 1x6x6, 2x2 max pooling, dense ReLU 3, linear output 2. */
  static FixedNetwork convMaxDense(Random r) {
    ConvLayer conv = new ConvLayer(new Shape(1, 6, 6), 1, kernels(r, 2, 1, 3), uniform(r, 2, 0.5), Activation.RELU,
        "");
    PoolLayer pool = new PoolLayer(PoolSpec.Kind.MAX, conv.outputShape(), 2);
    return new FixedNetwork(List.of(conv, pool, dense(r, 3, pool.units(), Activation.RELU),
        dense(r, 2, 3, Activation.LINEAR)));
  }

  /** Conv 2@2x2 (ReLU) on 2x6x6, 2x2 average pooling, linear output 3. */
  static FixedNetwork convAvgDense(Random r) {
    ConvLayer conv = new ConvLayer(new Shape(2, 6, 6), 1, kernels(r, 2, 2, 2), uniform(r, 2, 0.5), Activation.RELU,
        "");
    PoolLayer pool = new PoolLayer(PoolSpec.Kind.AVG, conv.outputShape(), 2);
    return new FixedNetwork(List.of(conv, pool, dense(r, 3, pool.units(), Activation.LINEAR)));
  }

  /** Dense ReLU 8 (as a 2x2x2 image), 2x2 max pooling, a gate layer of 3, a gate layer of 2, linear output 2. */
  static FixedNetwork denseMaxGates(Random r) {
    DenseLayer first = dense(r, 8, 4, Activation.RELU);
    PoolLayer pool = new PoolLayer(PoolSpec.Kind.MAX, new Shape(2, 2, 2), 2);
    return new FixedNetwork(List.of(first, pool, gate(r, 3, 2), gate(r, 2, 3), dense(r, 2, 2, Activation.LINEAR)));
  }

  /**
   * Conv 2@3x3 (linear, so pooled values are negative too) on 1x6x6, max pooling over windows of 3 with stride 2 and
   * padding 1 (overlapping, edge windows partly outside the image: an ONNX MaxPool), dense ReLU 3, linear output 2.
   */
  static FixedNetwork convPaddedMaxDense(Random r) {
    ConvLayer conv = new ConvLayer(new Shape(1, 6, 6), 1, kernels(r, 2, 1, 3), uniform(r, 2, 0.5),
        Activation.LINEAR, "");
    PoolLayer pool = new PoolLayer(PoolSpec.Kind.MAX, conv.outputShape(), 3, 2, 1);
    return new FixedNetwork(List.of(conv, pool, dense(r, 3, pool.units(), Activation.RELU),
        dense(r, 2, 3, Activation.LINEAR)));
  }

  static Map<String, FixedNetwork> networks(long seed) {
    Random r = new Random(seed);
    return Map.of("conv+maxpool+dense", convMaxDense(r), "conv+avgpool+dense", convAvgDense(r),
        "dense+maxpool+gates", denseMaxGates(r), "conv+padded strided maxpool+dense", convPaddedMaxDense(r));
  }

  static DenseLayer dense(Random r, int units, int inputs, Activation a) {
    double[][] w = new double[units][];
    for (int j = 0; j < units; j++) {
      w[j] = uniform(r, inputs, 1);
    }
    return new DenseLayer(w, uniform(r, units, 0.5), a, "");
  }

  static GateLayer gate(Random r, int units, int inputs) {
    double[][] w = new double[units][];
    double[][] u = new double[units][];
    for (int j = 0; j < units; j++) {
      w[j] = uniform(r, inputs, 1);
      u[j] = uniform(r, inputs, 1);
    }
    return new GateLayer(w, uniform(r, units, 0.5), u, uniform(r, units, 0.3), "");
  }

  static double[][][][] kernels(Random r, int out, int in, int k) {
    double[][][][] kernels = new double[out][in][k][];
    for (int c = 0; c < out; c++) {
      for (int ci = 0; ci < in; ci++) {
        for (int y = 0; y < k; y++) {
          kernels[c][ci][y] = uniform(r, k, 1);
        }
      }
    }
    return kernels;
  }

  static double[] uniform(Random r, int n, double bound) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = bound * (2 * r.nextDouble() - 1);
    }
    return v;
  }

  /** A box of half-width 0.25 around a random point of [0, 1]^n, clipped to it. */
  static double[][] box(Random r, int n) {
    double[] lo = new double[n];
    double[] hi = new double[n];
    for (int i = 0; i < n; i++) {
      double c = r.nextDouble();
      lo[i] = Math.max(0, c - 0.25);
      hi[i] = Math.min(1, c + 0.25);
    }
    return new double[][] {lo, hi};
  }

  static double[] sample(Random r, double[] lo, double[] hi) {
    double[] x = new double[lo.length];
    for (int i = 0; i < x.length; i++) {
      // A third of the coordinates on a face of the box: where bounds are tightest.
      double u = r.nextDouble();
      x[i] = u < 1.0 / 6 ? lo[i] : u < 1.0 / 3 ? hi[i] : lo[i] + r.nextDouble() * (hi[i] - lo[i]);
    }
    return x;
  }

  @Test
  void theMilpWithTheInputFixedReproducesTheForwardPass() {
    Random r = new Random(7);
    int binaries = 0;
    for (long seed = 0; seed < 3; seed++) {
      binaries += assertMilpReproducesTheForwardPass(networks(seed), r, " seed " + seed);
    }
    assertTrue(binaries > 100, "the boxes leave units unstable (" + binaries + " binaries): the test has teeth");
  }

  /**
   * For every network, on a random box and both ReLU formulations, with and without symbolic bounds: the verifier's
   * encoding with the input fixed to a sampled point has every output's minimum and maximum at the forward pass.
   * Returns the binaries the boxes left (so a caller can check the test has teeth).
   */
  public static int assertMilpReproducesTheForwardPass(Map<String, FixedNetwork> networks, Random r, String tag) {
    SolverBackend scip = new BridgingSolver(OrToolsBackend.scip());
    int binaries = 0;
    {
      for (Map.Entry<String, FixedNetwork> e : networks.entrySet()) {
        FixedNetwork net = e.getValue();
        double[][] box = box(r, net.inputs());
        for (ReluFormulation relu : List.of(new ReluBigMFormulation(), new ReluIndicatorFormulation())) {
          for (boolean symbolic : new boolean[] {false, true}) {
            Model m = new Model("oracle");
            Var[] x = new Var[net.inputs()];
            for (int i = 0; i < x.length; i++) {
              x[i] = m.addContinuous(box[0][i], box[1][i], "X_" + i, "input");
            }
            SymbolicBounds sym = symbolic ? SymbolicBounds.over(net, box[0], box[1]) : null;
            Signal[] out = new BoxEncoder(m, sym, null, relu).encode(net, x);
            binaries += m.countVars(VarType.BINARY);
            for (int p = 0; p < 2; p++) {
              double[] point = sample(r, box[0], box[1]);
              for (int i = 0; i < x.length; i++) {
                m.setBounds(x[i].index(), point[i], point[i]);
              }
              double[] expected = net.evaluate(point);
              for (int j = 0; j < expected.length; j++) {
                for (Sense sense : Sense.values()) {
                  m.setObjective(sense, out[j].expr());
                  Solution s = scip.solve(m, OPTIONS);
                  String what = e.getKey() + tag + ", " + relu.name() + (symbolic ? ", symbolic" : "")
                      + ", output " + j + " " + sense;
                  assertEquals(SolveStatus.OPTIMAL, s.status(), what);
                  assertEquals(expected[j], s.objective(), EPS, what);
                }
              }
            }
          }
        }
      }
    }
    return binaries;
  }

  @Test
  void intervalSymbolicAndLpBoundsContainSampledActivations() {
    Random r = new Random(11);
    for (long seed = 0; seed < 4; seed++) {
      assertBoundsContainSampledActivations(networks(100 + seed), r, " seed " + seed);
    }
  }

  /**
   * For every network on a random box: interval, symbolic and LP bounds contain the pre-activations, outputs and gate
   * values of 300 sampled inputs, and the symbolic bound of every output difference holds at each sample.
   */
  public static void assertBoundsContainSampledActivations(Map<String, FixedNetwork> networks, Random r, String tag) {
    {
      for (Map.Entry<String, FixedNetwork> e : networks.entrySet()) {
        FixedNetwork net = e.getValue();
        double[][] box = box(r, net.inputs());
        SymbolicBounds sym = SymbolicBounds.over(net, box[0], box[1]);
        Map<BoundMethod, Interval[][]> ranges = Map.of(
            BoundMethod.INTERVAL, verifier(BoundMethod.INTERVAL).preActivationBounds(net, box[0], box[1]),
            BoundMethod.SYMBOLIC, verifier(BoundMethod.SYMBOLIC).preActivationBounds(net, box[0], box[1]),
            BoundMethod.LP, verifier(BoundMethod.LP).preActivationBounds(net, box[0], box[1]));
        for (int t = 0; t < 300; t++) {
          double[] x = sample(r, box[0], box[1]);
          double[] in = x;
          for (int l = 0; l < net.layers().size(); l++) {
            NetworkLayer layer = net.layers().get(l);
            double[] pre = layer.preActivations(in);
            double[] post = layer.outputs(in, pre);
            double[] gates = layer instanceof GateLayer g ? g.gateValues(in) : new double[0];
            String where = e.getKey() + tag + ", layer " + (l + 1);
            for (int j = 0; j < pre.length; j++) {
              assertContains(sym.preActivation(l, j), pre[j], where + " unit " + j + " symbolic pre-activation");
              assertContains(sym.output(l, j), post[j], where + " unit " + j + " symbolic output");
              for (Map.Entry<BoundMethod, Interval[][]> m : ranges.entrySet()) {
                if (m.getValue()[l] != null) {
                  assertContains(m.getValue()[l][j], pre[j], where + " unit " + j + " " + m.getKey() + " range");
                }
              }
            }
            for (int j = 0; j < gates.length; j++) {
              assertContains(sym.preActivation(l, pre.length + j), gates[j], where + " gate " + j + " symbolic");
              for (Map.Entry<BoundMethod, Interval[][]> m : ranges.entrySet()) {
                assertContains(m.getValue()[l][pre.length + j], gates[j], where + " gate " + j + " " + m.getKey());
              }
            }
            in = post;
          }
          // The symbolic bound of every output difference, as robustness asks it, holds at the sample.
          double[] y = in;
          for (int a = 0; a < y.length; a++) {
            for (int b = 0; b < y.length; b++) {
              double[] c = new double[y.length];
              c[a] += 1;
              c[b] -= 1;
              assertTrue(sym.lowerBound(new double[x.length], c) <= y[a] - y[b] + 1e-9, e.getKey() + " Y" + a
                  + " - Y" + b);
            }
          }
        }
      }
    }
  }

  static Verifier verifier(BoundMethod bounds) {
    return new Verifier(OrToolsBackend.scip(), bounds == BoundMethod.LP ? OrToolsBackend.glop() : null, bounds,
        new ReluBigMFormulation(), Verifier.DEFAULT_TOLERANCE);
  }

  static void assertContains(Interval range, double v, String what) {
    assertTrue(Double.isFinite(range.lo()) && Double.isFinite(range.hi()), what + ": " + range);
    assertTrue(range.lo() <= v + 1e-9 && v <= range.hi() + 1e-9, what + ": " + v + " outside " + range);
  }

  /**
   * x in [0,1]^2; h = relu(x0, x1, 1 - x0 - x1, x0 - x1) as a 1x2x2 image; y = max(h) by 2x2 max pooling. Since
   * x0 + x1 + (1 - x0 - x1) = 1, the largest of the first three is at least 1/3, with equality only at
   * x = (1/3, 1/3): the minimum of y is 1/3; its maximum is 1 (at x = (1, 0)).
   */
  static FixedNetwork maxOfFour() {
    DenseLayer h = new DenseLayer(new double[][] {{1, 0}, {0, 1}, {-1, -1}, {1, -1}}, new double[] {0, 0, 1, 0},
        Activation.RELU, "");
    PoolLayer max = new PoolLayer(PoolSpec.Kind.MAX, new Shape(1, 2, 2), 2);
    DenseLayer out = new DenseLayer(new double[][] {{1}}, new double[] {0}, Activation.LINEAR, "");
    return new FixedNetwork(List.of(h, max, out));
  }

  /** The unsafe set {@code x in [0,1]^2, sign * Y_0 <= bound}. */
  public static VnnProperty unitBoxAnd(double sign, double bound, String text) {
    List<LinearAtom> atoms = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      double[] up = new double[2];
      up[i] = 1;
      double[] down = new double[2];
      down[i] = -1;
      atoms.add(new LinearAtom(up, new double[1], 1, "X_" + i + " <= 1"));
      atoms.add(new LinearAtom(down, new double[1], 0, "X_" + i + " >= 0"));
    }
    atoms.add(new LinearAtom(new double[2], new double[] {sign}, bound, text));
    return new VnnProperty(text, 2, 1, List.of(new Conjunction(atoms)));
  }

  static List<Verifier> verifiers() {
    List<Verifier> all = new ArrayList<>();
    for (BoundMethod b : BoundMethod.values()) {
      all.add(verifier(b));
    }
    all.add(new Verifier(OrToolsBackend.cbc(), null, BoundMethod.SYMBOLIC, new ReluBigMFormulation(),
        Verifier.DEFAULT_TOLERANCE));
    return all;
  }

  @Test
  void maxPoolingPropertiesWithHandComputedAnswers() {
    FixedNetwork net = maxOfFour();
    assertEquals(1.0 / 3, net.evaluate(new double[] {1.0 / 3, 1.0 / 3})[0], 1e-15);
    for (Verifier v : verifiers()) {
      String who = v.bounds().key();
      assertEquals(Verdict.HOLDS, v.verify(net, unitBoxAnd(1, 0.3, "Y_0 <= 0.3"), OPTIONS).verdict(), who);
      assertEquals(Verdict.HOLDS, v.verify(net, unitBoxAnd(-1, -1.01, "Y_0 >= 1.01"), OPTIONS).verdict(), who);
      VerificationResult low = v.verify(net, unitBoxAnd(1, 0.36, "Y_0 <= 0.36"), OPTIONS);
      assertEquals(Verdict.VIOLATED, low.verdict(), who + ": " + low.reason());
      double[] cx = low.counterexample().input();
      // y <= 0.36 needs x0, x1 <= 0.36 and x0 + x1 >= 0.64: a point near (1/3, 1/3).
      assertTrue(cx[0] <= 0.36 + 1e-12 && cx[1] <= 0.36 + 1e-12 && cx[0] + cx[1] >= 0.64 - 1e-12, who);
      assertTrue(net.evaluate(cx)[0] <= 0.36, who);
      VerificationResult high = v.verify(net, unitBoxAnd(-1, -0.99, "Y_0 >= 0.99"), OPTIONS);
      assertEquals(Verdict.VIOLATED, high.verdict(), who + ": " + high.reason());
      assertTrue(net.evaluate(high.counterexample().input())[0] >= 0.99, who);
    }
  }

  /**
   * x in [0,1]^2; y = x0 when the gate x1 - 0.5 >= 0 is open, else 0. With x1 <= 0.4 the gate is closed: y >= 0.6 is
   * impossible. With x1 <= 0.55 it is open at x1 in [0.5, 0.55], where y = x0 reaches 1.
   */
  @Test
  void gatePropertiesWithHandComputedAnswers() {
    GateLayer gate = new GateLayer(new double[][] {{1, 0}}, new double[] {0}, new double[][] {{0, 1}},
        new double[] {-0.5}, "");
    FixedNetwork net = new FixedNetwork(List.of(gate, new DenseLayer(new double[][] {{1}}, new double[] {0},
        Activation.LINEAR, "")));
    for (Verifier v : verifiers()) {
      String who = v.bounds().key();
      assertEquals(Verdict.HOLDS, v.verify(net, gated(0.4), OPTIONS).verdict(), who);
      VerificationResult open = v.verify(net, gated(0.55), OPTIONS);
      assertEquals(Verdict.VIOLATED, open.verdict(), who + ": " + open.reason());
      double[] cx = open.counterexample().input();
      assertTrue(cx[1] >= 0.5 && cx[1] <= 0.55 && cx[0] >= 0.6, who + ": " + cx[0] + ", " + cx[1]);
    }
  }

  /** x in [0,1] x [0, x1Max] and Y_0 >= 0.6. */
  static VnnProperty gated(double x1Max) {
    List<LinearAtom> atoms = List.of(
        new LinearAtom(new double[] {1, 0}, new double[1], 1, "X_0 <= 1"),
        new LinearAtom(new double[] {-1, 0}, new double[1], 0, "X_0 >= 0"),
        new LinearAtom(new double[] {0, 1}, new double[1], x1Max, "X_1 <= " + x1Max),
        new LinearAtom(new double[] {0, -1}, new double[1], 0, "X_1 >= 0"),
        new LinearAtom(new double[2], new double[] {-1}, -0.6, "Y_0 >= 0.6"));
    return new VnnProperty("gate", 2, 1, List.of(new Conjunction(atoms)));
  }

  @Test
  void stepIsRefusedNamingTheLayer() {
    ConvLayer step = new ConvLayer(new Shape(1, 3, 3), 1, kernels(new Random(1), 1, 1, 2), new double[] {0},
        Activation.STEP, "");
    FixedNetwork net = new FixedNetwork(List.of(dense(new Random(2), 9, 2, Activation.RELU), step,
        dense(new Random(3), 1, 4, Activation.LINEAR)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, net::requireVerifiable);
    // The list is the registry's verifiable activations: relu, linear and hard tanh among them, the step not.
    String supported = io.milpnet.formulation.activation.Activations.standard().verifiableUsages();
    assertEquals("layer 2 has a step activation: verification supports " + supported + " activations", e.getMessage());
    List<String> names = List.of(supported.split(", | or "));
    assertTrue(names.containsAll(List.of("relu", "linear", "hardtanh")) && !names.contains("step"), supported);
  }

  /** Hard tanh is piecewise linear (two kinks): its encoding and relaxation come from its pieces. */
  @Test
  void hardTanhVerifiesByItsPieces() {
    Map<String, FixedNetwork> nets = new java.util.LinkedHashMap<>();
    for (long seed = 0; seed < 3; seed++) {
      Random r = new Random(40 + seed);
      nets.put("hardtanh " + seed, new FixedNetwork(List.of(dense(r, 5, 3, Activation.RELU),
          dense(r, 4, 5, Activation.HARDTANH), dense(r, 2, 4, Activation.LINEAR))));
    }
    int binaries = assertMilpReproducesTheForwardPass(nets, new Random(5), "");
    assertTrue(binaries > 10, "the boxes leave hard-tanh kinks unstable (" + binaries + " binaries)");
    assertBoundsContainSampledActivations(nets, new Random(6), "");
    FixedNetwork tanh = new FixedNetwork(List.of(dense(new Random(4), 1, 2, Activation.HARDTANH)));
    Verifier v = verifier(BoundMethod.SYMBOLIC);
    // |h| <= 1: no input reaches 1.5; the centre's own value is reached, so "Y_0 <= h(centre)" is violated there.
    assertEquals(Verdict.HOLDS, v.verify(tanh, unitBoxAnd(-1, -1.5, "Y_0 >= 1.5"), OPTIONS).verdict());
    double centre = tanh.evaluate(new double[] {0.5, 0.5})[0];
    VerificationResult low = v.verify(tanh, unitBoxAnd(1, centre, "Y_0 <= " + centre), OPTIONS);
    assertEquals(Verdict.VIOLATED, low.verdict(), low.reason());
    assertTrue(tanh.evaluate(low.counterexample().input())[0] <= centre + 1e-9);
  }
}
