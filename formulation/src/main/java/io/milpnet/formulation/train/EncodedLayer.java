package io.milpnet.formulation.train;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.bounds.IntervalBounds;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;
import io.milpnet.formulation.encode.ReluOutput;
import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.layer.dense.EncodedDenseLayer;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.TrainedNetwork;
import java.util.List;
import java.util.Optional;

/**
 * One layer of the training MILP: per-sample pre-activations and outputs, its variables and regulariser, and the
 * inverse maps (decode a solution into a network layer; assign a network layer's parameters and the implied values of
 * every auxiliary variable, for start values). One subclass per layer kind.
 */
public abstract class EncodedLayer {
  protected final int layer;
  protected final boolean hidden;
  protected final int units;
  protected final int inputs;
  protected final int samples;
  /** Pre-activations per sample and unit (for pooling: the pooled values). */
  protected Signal[][] pre;
  /** Null for layers without an activation (pooling). */
  protected EncodedActivation activation;
  protected LayerSignals output;
  /** Unit masks (neuron pruning), or null. */
  protected Var[] masks;
  protected LinearExpr regularisation = LinearExpr.zero();
  /** LP-based bound tightening of the pre-activations, or null for interval bounds alone. */
  protected TrainingBounds tightener;
  /** Ranges that restrict the pre-activations of the layer's activation (not valid bounds: held as rows), or null. */
  protected ActivationRanges restriction;
  /** Rows added for {@link #restriction}. */
  protected int restrictionRows;

  protected EncodedLayer(int layer, boolean hidden, int units, int inputs, int samples) {
    this.layer = layer;
    this.hidden = hidden;
    this.units = units;
    this.inputs = inputs;
    this.samples = samples;
  }

  /** The pre-activation of sample i's unit j (for pooling: the pooled value), with its bounds. */
  public Signal preActivation(int i, int j) {
    return pre[i][j];
  }

  /** Per-sample, per-unit expressions as signals with their interval bounds over the model's variable bounds. */
  protected static Signal[][] withBounds(Model model, LinearExpr[][] exprs) {
    IntervalBounds bounds = IntervalBounds.of(model);
    Signal[][] s = new Signal[exprs.length][];
    for (int i = 0; i < exprs.length; i++) {
      s[i] = new Signal[exprs[i].length];
      for (int j = 0; j < exprs[i].length; j++) {
        s[i][j] = new Signal(exprs[i][j], bounds.range(exprs[i][j]));
      }
    }
    return s;
  }

  /**
   * {@link #withBounds}, then, with a {@link #tightener}, LP-based bounds for the pre-activations of an activation
   * that has constants to derive (all of them when {@code linear}: they bound the loss).
   */
  protected Signal[][] bounded(Model model, LinearExpr[][] exprs, boolean linear) {
    Signal[][] s = withBounds(model, exprs);
    if (restriction != null && !linear) {
      s = restrict(model, s);
    }
    return tightener == null ? s : tightener.tighten(model, s, linear);
  }

  /**
   * The signals with their bounds intersected with the {@link #restriction}'s ranges. Those ranges are not implied by
   * the model, so each side they tighten becomes a row too: otherwise a unit they prove stable would drop its sign
   * condition (a stable-active ReLU is {@code h = z} without {@code z >= 0}).
   */
  private Signal[][] restrict(Model model, Signal[][] s) {
    Signal[][] out = new Signal[s.length][];
    for (int i = 0; i < s.length; i++) {
      out[i] = s[i].clone();
      for (int j = 0; j < s[i].length; j++) {
        Interval r = restriction.range(layer - 1, j);
        Interval b = s[i][j].bounds();
        if (r == null || s[i][j].isConstant()) {
          continue;
        }
        double lo = Math.max(b.lo(), r.lo());
        double hi = Math.min(b.hi(), r.hi());
        if (!(lo <= hi)) {
          continue; // disjoint from the valid bounds: the reference network is not of this model; keep them
        }
        if (lo > b.lo()) {
          model.addGreaterOrEqual("range_lo_l" + layer + "_r" + i + "_u" + j, s[i][j].expr(), lo);
          restrictionRows++;
        }
        if (hi < b.hi()) {
          model.addLessOrEqual("range_hi_l" + layer + "_r" + i + "_u" + j, s[i][j].expr(), hi);
          restrictionRows++;
        }
        out[i][j] = new Signal(s[i][j].expr(), new Interval(lo, hi));
      }
    }
    return out;
  }

  /** Writes every sample's activation variables for the layer's pre-activations and returns its outputs. */
  protected double[][] assignActivations(double[] values, NetworkLayer params, double[][] inputValues) {
    double[][] out = new double[samples][units];
    for (int i = 0; i < samples; i++) {
      double[] a = params.preActivations(inputValues[i]);
      for (int j = 0; j < units; j++) {
        out[i][j] = activation.assign(values, i, j, a[j]);
      }
    }
    return out;
  }

  protected List<EncodedActivation.Phase> phases(int i, int j) {
    return activation == null ? List.of() : activation.phases(i, j);
  }

  /** The binaries that describe sample i's activation pattern in this layer (phases, pooling choices, gates). */
  protected List<Var> sampleBinaries(int i) {
    return activation == null ? new java.util.ArrayList<>() : activation.sampleBinaries(i);
  }

  /**
   * The layer itself when it is of the dense kind, else empty: what acts on dense layers only (implications and their
   * numbering of dense layers, the local search's units, a layer that may switch off into the identity) asks here.
   */
  public Optional<EncodedDenseLayer> asDense() {
    return Optional.empty();
  }

