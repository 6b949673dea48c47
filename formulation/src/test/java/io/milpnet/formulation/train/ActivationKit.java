package io.milpnet.formulation.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.backend.ortools.OrToolsBackend;
import io.milpnet.core.bounds.Interval;
import io.milpnet.core.bridge.BridgingSolver;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Sense;
import io.milpnet.core.model.Var;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.activation.ActivationUnit;
import io.milpnet.formulation.activation.Activations;
import io.milpnet.formulation.data.CsvDatasetReader;
import io.milpnet.formulation.data.Dataset;
import io.milpnet.formulation.encode.ReluBigMFormulation;
import io.milpnet.formulation.encode.ReluFormulation;
import io.milpnet.formulation.encode.ReluIndicatorFormulation;
import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.layer.dense.DenseLayer;
import io.milpnet.formulation.spec.ArchitectureParser;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.spec.Shape;
import io.milpnet.formulation.verify.FixedNetwork;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The activation oracle kit: every activation's test extends it and names the activation as {@code --arch} writes
 * it. Checks of the activation alone: its key parses back to it; its MILP encoding, with the pre-activation fixed
 * anywhere in its bounds, has exactly the value {@code apply} computes (both ReLU formulations); its relaxation and
 * range contain it; its gradient is its derivative where it is continuous; its Lipschitz and homogeneity claims hold.
 * Then, as a {@link LayerKindKit} over dense and convolutional layers using it: training encodings priced by the
 * forward pass, fixed weights reproduced by SCIP, the gradient form, {@code network.json} and verification. And
 * training oracles: on XOR and on eight Iris rows the proven optimum of two hidden units is the brute-force optimum
 * over the grid, from the zero network and from the gradient warm start.
 * {@code ActivationKitCoverageTest} fails when a registered activation has no kit subclass (a class named
 * {@code *KitTest} in the formulation tests).
 */
public abstract class ActivationKit extends LayerKindKit {
  private static final SolveOptions OPTIONS = SolveOptions.defaults().withTimeLimit(20);

  /** The activation as {@code --arch} writes it: {@code relu}, {@code leakyrelu:0.1}. */
  public abstract String activation();

  protected final Activation parsed() {
    return Activations.standard().parse(activation());
  }

  @Override
  public final String kind() {
    return "dense";
  }

  @Override
  protected List<Case> cases() {
    String a = activation();
    TrainingConfig base = TrainingConfig.defaults();
    return List.of(
        new Case("dense:3/" + a, 2, base),
        new Case("dense:2/" + a + ",dense:2/" + a, 3, base.withEncoding(Encoding.INDICATOR).withL0(0.05)),
        new Case("conv:2@2x2/" + a + ",flatten,dense:2/" + a, 2, base.withInputShape(new Shape(1, 3, 3))));
  }

