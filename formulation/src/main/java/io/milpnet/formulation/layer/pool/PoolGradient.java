package io.milpnet.formulation.layer.pool;

import io.milpnet.formulation.network.Differentiable;
import io.milpnet.formulation.network.NetworkLayer;


/**
 * The gradient form of pooling: no parameters; max pooling passes the gradient to its window's (first) largest input,
 * average pooling shares it evenly over the window.
 */
final class PoolGradient implements Differentiable {
  private final PoolLayer pool;
  private final PoolSpec.Kind pooling;

  PoolGradient(PoolLayer pool) {
    this.pool = pool;
    this.pooling = pool.kind();
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
    return pooling.newMemo(pool.units());
  }

  @Override
  public void forward(double[] w, double[] b, double[] in, double[] pre, double[] out, int[] memo) {
    for (int j = 0; j < pre.length; j++) {
      pre[j] = pooling.forward(in, pool.window(j), memo, j);
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
      pooling.backward(pool.window(j), delta[j], back, memo, j);
    }
  }

  @Override
  public NetworkLayer with(double[] w, double[] b, String domain) {
    return pool;
  }
}
