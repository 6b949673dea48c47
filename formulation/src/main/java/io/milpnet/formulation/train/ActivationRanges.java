package io.milpnet.formulation.train;

import io.milpnet.core.bounds.Interval;
import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.network.ForwardPass;
import io.milpnet.formulation.network.TrainedNetwork;
import java.util.List;

/**
 * Pre-activation ranges of a reference network (the gradient warm start) on the training rows, widened, used as bounds
 * of the training MILP's hidden pre-activations: unit j of a hidden layer gets, on every row,
 * {@code [min_j - w (max_j - min_j), max_j + w (max_j - min_j)]} where {@code min_j, max_j} are the unit's smallest and
 * largest pre-activation over the rows and {@code w} the widening. They are <b>not</b> valid bounds of the training
 * problem (another network can leave them), so the model holds them as rows, and a solve of that model proves
 * nothing about the whole problem: its bound is the restricted problem's only.
 */
public final class ActivationRanges {
  /** Per network layer (null for the output layer, pooling and layers without an activation), per unit. */
  private final Interval[][] ranges;
  private final double widening;
  /** The reference problem's bias bounds, per trainable layer: the restricted problem keeps them. */
  private final List<Double> biasBounds;

  private ActivationRanges(Interval[][] ranges, double widening, List<Double> biasBounds) {
    this.ranges = ranges;
    this.widening = widening;
    this.biasBounds = biasBounds;
  }

  /**
   * The ranges of {@code network} (a network of {@code problem}'s architecture) on the problem's training rows, each
   * widened by {@code widening} times its width on both sides.
   */
  public static ActivationRanges around(TrainingProblem problem, TrainedNetwork network, double widening) {
    if (!(widening >= 0) || Double.isInfinite(widening)) {
      throw new IllegalArgumentException("--gradient-bounds must be a finite number >= 0, got " + widening);
    }
    TrainedNetwork net = problem.config().symmetryBreaking() ? problem.canonicalOrder(network) : network;
    int layers = net.layers().size();
    Interval[][] out = new Interval[layers][];
    double[][] lo = new double[layers][];
    double[][] hi = new double[layers][];
    ForwardPass forward = new ForwardPass(net);
    for (double[] row : problem.data().rows()) {
      double[][] pre = forward.trace(row).pre();
      for (int l = 0; l + 1 < layers; l++) {
        if (net.layers().get(l).activation() == Activation.LINEAR) {
          continue;
        }
        if (lo[l] == null) {
          lo[l] = pre[l].clone();
          hi[l] = pre[l].clone();
        }
        for (int j = 0; j < pre[l].length; j++) {
          lo[l][j] = Math.min(lo[l][j], pre[l][j]);
          hi[l][j] = Math.max(hi[l][j], pre[l][j]);
        }
      }
    }
    for (int l = 0; l < layers; l++) {
      if (lo[l] != null) {
        out[l] = new Interval[lo[l].length];
        for (int j = 0; j < lo[l].length; j++) {
          double magnitude = Math.max(Math.abs(lo[l][j]), Math.abs(hi[l][j]));
          double pad = widening * (hi[l][j] - lo[l][j]) + 1e-6 * (1 + magnitude);
          out[l][j] = new Interval(lo[l][j] - pad, hi[l][j] + pad);
        }
      }
    }
    return new ActivationRanges(out, widening, problem.biasBounds());
  }

  /** The range of unit j of network layer l (0-based), or null when the layer has none. */
  Interval range(int l, int j) {
    return l < ranges.length && ranges[l] != null ? ranges[l][j] : null;
  }

  /** The reference problem's bias bound of trainable layer t (in order). */
  double biasBound(int t) {
    if (t >= biasBounds.size()) {
      throw new IllegalArgumentException("the activation ranges come from a problem with " + biasBounds.size()
          + " trainable layers, not of this architecture");
    }
    return biasBounds.get(t);
  }

  public double widening() {
    return widening;
  }
}