  /** A verifiable activation passes the layer kit's verification checks; another is refused naming it. */
  @Override
  @Test
  void verificationReproducesTheForwardPassAndBoundsContainSamples() {
    Activation act = parsed();
    if (act.verifiable()) {
      super.verificationReproducesTheForwardPassAndBoundsContainSamples();
      return;
    }
    FixedNetwork net = new FixedNetwork(List.of(new DenseLayer(new double[][] {{1, -1}}, new double[] {0.5}, act,
        "")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, net::requireVerifiable);
    assertTrue(e.getMessage().startsWith("layer 1 has a " + act.key() + " activation"), e.getMessage());
  }

  private static final double[] TERNARY = {-1, 0, 1};
  private static final double[] SIGNS = {-1, 1};

  /** XOR: the MILP's optimum is the brute-force optimum over the grid, from the zero start and the gradient's. */
  @Test
  void xorIsTrainedToTheBruteForceOptimum() {
    assertOptimumIsBruteForce(TrainingFixtures.xor(), "XOR");
  }

  /**
   * Eight Iris rows, versicolor against virginica on petal length and width (the classes overlap): the MILP's optimum
   * is the brute-force optimum over the grid, from the zero start and the gradient's.
   */
  @Test
  void irisIsTrainedToTheBruteForceOptimum() {
    Dataset iris = new CsvDatasetReader().read(Path.of("..", "data", "iris.csv"), "label");
    List<double[]> x = new ArrayList<>();
    List<Integer> y = new ArrayList<>();
    int[] taken = new int[3];
    for (int i = 0; i < iris.numSamples(); i++) {
      int label = (int) iris.labels()[i];
      if (label > 0 && taken[label]++ < 4) {
        x.add(new double[] {iris.features()[i][2], iris.features()[i][3]});
        y.add(label);
      }
    }
    assertOptimumIsBruteForce(TrainingFixtures.of(x.toArray(new double[0][]),
        y.stream().mapToInt(Integer::intValue).toArray()), "Iris");
  }

  /**
   * Two hidden units of the activation, ternary first-layer weights and grid biases (the output's domain as the
   * weight policy gives it): every network of the space is enumerated, and SCIP's proven optimum must be the best
   * one's objective, attained by the decoded network's forward pass.
   */
  private void assertOptimumIsBruteForce(TrainingData data, String what) {
    TrainingConfig config = TrainingConfig.defaults().withMargin(0.5)
        .withFirstLayerDomain(new WeightDomain.Ternary(1.0)).withGridBiases(true);
    List<LayerSpec> hidden = new ArchitectureParser().parse("dense:2/" + activation());
    TrainingProblem problem = TrainingProblem.build(data, hidden, config);
    boolean sign = WeightDomainPolicy.signOutput(data, hidden);
    BruteForce.Result brute = new BruteForce(problem, 2, TERNARY, TERNARY, sign ? SIGNS : TERNARY, TERNARY, sign,
        false).run();
    assertTrue(brute.networks() > 1000, "the brute force enumerated " + brute.networks() + " networks");
    double[] warm = problem.startValues(new GradientTrainer().train(problem, GradientTrainer.Options.defaults(7))
        .network());
    for (double[] start : new double[][] {null, warm}) {
      SolveOptions options = OPTIONS.withRelativeGap(0);
      String who = what + " with " + activation() + (start == null ? "" : ", gradient warm start");
      TrainingOutcome outcome = new Trainer(1e-6).solve(problem, OrToolsBackend.scip(),
          start == null ? options : options.withStartValues(start), 0);
      assertEquals(SolveStatus.OPTIMAL, outcome.solution().status(), who);
      assertEquals(brute.optimum(), outcome.solution().objective(), 1e-6, who + ": MILP optimum vs brute force");
      assertEquals(0, outcome.report().mismatches(), who + ": " + outcome.report().details());
      assertEquals(brute.optimum(), problem.objectiveOf(outcome.network()), 1e-6, who + ": decoded network");
    }
  }

  @Test
  void itsKeyParsesBackToIt() {
    Activation a = parsed();
    assertEquals(a, Activations.standard().parse(a.key()), a.key());
    assertEquals(a.key(), Activations.standard().parse(" " + a.key().toUpperCase(java.util.Locale.ROOT) + " ").key());
    assertEquals(a, new ArchitectureParser().parse("dense:2/" + a.key()).get(0).activation());
  }

  /** Pre-activation intervals around every kink and away from them, with points to fix in each. */
  private static List<double[]> intervals(Random r) {
    List<double[]> list = new ArrayList<>();
    for (double[] fixed : new double[][] {{-3, 3}, {-0.5, 0.25}, {0.5, 2}, {-2, -0.5}, {-1, 1}, {-1.5, 0}}) {
      list.add(fixed);
    }
    for (int k = 0; k < 6; k++) {
      double lo = -3 + 4 * r.nextDouble();
      list.add(new double[] {lo, lo + 0.1 + 3 * r.nextDouble()});
    }
    return list;
  }

  private static double[] points(Random r, double lo, double hi) {
    return new double[] {lo, hi, 0.5 * (lo + hi), lo + (hi - lo) * r.nextDouble(), Math.min(hi, Math.max(lo, 0))};
  }

  @Test
  void theEncodingHasTheActivationsValueWhereverThePreActivationIsFixed() {
    Activation act = parsed();
    SolverBackend scip = new BridgingSolver(OrToolsBackend.scip());
    Random r = new Random(1);
    for (ReluFormulation relu : List.of(new ReluBigMFormulation(), new ReluIndicatorFormulation())) {
      for (double[] box : intervals(r)) {
        Model m = new Model("activation");
        Var a = m.addContinuous(box[0], box[1], "a", "pre-activation");
        ActivationUnit unit = act.encode(m, new Signal(LinearExpr.of(a), new Interval(box[0], box[1])), relu, false,
            "u");
        for (double x : points(r, box[0], box[1])) {
          m.setBounds(a.index(), x, x);
          for (Sense sense : Sense.values()) {
            m.setObjective(sense, unit.output().expr());
            Solution s = scip.solve(m, OPTIONS);
            String what = act.key() + " on [" + box[0] + ", " + box[1] + "] at " + x + ", " + relu.name() + ", "
                + sense;
            assertEquals(SolveStatus.OPTIMAL, s.status(), what);
            assertEquals(act.apply(x), s.objective(), 1e-6, what);
            assertTrue(unit.output().bounds().lo() <= act.apply(x) + 1e-9
                && act.apply(x) <= unit.output().bounds().hi() + 1e-9, what + ": output bounds");
          }
        }
      }
    }
  }

  @Test
  void itsRelaxationAndRangeContainIt() {
    Activation act = parsed();
    if (!act.verifiable()) {
      return;
    }
    Random r = new Random(2);
    for (double[] box : intervals(r)) {
      Activation.Relaxation lines = act.relax(box[0], box[1]);
      Interval range = act.range(new Interval(box[0], box[1]));
      for (int k = 0; k <= 200; k++) {
        double z = k < 2 ? box[k] : box[0] + (box[1] - box[0]) * r.nextDouble();
        double f = act.apply(z);
        String what = act.key() + " on [" + box[0] + ", " + box[1] + "] at " + z;
        assertTrue(lines.lowSlope() * z + lines.lowIntercept() <= f + 1e-9, what + ": lower line");
        assertTrue(f <= lines.upSlope() * z + lines.upIntercept() + 1e-9, what + ": upper line");
        assertTrue(range.lo() <= f + 1e-12 && f <= range.hi() + 1e-12, what + ": range " + range);
      }
    }
  }

  @Test
  void itsGradientIsItsDerivativeAndItsClaimsHold() {
    Activation act = parsed();
    Random r = new Random(3);
    double h = 1e-6;
    int compared = 0;
    for (int k = 0; k < 500; k++) {
      double a = -3 + 6 * r.nextDouble();
      double b = -3 + 6 * r.nextDouble();
      double left = (act.apply(a) - act.apply(a - h)) / h;
      double right = (act.apply(a + h) - act.apply(a)) / h;
      if (act.lipschitz() < Double.POSITIVE_INFINITY) {
        assertTrue(Math.abs(act.apply(a) - act.apply(b)) <= act.lipschitz() * Math.abs(a - b) + 1e-12,
            act.key() + " is not " + act.lipschitz() + "-Lipschitz at " + a + ", " + b);
        if (Math.abs(left - right) < 1e-6) {
          assertEquals(right, act.straightThrough(a), 1e-6, act.key() + "'s derivative at " + a);
          compared++;
        }
      }
      if (act.positivelyHomogeneous()) {
        double s = 0.1 + 5 * r.nextDouble();
        assertEquals(s * act.apply(a), act.apply(s * a), 1e-12, act.key() + " is not positively homogeneous");
      }
    }
    assertTrue(act.lipschitz() == Double.POSITIVE_INFINITY || compared > 100, "derivative compared " + compared);
  }
}
