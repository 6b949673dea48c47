package io.milpnet.formulation.layer.conv;

import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.network.Differentiable;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.spec.Shape;

/**
 * The gradient form of a convolution: unit j (channel c at (y, x)) reads {@code inputs[j][t]} through weight
 * {@code weightOf[j][t]}, the kernel entry {@code ((c * C_in + ci) * K + dy) * K + dx} every position of channel c
 * shares, and adds bias c.
 */
final class ConvGradient implements Differentiable {
  private final ConvLayer conv;
  private final int[][] inputs;
  private final int[][] weightOf;
  private final int[] biasOf;

  ConvGradient(ConvLayer conv) {
    this.conv = conv;
    Shape in = conv.inputShape();
    Shape out = conv.outputShape();
    int k = conv.kernel();
    int taps = in.channels() * k * k;
    inputs = new int[out.size()][taps];
    weightOf = new int[out.size()][taps];
    biasOf = new int[out.size()];
    for (int c = 0; c < out.channels(); c++) {
      for (int y = 0; y < out.height(); y++) {
        for (int x = 0; x < out.width(); x++) {
          int j = out.index(c, y, x);
          biasOf[j] = c;
          int t = 0;
          for (int ci = 0; ci < in.channels(); ci++) {
            for (int dy = 0; dy < k; dy++) {
              for (int dx = 0; dx < k; dx++) {
                inputs[j][t] = in.index(ci, y * conv.stride() + dy, x * conv.stride() + dx);
                weightOf[j][t++] = param(c, ci, dy, dx);
              }
            }
          }
        }
      }
    }
  }

  private int param(int c, int ci, int dy, int dx) {
    int k = conv.kernel();
    return ((c * conv.inputShape().channels() + ci) * k + dy) * k + dx;
  }

  @Override
  public int weightCount() {
    return conv.channels() * conv.inputShape().channels() * conv.kernel() * conv.kernel();
  }

  @Override
  public int biasCount() {
    return conv.channels();
  }

  @Override
  public int fanIn() {
    return conv.inputShape().channels() * conv.kernel() * conv.kernel();
  }

  @Override
  public int fanOut() {
    return conv.channels() * conv.kernel() * conv.kernel();
  }

  @Override
  public double[] weights() {
    double[] w = new double[weightCount()];
    int k = conv.kernel();
    for (int c = 0; c < conv.channels(); c++) {
      for (int ci = 0; ci < conv.inputShape().channels(); ci++) {
        for (int dy = 0; dy < k; dy++) {
          for (int dx = 0; dx < k; dx++) {
            w[param(c, ci, dy, dx)] = conv.kernels()[c][ci][dy][dx];
          }
        }
      }
    }
    return w;
  }

  @Override
  public double[] biases() {
    return conv.bias().clone();
  }

  @Override
  public int weightOf(int j, int k) {
    return -1;
  }

  @Override
  public int biasOf(int j) {
    return biasOf[j];
  }

  @Override
  public int inputOf(int q) {
    int k = conv.kernel();
    int ci = (q / (k * k)) % conv.inputShape().channels();
    return conv.inputShape().index(ci, (q / k) % k, q % k);
  }

  @Override
  public void forward(double[] w, double[] b, double[] in, double[] pre, double[] out, int[] memo) {
    Activation act = conv.activation();
    for (int j = 0; j < pre.length; j++) {
      double sum = b[biasOf[j]];
      int[] ins = inputs[j];
      int[] ws = weightOf[j];
      for (int q = 0; q < ins.length; q++) {
        sum += w[ws[q]] * in[ins[q]];
      }
      pre[j] = sum;
      out[j] = act.apply(sum);
    }
  }

  @Override
  public void backward(double[] w, double[] b, double[] in, double[] pre, double[] delta, double scale, double[] gw,
      double[] gb, double[] back, int[] memo) {
    Activation act = conv.activation();
    for (int j = 0; j < delta.length; j++) {
      double d = delta[j] * act.straightThrough(pre[j]);
      if (d == 0.0) {
        continue;
      }
      double g = d * scale;
      gb[biasOf[j]] += g;
      int[] ins = inputs[j];
      int[] wo = weightOf[j];
      for (int q = 0; q < ins.length; q++) {
        gw[wo[q]] += g * in[ins[q]];
        back[ins[q]] += d * w[wo[q]];
      }
    }
  }

  @Override
  public NetworkLayer with(double[] w, double[] b, String domain) {
    int k = conv.kernel();
    double[][][][] kernels = new double[conv.channels()][conv.inputShape().channels()][k][k];
    for (int c = 0; c < kernels.length; c++) {
      for (int ci = 0; ci < kernels[c].length; ci++) {
        for (int dy = 0; dy < k; dy++) {
          for (int dx = 0; dx < k; dx++) {
            kernels[c][ci][dy][dx] = w[param(c, ci, dy, dx)];
          }
        }
      }
    }
    return new ConvLayer(conv.inputShape(), conv.stride(), kernels, b.clone(), conv.activation(), domain);
  }
}
