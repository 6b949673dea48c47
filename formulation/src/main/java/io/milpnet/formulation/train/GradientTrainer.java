package io.milpnet.formulation.train;

import io.milpnet.formulation.layer.dense.DenseLayer;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.TrainedNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Trains a training problem's network by gradient descent ({@link GradientDescent}: Adam, minibatches, seeded),
 * inside the problem's own weight domains, so that the result is a feasible start for the MILP: continuous weights are
 * clipped to their bound after each step; grid weights (ternary, sign) keep a real-valued latent copy rounded onto the
 * grid (the straight-through estimator). The loss is the problem's own (hinge with its margin; the 0-1 loss is
 * trained through its hinge surrogate; regression by the absolute error). Several seeded restarts; the network with
 * the best MILP objective (by forward pass) wins. Feature and neuron budgets are met by magnitude after a first run,
 * then the rest is fine-tuned.
 */
public final class GradientTrainer {

  /**
   * @param epochs passes over the training data per restart
   * @param learningRate Adam's step size
   * @param batchSize samples per step
   * @param restarts independent seeded runs; the best is kept
   * @param seed the first run's seed
   */
  public record Options(int epochs, double learningRate, int batchSize, int restarts, long seed) {
    public Options {
      if (epochs < 1 || batchSize < 1 || restarts < 1 || !(learningRate > 0)) {
        throw new IllegalArgumentException("gradient training needs epochs, batch size and restarts >= 1 and a"
            + " positive learning rate");
      }
    }

    public static Options defaults(long seed) {
      return new Options(300, 0.01, 32, 4, seed);
    }
  }

  /** The best network, its MILP objective by forward pass, and the time taken. */
  public record Result(TrainedNetwork network, double objective, double seconds) {}

  public Result train(TrainingProblem problem, Options options) {
    long start = System.nanoTime();
    TrainedNetwork best = problem.zeroNetwork();
    double bestObjective = problem.objectiveOf(best);
    TrainingData data = problem.data();
    List<GradientDescent.Domain> domains = domains(problem);
    int steps = steps(options, data);
    GradientDescent.Schedule schedule = new GradientDescent.Schedule(steps, options.learningRate(),
        options.batchSize(), 0.0, false);
    GradientDescent.Loss loss = loss(data);
    for (int r = 0; r < options.restarts(); r++) {
      Random random = new Random(options.seed() + 7919L * r);
      GradientDescent run = new GradientDescent(problem.zeroNetwork(), domains);
      run.initialise(random);
      run.fit(data.x(), data.y(), data.targets(), loss, problem.config().margin(), schedule, random);
      if (applyBudgets(problem, run)) {
        // Fine-tune what is left after the budgets removed features or units.
        run.fit(data.x(), data.y(), data.targets(), loss, problem.config().margin(), schedule.withSteps(
            (steps + 1) / 2), random);
      }
      TrainedNetwork net = run.network();
      double objective = problem.objectiveOf(net);
      if (objective < bestObjective) {
        best = net;
        bestObjective = objective;
      }
    }
    return new Result(best, bestObjective, (System.nanoTime() - start) / 1e9);
  }

  /**
   * A given network ({@code train --init}, already a network of this run: {@link StartNetwork#adapt}) as the start:
   * moved into the problem's domains (unit scales by positive homogeneity, the whole network scaled down to the
   * weight bound, grid weights rounded, feature and neuron budgets met by magnitude), then fine-tuned there for
   * {@code options.epochs()} epochs on the problem's loss; whichever of the two has the lower MILP objective is kept.
   * No random restarts.
   */
  public Result start(TrainingProblem problem, TrainedNetwork given, Options options) {
    long start = System.nanoTime();
    List<WeightDomain> weights = GradientPipeline.domainsOf(problem);
    TrainedNetwork fitted = GridProjection.fit(GridProjection.rescale(given, weights), weights,
        problem.config().weightBound());
    GradientDescent run = new GradientDescent(problem.zeroNetwork(), domains(problem));
    run.load(GradientPipeline.withDomainNames(fitted, problem.zeroNetwork()));
    applyBudgets(problem, run);
    TrainedNetwork best = run.network();
    double bestObjective = problem.objectiveOf(best);
    TrainingData data = problem.data();
    Random random = new Random(options.seed());
    run.fit(data.x(), data.y(), data.targets(), loss(data), problem.config().margin(), new GradientDescent.Schedule(
        steps(options, data), options.learningRate(), options.batchSize(), 0.0, false), random);
    TrainedNetwork tuned = run.network();
    double objective = problem.objectiveOf(tuned);
    if (objective < bestObjective) {
      best = tuned;
      bestObjective = objective;
    }
    return new Result(best, bestObjective, (System.nanoTime() - start) / 1e9);
  }

