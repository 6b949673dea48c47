package io.milpnet.formulation.train;

import io.milpnet.formulation.layer.dense.DenseLayer;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.NetworkStructure;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.spec.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The gradient stages that give the MILP its start, each one a network:
 *
 * <ol>
 *   <li><b>float</b>: the unconstrained network of the architecture, trained well: cross-entropy (the absolute error
 *       for regression), Adam with a cosine-decayed step size, L2 weight decay, seeded restarts (the lowest training
 *       objective wins);
 *   <li><b>sparse</b>: iterative magnitude pruning with re-training: each level keeps half of the previous level's
 *       weights of every layer (the largest), units left without input or output are removed (a constant unit moves
 *       into the next layer's bias), and the rest is re-trained; with validation rows the sparsest level whose
 *       validation score is at least the best level's minus the tolerance is kept, without them the float network;
 *   <li><b>grid</b>: the network moved into the MILP's domains: unit scales moved by positive homogeneity so that grid
 *       weights round with the least error ({@link GridProjection}), rounded, then fine-tuned with the
 *       straight-through estimator inside the domains (the pruned weights stay 0).
 * </ol>
 */
public final class GradientPipeline {

  /**
   * @param steps parameter updates of the float network (each sparsity level and the grid fine-tuning take a third)
   * @param learningRate Adam's initial step size (cosine-decayed to 0 over each run)
   * @param batchSize samples per step
   * @param weightDecay L2 weight decay {@code alpha}: {@code alpha / (2n) sum w^2} is added to the mean loss
   * @param restarts seeded float runs; the lowest training objective wins
   * @param seed the first run's seed
   */
  public record Options(int steps, double learningRate, int batchSize, double weightDecay, int restarts, long seed) {
    public static final int DEFAULT_STEPS = 3000;
    public static final double DEFAULT_WEIGHT_DECAY = 1.0;

    public Options {
      if (steps < 1 || batchSize < 1 || restarts < 1 || !(learningRate > 0)) {
        throw new IllegalArgumentException("gradient training needs steps, batch size and restarts >= 1 and a positive"
            + " step size");
      }
      if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
        throw new IllegalArgumentException("--weight-decay must be a finite number >= 0, got " + weightDecay);
      }
    }

    public static Options defaults(long seed) {
      return new Options(DEFAULT_STEPS, 0.01, 128, DEFAULT_WEIGHT_DECAY, 2, seed);
    }

    GradientDescent.Schedule schedule() {
      return new GradientDescent.Schedule(steps, learningRate, batchSize, weightDecay, true);
    }
  }

  /** One network along the way: its validation score (NaN without validation), time and what was done. */
  public record Step(String name, TrainedNetwork network, double score, double seconds, String note) {
    public int nonzeroWeights() {
      return NetworkStructure.of(network).nonzeroWeights();
    }
  }

  /**
   * The sparsity path: every level tried (the float network first), the index of the one kept, each level's score
   * pooled over the cross-validation folds (accuracy or minus the absolute error; NaN without validation), the
   * criterion the level was chosen by, pooled the same way ({@link Validation#rowLikelihoods}: the mean
   * log-likelihood of the rows' classes, or minus the absolute error), and the number of folds.
   */
  public record Path(List<Step> levels, int chosen, double[] crossValidated, double[] crossValidatedCriterion,
      int folds) {
    public Step kept() {
      return levels.get(chosen);
    }
  }

  private final Options options;

  public GradientPipeline(Options options) {
    this.options = options;
  }

  private GradientDescent.Loss loss(TrainingData data) {
    return data.regression() ? GradientDescent.Loss.ABSOLUTE : GradientDescent.Loss.CROSS_ENTROPY;
  }

  /** The float network of the architecture on {@code data}. */
  public Step trainFloat(TrainingData data, List<LayerSpec> hidden, Shape inputShape, Validation validation) {
    long start = System.nanoTime();
    TrainedNetwork template = Architecture.zeroNetwork(data, hidden, inputShape);
    TrainedNetwork best = null;
    double bestObjective = Double.POSITIVE_INFINITY;
    for (int r = 0; r < options.restarts(); r++) {
      Random random = new Random(options.seed() + 7919L * r);
      GradientDescent run = new GradientDescent(template, GradientDescent.floatDomains(template));
      run.initialise(random);
      double objective = run.fit(data.x(), data.y(), data.targets(), loss(data), 0.0, options.schedule(), random);
      if (objective < bestObjective || best == null) {
        bestObjective = objective;
        best = run.network();
      }
    }
    return new Step("float", best, validation == null ? Double.NaN : validation.score(best), seconds(start),
        options.restarts() + " run(s) x " + options.steps() + " steps, weight decay " + options.weightDecay()
            + ", training objective " + String.format(java.util.Locale.ROOT, "%.4g", bestObjective));
  }

  /**
   * A float network given rather than trained ({@code train --init}, already a network of this run's data: {@link
   * StartNetwork#adapt}), scored on the validation rows (if any) as a trained one would be.
   */
  public static Step given(TrainedNetwork network, Validation validation, String source) {
    return new Step("float", network, validation == null ? Double.NaN : validation.score(network), 0.0,
        "given by " + source + ", not re-trained");
  }

  /**
   * Iterative magnitude pruning of the float network. Layers whose MILP domain is sign weights are not pruned (a sign
   * weight is 0 only for a pruned unit). Without validation rows only the float network is returned.
   *
   * @param domains the MILP weight domain of every layer ({@link TrainingProblem#weightDomains})
   */
  public Path sparsify(Step floatStep, TrainingData data, List<WeightDomain> domains, Validation validation) {
    return sparsify(floatStep, data, domains, validation, List.of());
  }

  /**
   * {@link #sparsify(Step, TrainingData, List, Validation)}, with the level chosen by cross-validation: the same path
   * (the same keep fractions) is run on every other fold's fitted rows from that fold's own float network, and each
   * level is scored on all folds' validation rows together, so that the choice rests on every row validated once
   * rather than on one held-out fifth. The level kept is the sparsest whose hold-out score is not below the float
   * network's (minus the tolerance) and whose pooled criterion ({@link Validation#rowLikelihoods}: the log-likelihood
   * of the rows' classes, or minus the absolute error) is within one standard error of the best level's ({@link
   * Validation#keepsWithinOneStandardError}; regression: and the tolerance): the sparser network is preferred among
   * those the rows cannot tell from the best. The path stops after two levels in a row that may not be kept. The
   * levels returned are those of the first fold ({@code data} and {@code validation}); their {@link
   * Path#crossValidated} scores and {@link Path#crossValidatedCriterion} are the pooled means.
   *
   * @param others the other folds: their float networks ({@link #trainFloat} on the fold's fitted rows) and
   *     validation rows
   */
  public Path sparsify(Step floatStep, TrainingData data, List<WeightDomain> domains, Validation validation,
      List<Fold> others) {
    List<Step> levels = new ArrayList<>(List.of(floatStep));
    if (validation == null) {
      return new Path(levels, 0, new double[] {Double.NaN}, new double[] {Double.NaN}, 1);
    }
    List<PathRun> runs = new ArrayList<>();
    runs.add(new PathRun(floatStep.network(), data, domains, validation, 0));
    for (int f = 0; f < others.size(); f++) {
      Fold fold = others.get(f);
      runs.add(new PathRun(fold.floatStep().network(), fold.fit(), domains, fold.validation(), f + 1));
    }
    // Every level's score and criterion on every row of every fold's validation rows, in fold order.
    List<double[]> rows = new ArrayList<>();
    List<Double> pooled = new ArrayList<>();
    List<Double> pooledScore = new ArrayList<>();
    runs.get(0).score(floatStep.network());
    for (int f = 1; f < runs.size(); f++) {
      runs.get(f).score(others.get(f - 1).floatStep().network());
    }
    rows.add(concat(runs, true));
    pooled.add(mean(rows.get(0)));
    pooledScore.add(mean(concat(runs, false)));
    int best = 0;
    int worse = 0;
    for (double keep = 0.5; worse < 2; keep /= 2) {
      long start = System.nanoTime();
      TrainedNetwork net = runs.get(0).next(keep);
      if (net == null) {
        break;
      }
      runs.get(0).score(net);
      for (int f = 1; f < runs.size(); f++) {
        TrainedNetwork other = runs.get(f).next(keep);
        // A fold whose network has nothing left to prune keeps its previous level's scores.
        if (other != null) {
          runs.get(f).score(other);
        }
      }
      rows.add(concat(runs, true));
      pooled.add(mean(rows.get(rows.size() - 1)));
      pooledScore.add(mean(concat(runs, false)));
      levels.add(new Step("keep " + fraction(keep), net, mean(runs.get(0).scores), seconds(start), "largest "
          + fraction(keep) + " of each layer's weights kept, re-trained " + options.steps() / 3 + " steps"));
      int level = levels.size() - 1;
      if (pooled.get(level) > pooled.get(best)) {
        best = level;
      }
      worse = keeps(levels, rows, level, best, validation) ? 0 : worse + 1;
    }
    int chosen = 0;
    for (int i = 0; i < levels.size(); i++) {
      if (keeps(levels, rows, i, best, validation)) {
        chosen = i;
      }
    }
    return new Path(levels, chosen, pooledScore.stream().mapToDouble(Double::doubleValue).toArray(),
        pooled.stream().mapToDouble(Double::doubleValue).toArray(), runs.size());
  }

  /** A fold of the cross-validation of the sparsity path: its fitted rows, their float network, its validation. */
  public record Fold(TrainingData fit, Step floatStep, Validation validation) {}

  /**
   * Level {@code i} may be kept: its hold-out score is not below the float network's (minus the tolerance: no stage
   * lowers validation), and on all folds' rows it is within the tolerance and one standard error of the best level
   * ({@link Validation#keepsWithinOneStandardError}).
   */
  private static boolean keeps(List<Step> levels, List<double[]> rows, int i, int best, Validation validation) {
    return validation.keeps(levels.get(i).score(), levels.get(0).score())
        && validation.keepsWithinOneStandardError(rows.get(i), rows.get(best), validation.regression()
            ? validation.tolerance() : 0.0);
  }

  /** Every fold's rows, in fold order: their criterion ({@code criterion}) or their score. */
  private static double[] concat(List<PathRun> runs, boolean criterion) {
    return runs.stream().flatMapToDouble(r -> Arrays.stream(criterion ? r.criterion : r.scores)).toArray();
  }

  private static double mean(double[] v) {
    return Arrays.stream(v).average().orElse(Double.NaN);
  }

  /** One fold's sparsity path: its network, pruned level by level and re-trained on the fold's fitted rows. */
  private final class PathRun {
    private final GradientDescent run;
    private final TrainingData data;
    private final Validation validation;
    private final int[] total;
    private final Random random;
    /** The scores and the criterion of the fold's validation rows at its latest level. */
    private double[] scores;
    private double[] criterion;

    void score(TrainedNetwork network) {
      scores = validation.rowScores(network);
      criterion = validation.rowLikelihoods(network);
    }

    PathRun(TrainedNetwork start, TrainingData data, List<WeightDomain> domains, Validation validation, int fold) {
      this.run = new GradientDescent(start, GradientDescent.floatDomains(start));
      this.data = data;
      this.validation = validation;
      this.random = new Random(options.seed() + 104729L + 1299709L * fold);
      this.total = new int[start.layers().size()];
      for (int l = 0; l < total.length; l++) {
        total[l] = run.trainable(l) && !(domains.get(l) instanceof WeightDomain.Sign)
            ? start.layers().get(l).totalWeights() : 0;
      }
    }

    /** The next level: the largest {@code keep} of each layer's weights, re-trained; null when none was pruned. */
    TrainedNetwork next(double keep) {
      boolean pruned = false;
      for (int l = 0; l < total.length; l++) {
        if (total[l] > 0) {
          pruned |= pruneLayer(run, l, Math.max(1, (int) Math.ceil(keep * total[l])));
        }
      }
      if (!pruned) {
        return null;
      }
      run.load(removeDeadUnits(run.network()));
      run.fixLatentZeros();
      run.fit(data.x(), data.y(), data.targets(), loss(data), 0.0, options.schedule().withSteps(options.steps() / 3),
          random);
      return run.network();
    }
  }

  private static String fraction(double f) {
    return f >= 0.01 ? Math.round(f * 1000) / 10.0 + "%" : String.format(java.util.Locale.ROOT, "%.2g%%", 100 * f);
  }

  /** Holds all but the {@code keep} largest free weights of layer l at 0; whether any was newly held. */
  private static boolean pruneLayer(GradientDescent run, int l, int keep) {
    double[] w = run.latentWeights(l);
    boolean[] fixed = run.fixedWeights(l);
    List<Integer> free = new ArrayList<>();
    for (int q = 0; q < w.length; q++) {
      if (!fixed[q] && w[q] != 0.0) {
        free.add(q);
      }
    }
    if (free.size() <= keep) {
      return false;
    }
    free.sort((a, b) -> Double.compare(Math.abs(w[b]), Math.abs(w[a])));
    for (int r = keep; r < free.size(); r++) {
      run.fixParameter(l, free.get(r));
    }
    return true;
  }

  /**
   * The same function with dead hidden units of dense layers removed: a unit without incoming weights is the constant
   * {@code act(b)}, which moves into the next dense layer's biases; a unit no next-layer weight reads loses its
   * incoming weights and bias.
   */
  static TrainedNetwork removeDeadUnits(TrainedNetwork network) {
    List<NetworkLayer> layers = new ArrayList<>(network.layers());
    for (int l = 0; l + 1 < layers.size(); l++) {
      DenseLayer own = layers.get(l).asDense().orElse(null);
      DenseLayer next = layers.get(l + 1).asDense().orElse(null);
      if (own == null || next == null) {
        continue;
      }
      double[][] w = deepCopy(own.weights());
      double[] b = own.bias().clone();
      double[][] nw = deepCopy(next.weights());
      double[] nb = next.bias().clone();
      boolean changed = false;
      for (int j = 0; j < w.length; j++) {
        boolean noInput = Arrays.stream(w[j]).allMatch(v -> v == 0.0);
        boolean noOutput = true;
        for (double[] row : nw) {
          noOutput &= row[j] == 0.0;
        }
        if (noInput && !noOutput) {
          double c = own.activation().apply(b[j]);
          for (int r = 0; r < nw.length; r++) {
            nb[r] += nw[r][j] * c;
            nw[r][j] = 0.0;
          }
          b[j] = 0.0;
          changed = true;
        } else if (noOutput && (!noInput || b[j] != 0.0)) {
          Arrays.fill(w[j], 0.0);
          b[j] = 0.0;
          changed = true;
        }
      }
      if (changed) {
        layers.set(l, new DenseLayer(w, b, own.activation(), own.domain()));
        layers.set(l + 1, new DenseLayer(nw, nb, next.activation(), next.domain()));
      }
    }
    return new TrainedNetwork(network.inputFeatures(), network.scaler(), layers, network.outputKind(),
        network.classLabels(), network.targetRange());
  }

  private static double[][] deepCopy(double[][] m) {
    double[][] c = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i].clone();
    }
    return c;
  }

  /**
   * The network moved into the problem's domains: rescaled by homogeneity (the caller chose the domains from it),
   * rounded, and fine-tuned inside the domains with the straight-through estimator, its zero weights held at 0. The
   * problem must be built on {@code data}.
   */
  public Step project(TrainedNetwork rescaled, TrainingProblem problem, TrainingData data, Validation validation) {
    long start = System.nanoTime();
    TrainedNetwork fitted = GridProjection.fit(rescaled, domainsOf(problem), problem.config().weightBound());
    GradientDescent run = new GradientDescent(problem.zeroNetwork(), GradientTrainer.domains(problem));
    run.load(withDomainNames(fitted, problem.zeroNetwork()));
    run.fixLatentZeros();
    TrainedNetwork rounded = run.network();
    double roundedScore = validation == null ? Double.NaN : validation.score(rounded);
    Random random = new Random(options.seed() + 15485863L);
    int steps = Math.max(1, options.steps() / 3);
    run.fit(data.x(), data.y(), data.targets(), loss(data), 0.0, new GradientDescent.Schedule(steps,
        options.learningRate() / 3, options.batchSize(), options.weightDecay(), true), random);
    TrainedNetwork tuned = run.network();
    double tunedScore = validation == null ? Double.NaN : validation.score(tuned);
    // Fine-tuning is kept when validation does not object (without validation, when it lowers the MILP objective).
    boolean keepTuned = validation != null ? validation.keeps(tunedScore, roundedScore)
        : problem.objectiveOf(tuned) <= problem.objectiveOf(rounded);
    TrainedNetwork out = keepTuned ? tuned : rounded;
    String note = "rounded onto the domains" + (validation == null ? "" : " (validation " + fmt(validation,
        roundedScore) + ")") + (keepTuned ? ", then fine-tuned " + steps + " steps with the straight-through estimator"
        : ", fine-tuning not kept");
    return new Step("grid", out, keepTuned ? tunedScore : roundedScore, seconds(start), note);
  }

  /**
   * Re-fits {@code network} on the rows of {@code data} (all training rows, validation included) with its zero
   * weights held at 0, inside the domains of {@code problem} (the problem the stages solved, on a subset of those
   * rows): the result is a network of that problem, so the problem's bound holds for it.
   */
  public Step refit(TrainedNetwork network, TrainingProblem problem, TrainingData data, double scale) {
    long start = System.nanoTime();
    // Cross-entropy is trained at the float network's own scale: the network is scaled back by 1 / scale, its boxes
    // with it, and the result scaled by scale again (positive homogeneity), so it stays in the problem's domains.
    List<GradientDescent.Domain> domains = new ArrayList<>();
    for (GradientDescent.Domain d : GradientTrainer.domains(problem)) {
      domains.add(d == null ? null : new GradientDescent.Domain(d.weights() instanceof WeightDomain.Continuous c
          ? new WeightDomain.Continuous(c.bound() / scale) : d.weights(), d.biasBound() / scale, d.gridBias()));
    }
    GradientDescent run = new GradientDescent(problem.zeroNetwork(), domains);
    run.load(withDomainNames(scale == 1.0 ? network : GridProjection.scale(network, 1 / scale),
        problem.zeroNetwork()));
    run.fixLatentZeros();
    Random random = new Random(options.seed() + 32452843L);
    int steps = Math.max(1, options.steps() / 3);
    run.fit(data.x(), data.y(), data.targets(), loss(data), 0.0, new GradientDescent.Schedule(steps,
        options.learningRate() / 3, options.batchSize(), options.weightDecay(), true), random);
    TrainedNetwork out = scale == 1.0 ? run.network() : GridProjection.scale(run.network(), scale);
    return new Step("refit", out, Double.NaN, seconds(start), "structure fixed, re-fitted on all "
        + data.samples() + " training rows (" + steps + " steps)");
  }

  /** The weight domain of every layer of the problem (null for layers without weights). */
  static List<WeightDomain> domainsOf(TrainingProblem problem) {
    List<WeightDomain> d = new ArrayList<>();
    for (EncodedLayer layer : problem.encodedLayers()) {
      GradientDescent.Domain domain = layer.parameterDomain();
      d.add(domain == null ? null : domain.weights());
    }
    return d;
  }

  /** {@code network}'s values under the layer descriptions of {@code shape} (a network of the same architecture). */
  static TrainedNetwork withDomainNames(TrainedNetwork network, TrainedNetwork shape) {
    return new TrainedNetwork(shape.inputFeatures(), shape.scaler(), network.layers(), shape.outputKind(),
        shape.classLabels(), shape.targetRange());
  }

  static String fmt(Validation v, double score) {
    return String.format(java.util.Locale.ROOT, v.regression() ? "error %.4g" : "accuracy %.4f", v.reported(score));
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
