package io.milpnet.formulation.network;

import io.milpnet.formulation.spec.PoolSpec;

/**
 * The gradient form of pooling: no parameters; max pooling passes the gradient to its window's (first) largest input,
 * average pooling shares it evenly over the window.
 */
final class PoolGradient implements Differentiable {
  private final PoolLayer pool;
  private final boolean max;

  PoolGradient(PoolLayer pool) {
    this.pool = pool;
    this.max = pool.kind() == PoolSpec.Kind.MAX;
  }

  @Override
  public int weightCount() {
    return 0;
  }

  @Override
  public int biasCount() {
    return 0;
  }

  @Override
  public int fanIn() {
    return 0;
  }

  @Override
  public int fanOut() {
    return 0;
  }

  @Override
  public double[] weights() {
    return new double[0];
  }

  @Override
  public double[] biases() {
    return new double[0];
  }

  @Override
  public int weightOf(int j, int k) {
    return -1;
  }

  @Override
  public int biasOf(int j) {
    throw new UnsupportedOperationException("pooling has no biases");
  }

  @Override
  public int inputOf(int q) {
    throw new UnsupportedOperationException("pooling has no weights");
  }

  @Override
  public int passedInput(int j) {
    return pool.window(j)[0];
  }

  @Override
  public int[] newMemo() {
    return max ? new int[pool.units()] : null;
  }

  @Override
  public void forward(double[] w, double[] b, double[] in, double[] pre, double[] out, int[] memo) {
    for (int j = 0; j < pre.length; j++) {
      int[] window = pool.window(j);
      if (max) {
        int m = window[0];
        for (int k : window) {
          m = in[k] > in[m] ? k : m;
        }
        memo[j] = m;
        pre[j] = in[m];
      } else {
        double sum = 0;
        for (int k : window) {
          sum += in[k];
        }
        pre[j] = sum / window.length;
      }
      out[j] = pre[j];
    }
  }

  @Override
  public void backward(double[] w, double[] b, double[] in, double[] pre, double[] delta, double scale, double[] gw,
      double[] gb, double[] back, int[] memo) {
    for (int j = 0; j < delta.length; j++) {
      if (delta[j] == 0.0) {
        continue;
      }
      if (max) {
        back[memo[j]] += delta[j];
      } else {
        int[] window = pool.window(j);
        for (int k : window) {
          back[k] += delta[j] / window.length;
        }
      }
    }
  }

  @Override
  public NetworkLayer with(double[] w, double[] b, String domain) {
    return pool;
  }
}