  /** Parameter updates of one run: {@code epochs} passes over the data in batches. */
  private static int steps(Options options, TrainingData data) {
    return options.epochs() * Math.max(1, (data.samples() + options.batchSize() - 1) / options.batchSize());
  }

  /** The problem's own loss: the hinge (the 0-1 loss trains through it), the absolute error for a regression. */
  private static GradientDescent.Loss loss(TrainingData data) {
    return data.regression() ? GradientDescent.Loss.ABSOLUTE : GradientDescent.Loss.HINGE;
  }

  /** The problem's parameter domain of every layer (null for layers without weights). */
  static List<GradientDescent.Domain> domains(TrainingProblem problem) {
    List<GradientDescent.Domain> d = new ArrayList<>();
    for (EncodedLayer layer : problem.encodedLayers()) {
      d.add(layer.parameterDomain());
    }
    return d;
  }

  /**
   * The problem's feature and neuron budgets, by magnitude: keep the features whose first-layer weights are largest,
   * and the hidden dense units with the largest product of incoming and outgoing weight mass; hold the rest at 0.
   * Returns whether anything was removed.
   */
  private static boolean applyBudgets(TrainingProblem problem, GradientDescent run) {
    TrainingConfig cfg = problem.config();
    TrainingData data = problem.data();
    TrainedNetwork net = run.network();
    List<NetworkLayer> layers = net.layers();
    boolean changed = false;
    DenseLayer first = layers.get(0).asDense().orElse(null);
    if (cfg.maxFeatures() < data.features() && first != null) {
      double[] mass = new double[data.features()];
      for (double[] row : first.weights()) {
        for (int k = 0; k < row.length; k++) {
          mass[k] += Math.abs(row[k]);
        }
      }
      boolean[] dead = complementOfTop(mass, cfg.maxFeatures());
      for (int k = 0; k < dead.length; k++) {
        for (int j = 0; dead[k] && j < first.units(); j++) {
          run.fixWeight(0, j, k);
        }
      }
      changed = true;
    }
    List<int[]> hidden = new ArrayList<>();
    for (int l = 0; l + 1 < layers.size(); l++) {
      if (layers.get(l).asDense().isPresent() && layers.get(l + 1).asDense().isPresent()) {
        for (int j = 0; j < layers.get(l).units(); j++) {
          hidden.add(new int[] {l, j});
        }
      }
    }
    if (cfg.maxNeurons() < hidden.size()) {
      net = run.network();
      double[] mass = new double[hidden.size()];
      for (int u = 0; u < mass.length; u++) {
        int l = hidden.get(u)[0];
        int j = hidden.get(u)[1];
        DenseLayer own = net.layers().get(l).asDense().orElseThrow();
        DenseLayer next = net.layers().get(l + 1).asDense().orElseThrow();
        double in = Math.abs(own.bias()[j]);
        for (double w : own.weights()[j]) {
          in += Math.abs(w);
        }
        double out = 0;
        for (double[] row : next.weights()) {
          out += Math.abs(row[j]);
        }
        mass[u] = in * out;
      }
      boolean[] dead = complementOfTop(mass, cfg.maxNeurons());
      for (int u = 0; u < dead.length; u++) {
        if (dead[u]) {
          int l = hidden.get(u)[0];
          int j = hidden.get(u)[1];
          for (int k = 0; k < layers.get(l).inputs(); k++) {
            run.fixWeight(l, j, k);
          }
          run.fixBias(l, j);
          for (int r = 0; r < layers.get(l + 1).units(); r++) {
            run.fixWeight(l + 1, r, j);
          }
        }
      }
      changed = true;
    }
    return changed;
  }

  /** True for every index outside the {@code keep} largest values. */
  static boolean[] complementOfTop(double[] values, int keep) {
    Integer[] order = new Integer[values.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
    boolean[] dead = new boolean[values.length];
    for (int r = keep; r < order.length; r++) {
      dead[order[r]] = true;
    }
    return dead;
  }
}
