package io.milpnet.formulation.verify;

import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.network.NetworkLayer;

/**
 * What verification does with one layer of a fixed network, whatever its kind: bound it (interval arithmetic and a
 * linear relaxation for {@link SymbolicBounds}) and encode it in the MILP of an input box with the formulations
 * training uses (weights now constants). The forward pass, the oracle of both, stays the network layer's own
 * ({@link NetworkLayer#outputs}). The layer's kind makes one per network layer
 * ({@link io.milpnet.formulation.layer.LayerKind#verification}).
 */
public interface VerificationLayer {
  /** The network layer verified, or the affine map it equals (a convolution's or average pooling's dense form). */
  NetworkLayer layer();

  default int inputs() {
    return layer().inputs();
  }

  default int units() {
    return layer().units();
  }

  /** Refuses, naming layer {@code number} (1-based), what this layer kind cannot verify; a no-op otherwise. */
  void requireVerifiable(int number);

  /**
   * Bounds this layer over the box and relaxes it.
   *
   * @param inLo lower bounds of the layer's inputs over the box
   * @param inHi upper bounds of the layer's inputs
   * @param earlier upper bounds of linear functions of the layer's inputs by back-substitution through the layers
   *     before it (tighter than the interval ones), or {@link UpperBound#NONE} for the first layer
   */
  Relaxation relax(double[] inLo, double[] inHi, UpperBound earlier);

  /**
   * Encodes the layer on top of its input signals into the box's model.
   *
   * @param layer the layer's 0-based index (for names and its symbolic bounds)
   */
  Signal[] encode(Signal[] in, int layer, BoxEncoder box);

  /** An upper bound of {@code c . h + c0} over the box, h the inputs of a layer. */
  @FunctionalInterface
  interface UpperBound {
    /** Nothing better than interval arithmetic: the first layer is linear in the box, its interval bound is exact. */
    UpperBound NONE = (c, c0) -> Double.POSITIVE_INFINITY;

    double max(double[] c, double c0);
  }

  /**
   * A layer's bounds over the box and its linear relaxation: {@code preLo}/{@code preHi} bound the values the layer
   * computes before its nonlinearity ({@link SymbolicBounds#preActivation}), {@code outLo}/{@code outHi} its outputs;
   * {@code unstable} counts the units whose phase the bounds leave open (unstable ReLUs, undecided gates).
   */
  abstract class Relaxation {
    private final double[] preLo;
    private final double[] preHi;
    private final double[] outLo;
    private final double[] outHi;
    private final int unstable;

    public Relaxation(double[] preLo, double[] preHi, double[] outLo, double[] outHi, int unstable) {
      this.preLo = preLo;
      this.preHi = preHi;
      this.outLo = outLo;
      this.outHi = outHi;
      this.unstable = unstable;
    }

    double[] preLo() {
      return preLo;
    }

    double[] preHi() {
      return preHi;
    }

    double[] outLo() {
      return outLo;
    }

    double[] outHi() {
      return outHi;
    }

    int unstable() {
      return unstable;
    }

    /**
     * Back-substitution through the layer: the coefficients over the layer's inputs of a linear function that is
     * at least {@code c . out} everywhere in the box, its constant added to {@code constant}.
     */
    protected abstract double[] upper(double[] c, Constant constant);

    /**
     * The slopes of the lower lines {@code h >= s z} this relaxation may take anywhere in [0, 1] (the unstable
     * ReLUs, whose lower line any such slope keeps below {@code max(0, z)}): a fresh copy of its own choice, NaN for
     * every other unit; null when it has none to offer. What optimised slopes (alpha-CROWN) tune; see
     * {@link SymbolicBounds#optimisedLowerLine}.
     */
    protected double[] lowerSlopes() {
      return null;
    }

    /**
     * {@link #upper} with the free lower slopes taken from {@code slopes} (as {@link #lowerSlopes} numbers them;
     * NaN keeps the relaxation's own line); a layer without free slopes ignores them.
     */
    protected double[] upper(double[] c, Constant constant, double[] slopes) {
      return upper(c, constant);
    }

    /**
     * The relaxation evaluated at the layer's inputs {@code v}: each unit on the line that the back-substitution of
     * {@code c} (coefficients of the layer's outputs) chose for it, the free lower slopes from {@code slopes}; the
     * pre-activations go into {@code pre}, the outputs are returned. The derivative of a back-substituted bound with
     * respect to a free slope is the unit's coefficient times its pre-activation here, at the input corner where the
     * bound is attained. Null when the layer cannot say (then no slopes are optimised).
     */
    protected double[] relaxedForward(double[] v, double[] c, double[] slopes, double[] pre) {
      return null;
    }
  }

  /** The constant of a back-substituted line and the magnitude of the terms summed into it (for the safety margin). */
  final class Constant {
    double value;
    double magnitude;

    Constant(double c0) {
      value = c0;
      magnitude = Math.abs(c0);
    }

    public void add(double t) {
      value += t;
      magnitude += Math.abs(t);
    }
  }
}
