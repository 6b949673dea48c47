package io.milpnet.formulation.network;

/**
 * The plain double-precision forward pass: the oracle every MILP encoding is checked against. Inputs here are already
 * scaled (the MILP sees scaled data); {@link #predictRaw} applies the network's scaler first.
 */
public final class ForwardPass {
  private final TrainedNetwork network;

  public ForwardPass(TrainedNetwork network) {
    this.network = network;
  }

  /** Pre-activations and activations of every layer for one scaled input. */
  public Trace trace(double[] scaledInput) {
    int numLayers = network.layers().size();
    double[][] pre = new double[numLayers][];
    double[][] post = new double[numLayers][];
    double[] in = scaledInput;
    for (int l = 0; l < numLayers; l++) {
      NetworkLayer layer = network.layers().get(l);
      double[] a = layer.preActivations(in);
      double[] h = layer.outputs(in, a);
      pre[l] = a;
      post[l] = h;
      in = h;
    }
    return new Trace(pre, post);
  }

  public double[] outputs(double[] scaledInput) {
    Trace t = trace(scaledInput);
    return t.post()[t.post().length - 1];
  }

  /** Class index predicted for a scaled input. */
  public int predict(double[] scaledInput) {
    return classOf(outputs(scaledInput));
  }

  /** Class index predicted for a raw (unscaled) input. */
  public int predictRaw(double[] rawInput) {
    return predict(network.scaler().transform(rawInput));
  }

  public int classOf(double[] outputs) {
    return network.outputKind().classOf(outputs);
  }

  /**
   * Regression: the absolute error of every sample in the target's own units, for scaled inputs and scaled targets.
   */
  public double[] absoluteErrors(double[][] scaledInputs, double[] scaledTargets) {
    double[] e = new double[scaledInputs.length];
    for (int i = 0; i < e.length; i++) {
      e[i] = Math.abs(network.targetValue(outputs(scaledInputs[i])[0]) - network.targetValue(scaledTargets[i]));
    }
    return e;
  }

  /** Fraction of samples (scaled inputs) whose predicted class index equals the given one; NaN for regression. */
  public double accuracy(double[][] scaledInputs, int[] classIndices) {
    if (scaledInputs.length == 0 || network.outputKind() == OutputKind.REGRESSION) {
      return Double.NaN;
    }
    int correct = 0;
    for (int i = 0; i < scaledInputs.length; i++) {
      if (predict(scaledInputs[i]) == classIndices[i]) {
        correct++;
      }
    }
    return (double) correct / scaledInputs.length;
  }

  /** Per-layer pre-activations {@code pre[l][j]} and activations {@code post[l][j]}. */
  public record Trace(double[][] pre, double[][] post) {}
}