  protected int stable() {
    return activation == null ? 0 : activation.stable();
  }

  protected int unstable() {
    return activation == null ? 0 : activation.unstable();
  }

  // ------------------------------------------------------------------------------------------------- symmetry

  /**
   * Whether the symmetry-breaking rows order this layer's groups (units or filters): they do for hidden layers with
   * interchangeable units; not for pooling, nor for units named by constraints or a layer that may become the
   * identity (its units follow its inputs' order).
   */
  protected boolean ordersGroups() {
    return false;
  }

  /**
   * Per group, whether it is live, where the rows put live groups first (masked units or filters); null when they do
   * not (the order is by bias alone).
   *
   * @param current the network as reordered so far
   */
  protected boolean[] canonicalLiveness(TrainedNetwork current, int l) {
    return null;
  }

  /** Whether the layer, when it computes the identity, takes its inputs' order as its own (a switchable layer). */
  protected boolean followsInputOrder() {
    return false;
  }

  // ------------------------------------------------------------------------------------------------- audit

  /**
   * The kind's own claims about sample i that the forward pass must bear out (a gate's open or closed state), or
   * null when they hold; the generic claims (pre-activations, phases, activations) are checked by
   * {@link SolutionAudit}.
   *
   * @param in the layer's inputs for the sample in the forward pass
   */
  protected String checkSample(NetworkLayer layer, int i, double[] values, double[] in, double tolerance) {
    return null;
  }

  /** The kind's claims about the whole solution (a switched-off layer decodes to the identity), or null. */
  protected String checkSolution(NetworkLayer layer, double[] values) {
    return null;
  }

  // ------------------------------------------------------------------------------------------------- pricing

  /**
   * Adds the layer's part of the objective's regularisation for its decoded network layer to {@code total}: the
   * weight penalty, then the layer's structure terms (masks read from {@code values} when given, else from the
   * network's structure).
   *
   * @param unitAlive this layer's live units in the network (read when values is null; null otherwise)
   * @param inputAlive the previous layer's live units (read when values is null; null for the first layer)
   */
  protected double addPrice(double total, NetworkLayer layer, double[] values, boolean[] unitAlive, boolean[] inputAlive,
      TrainingConfig config) {
    total += weightPenalty(layer, config);
    total = addStructurePrice(total, layer, values, inputAlive, config);
    if (masks != null) {
      for (int j = 0; j < units; j++) {
        total += config.neuronPenalty() * (values == null ? (unitAlive[j] ? 1 : 0)
            : Math.rint(values[masks[j].index()]));
      }
    }
    return total;
  }

  /** {@code l1 sum|w| + l0 #(w != 0)} over the weights the MILP trains in this layer (biases are free). */
  protected double weightPenalty(NetworkLayer layer, TrainingConfig config) {
    return penalty(layer.differentiable().weights(), config, 0.0);
  }

  protected static double penalty(double[] weights, TrainingConfig config, double total) {
    for (double w : weights) {
      total += config.l1() * Math.abs(w) + (w != 0.0 ? config.l0() : 0.0);
    }
    return total;
  }

  /** The kind's own structure terms (filters, layer switches), added to {@code total}; none by default. */
  protected double addStructurePrice(double total, NetworkLayer layer, double[] values, boolean[] inputAlive,
      TrainingConfig config) {
    return total;
  }

  /**
   * The layer with every parameter 0 in this layer's domains (sign weights of a layer without input masks: +1, the
   * sign grid has no 0).
   */
  protected abstract NetworkLayer zeroLayer();

  /** The network layer the solution describes. */
  protected abstract NetworkLayer decode(double[] values);

  /**
   * The decoded layer with the bias of every unit j raised by {@code raise[j]} (units sharing a bias take the largest
   * of theirs, plus a margin of twice that, so that the shifted pre-activations clear 0 in floating point). For
   * layers with step activations.
   */
  protected NetworkLayer withRaisedBiases(NetworkLayer decoded, double[] raise) {
    throw new UnsupportedOperationException("layer " + layer + " has no step activation to repair");
  }

  /** The domain of the layer's parameters for gradient descent (null for a layer without weights). */
  protected GradientDescent.Domain parameterDomain() {
    return null;
  }

  /**
   * The layer's sensitivity for {@link LipschitzCuts}: a layer with every weight at its largest magnitude, bias 0
   * and no activation, so that its pre-activations on per-input distance bounds {@code |x_i - x_k|} bound the
   * per-unit pre-activation distances {@code |a_i - a_k|} of any network the model allows (the bias cancels). Null
   * when the layer has no such bound (gates).
   */
  protected NetworkLayer magnitude() {
    return null;
  }

  /** Lipschitz constant of the activation (1 without one: pooling's own bound is in {@link #magnitude}). */
  protected double activationLipschitz() {
    return activation == null ? 1.0 : activation.activation.lipschitz();
  }

  /**
   * Writes the values of this layer's variables for a network layer with the given parameters into {@code values},
   * and returns the layer's outputs per sample.
   *
   * @param inputValues the layer's inputs per sample
   * @param unitAlive liveness of this layer's units (used where the layer has unit masks)
   * @param inputAlive liveness of the input units (used where the layer ties weights to input masks)
   */
  protected abstract double[][] assign(double[] values, NetworkLayer params, double[][] inputValues, boolean[] unitAlive,
      boolean[] inputAlive);
}
