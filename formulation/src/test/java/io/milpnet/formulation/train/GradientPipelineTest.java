package io.milpnet.formulation.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.core.model.FeasibilityCheck;
import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.layer.conv.ConvLayer;
import io.milpnet.formulation.layer.dense.DenseLayer;
import io.milpnet.formulation.layer.gate.GateLayer;
import io.milpnet.formulation.layer.pool.PoolLayer;
import io.milpnet.formulation.network.ForwardPass;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.NetworkStructure;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.spec.ArchitectureParser;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.spec.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The gradient stages: float training, the sparsity path, the projection onto grids, the hold-out. */
class GradientPipelineTest {

  static Stream<Arguments> architectures() {
    TrainingConfig base = TrainingConfig.defaults();
    return Stream.of(
        Arguments.of("dense:3", 2, base),
        Arguments.of("dense:4", 3, base),
        Arguments.of("dense:3,dense:3", 3, base),
        Arguments.of("dense:3,dense:2", 2, base.withHiddenDomain(new WeightDomain.IntegerGrid(3, 0.5))),
        Arguments.of("dense:2/linear,dense:2", 3, base),
        Arguments.of("dense:3/hardtanh,dense:2", 2, base),
        Arguments.of("conv:2@2x2,maxpool:2,flatten,dense:2", 2, base.withInputShape(new Shape(1, 4, 4))),
        Arguments.of("conv:2@2x2,avgpool:1,conv:2@1x1,flatten,dense:2", 3, base.withInputShape(new Shape(2, 4, 4))),
        Arguments.of("gate:2,dense:2", 3, base),
        Arguments.of("dense:2,gate:2", 2, base));
  }

  /**
   * Moving unit scales by homogeneity never changes the function: the rescaled float network's outputs equal the
   * float network's at random points (1e-9), for every layer kind; and the grid layers' weights that read a unit are
   * then the best multiples of the grid's level for that unit.
   */
  @ParameterizedTest(name = "{0}, {1} classes")
  @MethodSource("architectures")
  void rescalingKeepsTheFunction(String arch, int classes, TrainingConfig cfg) {
    TrainingData data = TrainingProblemTest.randomData(classes, 12, TrainingProblemTest.features(cfg), 3);
    List<LayerSpec> hidden = new ArchitectureParser().parse(arch);
    TrainedNetwork template = Architecture.zeroNetwork(data, hidden, cfg.inputShape());
    TrainedNetwork net = randomFloat(template, new Random(arch.hashCode()));
    List<WeightDomain> domains = TrainingProblem.weightDomains(data, hidden, cfg);
    TrainedNetwork rescaled = GridProjection.rescale(net, domains);
    ForwardPass a = new ForwardPass(net);
    ForwardPass b = new ForwardPass(rescaled);
    Random r = new Random(11);
    for (int t = 0; t < 50; t++) {
      double[] x = new double[data.features()];
      for (int k = 0; k < x.length; k++) {
        x[k] = r.nextDouble() * 1.4 - 0.2;
      }
      double[] oa = a.outputs(x);
      double[] ob = b.outputs(x);
      for (int c = 0; c < oa.length; c++) {
        assertEquals(oa[c], ob[c], 1e-9 * Math.max(1, Math.abs(oa[c])), arch + " output " + c);
      }
    }
  }

