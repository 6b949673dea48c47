package io.milpnet.formulation.network;

/**
 * A layer as the gradient trainer sees it: its parameters as a flat weight vector {@code w} (a convolution's kernel
 * weights shared by every position) and a flat bias vector {@code b}, a forward pass on given parameter values and its
 * backward pass. Layers that train nothing (pooling) have empty vectors. The trainer owns the values (latent copies,
 * rounding onto grids, Adam moments); the layer kind owns how its units read them. One per layer kind, from
 * {@link NetworkLayer#differentiable()}.
 */
public interface Differentiable {
  int weightCount();

  int biasCount();

  /** Fan-in and fan-out of one weight, for Glorot initialisation. */
  int fanIn();

  int fanOut();

  /** The layer's weights in this layout. */
  double[] weights();

  /** The layer's biases in this layout. */
  double[] biases();

  /**
   * The weight parameter of unit {@code j} on input {@code k}, or -1 when unit j does not read input k through a
   * weight of its own (shared kernels have no per-pair parameter: -1 too).
   */
  int weightOf(int j, int k);

  /**
   * The bias of unit j: its own in dense and gate layers, its channel's in a convolution. The weights are grouped by
   * bias: those of the units of bias g are {@code w[g * per, (g + 1) * per)}, {@code per = weightCount / biasCount}.
   */
  int biasOf(int j);

  /** An input weight q reads (a shared kernel weight: the one at the first position). */
  int inputOf(int q);

  /**
   * For a layer without parameters (pooling), an input output unit j passes on, of the unit's own channel (the first
   * of its window); -1 for layers with parameters.
   */
  default int passedInput(int j) {
    return -1;
  }

  /** Whether a part of the layer that is not trained reads input k (a gate layer's gates). */
  default boolean fixedReads(int k) {
    return false;
  }

  /** Scratch the passes share per sample (max-pool winners, open gates), or null when the kind needs none. */
  default int[] newMemo() {
    return null;
  }

  /**
   * The forward pass of one sample: writes the pre-activations into {@code pre} and the outputs into {@code out}.
   *
   * @param memo from {@link #newMemo()}, written here for the backward pass
   */
  void forward(double[] w, double[] b, double[] in, double[] pre, double[] out, int[] memo);

  /**
   * The backward pass of the sample {@link #forward} saw last: with {@code delta} the loss gradient of the outputs,
   * adds {@code scale} times the parameter gradients to {@code gw} and {@code gb} and adds the gradient of the inputs
   * (unscaled) to {@code back}. Activations pass straight-through derivatives
   * ({@link io.milpnet.formulation.activation.Activation#straightThrough}).
   */
  void backward(double[] w, double[] b, double[] in, double[] pre, double[] delta, double scale, double[] gw,
      double[] gb, double[] back, int[] memo);

  /** The layer with parameters {@code w} and {@code b}, its weight domain described as {@code domain}. */
  NetworkLayer with(double[] w, double[] b, String domain);
}
