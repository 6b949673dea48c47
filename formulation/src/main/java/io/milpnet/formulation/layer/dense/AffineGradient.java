package io.milpnet.formulation.layer.dense;

import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.layer.gate.GateLayer;
import io.milpnet.formulation.network.Differentiable;
import io.milpnet.formulation.network.NetworkLayer;

/**
 * The gradient form of a dense layer, and of a gate layer when {@code gateWeights} is given (its gates
 * {@code U x + c >= 0} are held fixed: a closed gate passes 0 and no gradient). Weight {@code j * inputs + k} is
 * {@code W_jk}; bias j is {@code b_j}.
 */
public final class AffineGradient implements Differentiable {
  private final int units;
  private final int inputs;
  private final Activation activation;
  private final double[][] weights;
  private final double[] bias;
  private final double[][] gateWeights;
  private final double[] gateBias;

  public AffineGradient(double[][] weights, double[] bias, Activation activation, double[][] gateWeights, double[] gateBias) {
    this.units = bias.length;
    this.inputs = weights.length == 0 ? 0 : weights[0].length;
    this.activation = activation;
    this.weights = weights;
    this.bias = bias;
    this.gateWeights = gateWeights;
    this.gateBias = gateBias;
  }

  @Override
  public int weightCount() {
    return units * inputs;
  }

  @Override
  public int biasCount() {
    return units;
  }

  @Override
  public int fanIn() {
    return inputs;
  }

  @Override
  public int fanOut() {
    return units;
  }

  @Override
  public double[] weights() {
    double[] w = new double[units * inputs];
    for (int j = 0; j < units; j++) {
      System.arraycopy(weights[j], 0, w, j * inputs, inputs);
    }
    return w;
  }

  @Override
  public double[] biases() {
    return bias.clone();
  }

  @Override
  public int weightOf(int j, int k) {
    return j * inputs + k;
  }

  @Override
  public int biasOf(int j) {
    return j;
  }

  @Override
  public int inputOf(int q) {
    return q % inputs;
  }

  @Override
  public boolean fixedReads(int k) {
    if (gateWeights != null) {
      for (double[] u : gateWeights) {
        if (u[k] != 0.0) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public int[] newMemo() {
    return gateWeights == null ? null : new int[units];
  }

  @Override
  public void forward(double[] w, double[] b, double[] in, double[] pre, double[] out, int[] memo) {
    for (int j = 0; j < units; j++) {
      double sum = b[j];
      int base = j * inputs;
      for (int k = 0; k < inputs; k++) {
        sum += w[base + k] * in[k];
      }
      pre[j] = sum;
      if (gateWeights != null) {
        double g = gateBias[j];
        double[] u = gateWeights[j];
        for (int k = 0; k < u.length; k++) {
          g += u[k] * in[k];
        }
        memo[j] = g >= 0 ? 1 : 0;
        out[j] = memo[j] == 1 ? sum : 0.0;
      } else {
        out[j] = activation.apply(sum);
      }
    }
  }

  @Override
  public void backward(double[] w, double[] b, double[] in, double[] pre, double[] delta, double scale, double[] gw,
      double[] gb, double[] back, int[] memo) {
    for (int j = 0; j < units; j++) {
      double d = delta[j] * (gateWeights != null ? memo[j] : activation.straightThrough(pre[j]));
      if (d == 0.0) {
        continue;
      }
      double g = d * scale;
      gb[j] += g;
      int base = j * inputs;
      for (int k = 0; k < inputs; k++) {
        gw[base + k] += g * in[k];
        back[k] += d * w[base + k];
      }
    }
  }

  @Override
  public NetworkLayer with(double[] w, double[] b, String domain) {
    double[][] m = new double[units][inputs];
    for (int j = 0; j < units; j++) {
      System.arraycopy(w, j * inputs, m[j], 0, inputs);
    }
    if (gateWeights == null) {
      return new DenseLayer(m, b.clone(), activation, domain);
    }
    double[][] u = new double[units][];
    for (int j = 0; j < units; j++) {
      u[j] = gateWeights[j].clone();
    }
    return new GateLayer(m, b.clone(), u, gateBias.clone(), domain);
  }
}