  /**
   * Where homogeneity makes it exact, the projection is exact: one ReLU hidden layer with one output (sign output
   * weights), and ternary output weights whose columns have one magnitude each. The rounded network computes what
   * the float network computes, and it is a point of the MILP (with the chosen weight bound).
   */
  @Test
  void projectionIsExactWhereHomogeneityMakesItSo() {
    // Sign outputs: 2 classes, one hidden ReLU layer of 3.
    TrainingData binary = TrainingProblemTest.randomData(2, 10, 3, 5);
    List<LayerSpec> hidden = new ArchitectureParser().parse("dense:3");
    DenseLayer first = new DenseLayer(new double[][] {{0.4, -1.3, 2.0}, {-0.7, 0.2, 0.05}, {1.1, 0.9, -0.6}},
        new double[] {0.3, -0.2, 0.1}, Activation.RELU, "float");
    DenseLayer out = new DenseLayer(new double[][] {{2.5, -0.4, 0.8}}, new double[] {-0.3}, Activation.LINEAR,
        "float");
    assertExactProjection(binary, hidden, List.of(first, out), TrainingConfig.defaults());

    // Ternary outputs, 3 classes: unit j's outgoing column is m_j * {-1, 0, 1} (m = 0.5, 2, 1.5).
    TrainingData three = TrainingProblemTest.randomData(3, 10, 3, 6);
    DenseLayer out3 = new DenseLayer(new double[][] {{0.5, 0, 1.5}, {-0.5, 2, 0}, {0, -2, -1.5}},
        new double[] {0.1, 0, -0.1}, Activation.LINEAR, "float");
    assertExactProjection(three, hidden, List.of(first, out3), TrainingConfig.defaults());
  }

  private static void assertExactProjection(TrainingData data, List<LayerSpec> hidden, List<NetworkLayer> layers,
      TrainingConfig cfg) {
    TrainedNetwork template = Architecture.zeroNetwork(data, hidden, null);
    TrainedNetwork net = new TrainedNetwork(template.inputFeatures(), template.scaler(), layers,
        template.outputKind(), template.classLabels());
    List<WeightDomain> domains = TrainingProblem.weightDomains(data, hidden, cfg);
    TrainedNetwork rescaled = GridProjection.rescale(net, domains);
    double bound = GridProjection.continuousBound(rescaled, domains);
    TrainingProblem problem = TrainingProblem.build(data, hidden, cfg.withWeightBound(bound)
        .withBiasBound(10).withSymmetryBreaking(false));
    GradientDescent run = new GradientDescent(problem.zeroNetwork(), GradientTrainer.domains(problem));
    run.load(new TrainedNetwork(template.inputFeatures(), template.scaler(), rescaled.layers(),
        template.outputKind(), template.classLabels()));
    TrainedNetwork rounded = run.network();
    for (double[] x : data.x()) {
      double[] expected = new ForwardPass(net).outputs(x);
      double[] got = new ForwardPass(rounded).outputs(x);
      assertArrayEquals(expected, got, 1e-9, "the rounded network computes the float network's outputs");
    }
    DenseLayer grid = rounded.outputLayer();
    for (double[] row : grid.weights()) {
      for (double w : row) {
        assertTrue(w == 0 || Math.abs(w) == 1.0, "on the grid: " + w);
      }
    }
    double[] values = problem.startValues(rounded);
    assertTrue(new FeasibilityCheck(1e-6).violations(problem.model(), values).isEmpty(), "a point of the MILP");
  }

  /** Hand-computed least-squares magnitudes of a grid for a vector. */
  @Test
  void bestMagnitudeIsTheLeastSquaresLevel() {
    // Ternary: {3, 3, 1} -> m = 3 with the 1 rounded to 0 costs 1; m = 7/3 on all three costs 2 * (2/3)^2 + (4/3)^2
    // = 24/9 > 1; so 3.
    assertEquals(3.0, GridProjection.bestMagnitude(new double[] {3, -3, 1}, new WeightDomain.Ternary(1)), 1e-12);
    // {2, 2, 2, 1.6}: all four on m = 1.9 cost 3 * 0.01 + 0.09 = 0.12; three on 2 cost 2.56: m = 1.9.
    assertEquals(1.9, GridProjection.bestMagnitude(new double[] {2, 2, -2, 1.6}, new WeightDomain.Ternary(1)), 1e-12);
    // Sign: the mean magnitude.
    assertEquals(2.0, GridProjection.bestMagnitude(new double[] {-1, 3}, new WeightDomain.Sign()), 1e-12);
    // Integer {-2..2}: {1, 2} is exactly m = 1 (levels 1 and 2).
    assertEquals(1.0, GridProjection.bestMagnitude(new double[] {1, -2}, new WeightDomain.IntegerGrid(2, 1)), 1e-9);
    assertEquals(0.0, GridProjection.bestMagnitude(new double[] {0, 0}, new WeightDomain.Ternary(1)));
  }

  /**
   * The float stage learns a separable problem the MILP's domains would also fit, and the sparsity path keeps the
   * sparsest level that validation keeps: on data whose label depends on the first of three features only, the kept
   * level reads at most that feature's weights plus its output weight, and every level is no denser than the last.
   */
  @Test
  void sparsityPathKeepsTheSparsestLevelValidationAllows() {
    Random r = new Random(4);
    int n = 120;
    double[][] x = new double[n][3];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 3; k++) {
        x[i][k] = r.nextDouble();
      }
      y[i] = x[i][0] > 0.5 ? 1 : 0;
    }
    TrainingData all = TrainingFixtures.of(x, y);
    TrainingData.Split split = all.holdOut(0.25, 1);
    Validation validation = new Validation(split.validation().x(), split.validation().y(), null, 0.0);
    List<LayerSpec> hidden = new ArchitectureParser().parse("dense:3");
    GradientPipeline pipeline = new GradientPipeline(new GradientPipeline.Options(1500, 0.01, 128, 1.0, 1, 3));
    GradientPipeline.Step f = pipeline.trainFloat(split.fit(), hidden, null, validation);
    assertTrue(f.score() >= 0.9, "the float network learns x0 > 0.5: " + f.score());
    GradientPipeline.Path path = pipeline.sparsify(f, split.fit(), TrainingProblem.weightDomains(split.fit(),
        hidden, TrainingConfig.defaults()), validation);
    for (int i = 1; i < path.levels().size(); i++) {
      assertTrue(path.levels().get(i).nonzeroWeights() <= path.levels().get(i - 1).nonzeroWeights());
    }
    GradientPipeline.Step kept = path.kept();
    double best = path.levels().stream().mapToDouble(GradientPipeline.Step::score).max().orElseThrow();
    assertTrue(kept.score() >= best, "the kept level scores the best on validation");
    for (int i = path.chosen() + 1; i < path.levels().size(); i++) {
      assertTrue(path.levels().get(i).score() < best, "a sparser level that validation keeps would be chosen");
    }
    assertTrue(kept.nonzeroWeights() < f.nonzeroWeights(), "one feature suffices: " + kept.nonzeroWeights());
    // The output layer is sign weights in the MILP: the path never prunes it.
    DenseLayer output = kept.network().outputLayer();
    assertEquals(3, output.weights()[0].length);
  }

  /** Without validation the path is the float network alone. */
  @Test
  void sparsityPathNeedsValidation() {
    TrainingData data = TrainingFixtures.xor();
    List<LayerSpec> hidden = new ArchitectureParser().parse("dense:2");
    GradientPipeline pipeline = new GradientPipeline(new GradientPipeline.Options(50, 0.01, 128, 1.0, 1, 3));
    GradientPipeline.Step f = pipeline.trainFloat(data, hidden, null, null);
    GradientPipeline.Path path = pipeline.sparsify(f, data, TrainingProblem.weightDomains(data, hidden,
        TrainingConfig.defaults()), null);
    assertEquals(1, path.levels().size());
    assertEquals(0, path.chosen());
  }

  /** A dead unit's constant moves into the next layer's bias; a unit nothing reads loses its weights. */
  @Test
  void deadUnitsAreRemovedWithoutChangingTheFunction() {
    TrainingData data = TrainingProblemTest.randomData(3, 8, 2, 7);
    TrainedNetwork template = Architecture.zeroNetwork(data, new ArchitectureParser().parse("dense:3"), null);
    DenseLayer first = new DenseLayer(new double[][] {{0, 0}, {0.5, -1}, {2, 1}}, new double[] {0.7, 0.1, -0.3},
        Activation.RELU, "float");
    DenseLayer out = new DenseLayer(new double[][] {{1, 2, 0}, {-1, 0.5, 0}, {0.25, -3, 0}},
        new double[] {0, 0.1, 0.2}, Activation.LINEAR, "float");
    TrainedNetwork net = new TrainedNetwork(template.inputFeatures(), template.scaler(), List.of(first, out),
        template.outputKind(), template.classLabels());
    TrainedNetwork clean = GradientPipeline.removeDeadUnits(net);
    DenseLayer o = clean.outputLayer();
    assertArrayEquals(new double[] {0.7, 0.1 - 0.7, 0.2 + 0.25 * 0.7}, o.bias(), 1e-12, "relu(0.7) moved");
    assertArrayEquals(new double[] {0, 0, 0}, new double[] {o.weights()[0][0], o.weights()[1][0],
        o.weights()[2][0]});
    assertArrayEquals(new double[] {0, 0}, ((DenseLayer) clean.layers().get(0)).weights()[2], "nothing reads unit 3");
    for (double[] x : data.x()) {
      assertArrayEquals(new ForwardPass(net).outputs(x), new ForwardPass(clean).outputs(x), 1e-12);
    }
    assertEquals(NetworkStructure.of(net).nonzeroWeights() - 5, NetworkStructure.of(clean).nonzeroWeights(),
        "three weights of the constant unit, two of the unread one");
  }

  /** The hold-out takes round(f * n_c) rows of each class, seeded, and keeps one row of every class for fitting. */
  @Test
  void holdOutIsStratifiedSeededAndKeepsEveryClass() {
    int[] y = new int[43];
    for (int i = 0; i < y.length; i++) {
      y[i] = i < 30 ? 0 : i < 40 ? 1 : 2; // 30, 10 and 3 rows
    }
    double[][] x = new double[y.length][1];
    for (int i = 0; i < x.length; i++) {
      x[i][0] = i;
    }
    TrainingData data = TrainingFixtures.of(x, y);
    TrainingData.Split s = data.holdOut(0.2, 5);
    int[] held = new int[3];
    for (int c : s.validation().y()) {
      held[c]++;
    }
    assertArrayEquals(new int[] {6, 2, 1}, held, "round(0.2 * 30), round(0.2 * 10), round(0.2 * 3)");
    assertEquals(43, s.fit().samples() + s.validation().samples());
    assertArrayEquals(s.validation().y(), data.holdOut(0.2, 5).validation().y(), "seeded");
    TrainingData one = TrainingFixtures.of(new double[][] {{0}, {1}, {2}}, new int[] {0, 1, 1});
    TrainingData.Split t = one.holdOut(0.5, 0);
    assertEquals(1, t.validation().samples(), "the lone class-0 row stays for fitting");
    assertEquals(0, t.fit().y()[0]);
  }

  /**
   * The folds partition the rows: fold 0 is the hold-out, every row is validated at most once (a row of a class too
   * small to lend one never), each fold holds round(f * n_c) rows of a class (the last fold the rest), and every
   * fold's fitted rows keep every class.
   */
  @Test
  void foldsPartitionTheRowsWithTheHoldOutFirst() {
    int[] y = new int[43];
    double[][] x = new double[y.length][1];
    for (int i = 0; i < y.length; i++) {
      y[i] = i < 30 ? 0 : i < 40 ? 1 : i < 42 ? 2 : 3; // 30, 10, 2 and 1 rows
      x[i][0] = i;
    }
    TrainingData data = TrainingFixtures.of(x, y);
    List<TrainingData.Split> folds = data.folds(0.2, 5);
    assertEquals(5, folds.size(), "floor(1 / 0.2) folds");
    assertArrayEquals(data.holdOut(0.2, 5).validation().x(), folds.get(0).validation().x(), "fold 0 is the hold-out");
    int[] times = new int[y.length];
    int[][] perClass = new int[folds.size()][4];
    for (int f = 0; f < folds.size(); f++) {
      TrainingData.Split s = folds.get(f);
      assertEquals(43, s.fit().samples() + s.validation().samples());
      for (int i = 0; i < s.validation().samples(); i++) {
        times[(int) Math.round(s.validation().x()[i][0] * 42)]++; // the fixture scales 0..42 to [0, 1]
        perClass[f][s.validation().y()[i]]++;
      }
      for (int c = 0; c < 4; c++) {
        final int cls = c;
        assertTrue(java.util.Arrays.stream(s.fit().y()).anyMatch(v -> v == cls), "fold " + f + " fits class " + c);
      }
    }
    for (int i = 0; i < y.length; i++) {
      assertEquals(y[i] <= 1 ? 1 : 0, times[i], "row " + i + " (class " + y[i] + ") validated once, or never"
          + " for the classes round(0.2 * 2) = round(0.2 * 1) = 0 cannot lend a row");
    }
    assertArrayEquals(new int[] {6, 6, 6, 6, 6}, java.util.Arrays.stream(perClass).mapToInt(p -> p[0]).toArray());
    assertArrayEquals(new int[] {2, 2, 2, 2, 2}, java.util.Arrays.stream(perClass).mapToInt(p -> p[1]).toArray());
    assertEquals(3, data.folds(0.3, 5).size());
    assertEquals(1, data.folds(0.6, 5).size(), "a hold-out above half is one split");
    assertEquals(10, data.folds(0.05, 5).size(), "at most 10 folds");
  }

  /**
   * Cross-validated sparsity path: each level is scored on all folds' validation rows (the float level's score is
   * the rows' mean of the folds' float networks' scores); the level kept keeps the hold-out's score and is within
   * one standard error of the best pooled score, and no sparser level scores the best.
   */
  @Test
  void crossValidatedPathChoosesOnAllFoldsRows() {
    Random r = new Random(8);
    int n = 100;
    double[][] x = new double[n][4];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 4; k++) {
        x[i][k] = r.nextDouble();
      }
      y[i] = x[i][0] + 0.3 * x[i][1] > 0.65 ? 1 : 0;
    }
    TrainingData all = TrainingFixtures.of(x, y);
    List<TrainingData.Split> folds = all.folds(0.25, 2);
    List<LayerSpec> hidden = new ArchitectureParser().parse("dense:3");
    GradientPipeline pipeline = new GradientPipeline(new GradientPipeline.Options(600, 0.01, 128, 1.0, 1, 3));
    Validation v0 = Validation.of(folds.get(0).validation(), 0.0);
    GradientPipeline.Step f0 = pipeline.trainFloat(folds.get(0).fit(), hidden, null, v0);
    List<GradientPipeline.Fold> others = new ArrayList<>();
    double correct = f0.score() * v0.rows();
    for (TrainingData.Split s : folds.subList(1, folds.size())) {
      Validation v = Validation.of(s.validation(), 0.0);
      GradientPipeline.Step f = pipeline.trainFloat(s.fit(), hidden, null, v);
      others.add(new GradientPipeline.Fold(s.fit(), f, v));
      correct += f.score() * v.rows();
    }
    GradientPipeline.Path path = pipeline.sparsify(f0, folds.get(0).fit(), TrainingProblem.weightDomains(
        folds.get(0).fit(), hidden, TrainingConfig.defaults()), v0, others);
    assertEquals(4, path.folds());
    assertEquals(path.levels().size(), path.crossValidated().length);
    assertEquals(correct / n, path.crossValidated()[0], 1e-12, "every row validated once");
    double best = java.util.Arrays.stream(path.crossValidated()).max().orElseThrow();
    // One standard error of a mean of 0/1 scores is at most sqrt(0.25 / (n - 1)).
    assertTrue(path.crossValidated()[path.chosen()] >= best - Math.sqrt(0.25 / (n - 1)) - 1e-12, path.chosen() + " of "
        + java.util.Arrays.toString(path.crossValidated()));
    assertTrue(path.kept().score() >= f0.score(), "the hold-out does not fall");
    for (int i = path.chosen() + 1; i < path.levels().size(); i++) {
      assertTrue(path.crossValidated()[i] < best || path.levels().get(i).score() < f0.score(), "a sparser level as"
          + " good as the best that keeps the hold-out would be chosen");
    }
    assertTrue(path.levels().size() > 2, "the path goes on while the pooled score holds: " + path.levels().size());
  }

  /** A random float network of the template's shape (gates open). */
  static TrainedNetwork randomFloat(TrainedNetwork template, Random r) {
    List<NetworkLayer> layers = new ArrayList<>();
    for (NetworkLayer l : template.layers()) {
      if (l instanceof DenseLayer d) {
        layers.add(new DenseLayer(random(r, d.units(), d.inputs()), random(r, d.units()), d.activation(), "float"));
      } else if (l instanceof GateLayer g) {
        layers.add(new GateLayer(random(r, g.units(), g.inputs()), random(r, g.units()),
            new double[g.units()][g.inputs()], new double[g.units()], "float"));
      } else if (l instanceof ConvLayer c) {
        double[][][][] k = new double[c.channels()][c.inputShape().channels()][c.kernel()][c.kernel()];
        for (double[][][] a : k) {
          for (double[][] b : a) {
            for (int i = 0; i < b.length; i++) {
              b[i] = random(r, b[i].length);
            }
          }
        }
        layers.add(new ConvLayer(c.inputShape(), c.stride(), k, random(r, c.channels()), c.activation(), "float"));
      } else {
        assertTrue(l instanceof PoolLayer);
        layers.add(l);
      }
    }
    return new TrainedNetwork(template.inputFeatures(), template.scaler(), layers, template.outputKind(),
        template.classLabels(), template.targetRange());
  }

  private static double[][] random(Random r, int rows, int cols) {
    double[][] m = new double[rows][];
    for (int i = 0; i < rows; i++) {
      m[i] = random(r, cols);
    }
    return m;
  }

  private static double[] random(Random r, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextGaussian();
    }
    return v;
  }

  @Test
  void calibrationScalesToTheMarginAndMakesTheScaleStationary() {
    // One feature, class 1 for x >= 0.5: relu(4x - 2) - 1 ... a one-score network whose margins are known.
    double[][] x = {{0.0}, {0.2}, {0.4}, {0.6}, {0.8}, {1.0}};
    int[] y = {0, 0, 0, 1, 1, 1};
    TrainingData data = TrainingFixtures.of(x, y);
    List<LayerSpec> hidden = new ArchitectureParser().parse("dense:1/linear");
    TrainingProblem problem = TrainingProblem.build(data, hidden, TrainingConfig.defaults().withWeightBound(10)
        .withBiasBound(10));
    TrainedNetwork template = problem.zeroNetwork();
    // Score o = w x + b with w = 10, b = -5 (hidden linear unit h = 10x - 5, output weight 1): margins 5, 3, 1, 1,
    // 3, 5; median of the positive ones (6 values, index 3) = 3: scale 0.5 / 3.
    DenseLayer h = new DenseLayer(new double[][] {{10}}, new double[] {-5}, Activation.LINEAR, "c");
    DenseLayer o = new DenseLayer(new double[][] {{1}}, new double[] {0}, Activation.LINEAR, "t");
    TrainedNetwork net = new TrainedNetwork(template.inputFeatures(), template.scaler(), List.of(h, o),
        template.outputKind(), template.classLabels());
    ValidatedTrainer.Calibrated c = ValidatedTrainer.calibrate(net, problem, data);
    assertNotNull(c);
    assertEquals(0.5 / 3, c.factor(), 1e-12);
    // Scaled margins 5/6, 1/2, 1/6, 1/6, 1/2, 5/6: inside the margin 0.5 strictly are the two at 1/6: sum 1/3; the
    // first layer's L1 norm is 10 / 6; l1 = (1/3) / (10/6) = 0.2.
    assertEquals(0.2, c.l1(), 1e-12);
    assertEquals(10 * 0.5 / 3, c.weightBound(), 1e-12);
    for (double[] row : x) {
      double a = new ForwardPass(net).outputs(row)[0];
      double b = new ForwardPass(c.network()).outputs(row)[0];
      assertEquals(a * c.factor(), b, 1e-12, "outputs scale, predictions stay");
    }
    // A network that classifies nothing correctly has no scale to calibrate.
    DenseLayer wrong = new DenseLayer(new double[][] {{-10}}, new double[] {5}, Activation.LINEAR, "c");
    assertNull(ValidatedTrainer.calibrate(new TrainedNetwork(template.inputFeatures(), template.scaler(),
        List.of(wrong, o), template.outputKind(), template.classLabels()), problem, data));
  }
}
