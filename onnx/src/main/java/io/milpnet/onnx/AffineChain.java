package io.milpnet.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * The linear operators read since the last milpnet layer, composed lazily. A nonlinear operator turns the chain into
 * one layer: a convolution layer when the chain is a convolution of milpnet's form with per-channel scalings around
 * it (normalisation before, bias and batch normalisation after), else a dense layer whose rows are pulled back
 * through the chain. Folding the linear operators into the next layer keeps the verifier's networks as small as the
 * graph's nonlinear structure allows.
 */
final class AffineChain {
  /** The largest dense matrix a chain may become (25 million entries, 200 MB of doubles). */
  static final long MAX_DENSE_ENTRIES = 25_000_000L;

  private final int inputs;
  private final List<AffineMap> maps = new ArrayList<>();

  AffineChain(int inputs) {
    this.inputs = inputs;
  }

  int inputs() {
    return inputs;
  }

  int outputs() {
    return maps.isEmpty() ? inputs : maps.get(maps.size() - 1).outputs();
  }

  boolean isEmpty() {
    return maps.isEmpty();
  }

  void add(AffineMap map) {
    if (map.inputs() != outputs()) {
      throw new IllegalStateException("a map of " + map.inputs() + " inputs after " + outputs() + " values");
    }
    if (map instanceof ElementwiseAffine e && !maps.isEmpty()
        && maps.get(maps.size() - 1) instanceof ElementwiseAffine previous) {
      maps.set(maps.size() - 1, e.after(previous));
    } else {
      maps.add(map);
    }
  }

  double[] apply(double[] x) {
    double[] v = x;
    for (AffineMap m : maps) {
      v = m.apply(v);
    }
    return v;
  }

  /** The constant part {@code c} of the composed map. */
  double[] offset() {
    return apply(new double[inputs]);
  }

  /** The composed matrix, row by row; null when it would exceed {@link #MAX_DENSE_ENTRIES}. */
  double[][] matrix() {
    int out = outputs();
    if ((long) out * inputs > MAX_DENSE_ENTRIES) {
      return null;
    }
    double[][] w = new double[out][];
    for (int j = 0; j < out; j++) {
      double[] r = new double[out];
      r[j] = 1.0;
      for (int m = maps.size() - 1; m >= 0; m--) {
        r = maps.get(m).pullBack(r);
      }
      w[j] = r;
    }
    return w;
  }

  /** The chain as a convolution of milpnet's form (square kernel, one stride, no padding), or null. */
  ConvForm convForm() {
    int at = -1;
    for (int i = 0; i < maps.size(); i++) {
      if (maps.get(i) instanceof ConvMap) {
        at = i;
      }
    }
    if (at < 0 || at > 1 || maps.size() > at + 2) {
      return null;
    }
    ConvMap conv = (ConvMap) maps.get(at);
    if (!conv.squareValid()) {
      return null;
    }
    int plane = conv.height() * conv.width();
    double[][] pre = null;
    if (at == 1) {
      if (!(maps.get(0) instanceof ElementwiseAffine e) || (pre = e.perChannel(conv.channels(), plane)) == null) {
        return null;
      }
    }
    int filters = conv.kernels().length;
    double[][] post = null;
    if (maps.size() == at + 2) {
      if (!(maps.get(at + 1) instanceof ElementwiseAffine e)
          || (post = e.perChannel(filters, conv.outHeight() * conv.outWidth())) == null) {
        return null;
      }
    }
    int k = conv.kernelHeight();
    double[][][][] kernels = new double[filters][conv.channels()][k][k];
    double[] bias = new double[filters];
    for (int m = 0; m < filters; m++) {
      double b = conv.bias()[m];
      for (int c = 0; c < conv.channels(); c++) {
        for (int dy = 0; dy < k; dy++) {
          for (int dx = 0; dx < k; dx++) {
            double w = conv.kernels()[m][c][dy][dx];
            // conv(s x + t) = conv_{w s}(x) + sum w t: exact because no padded value is ever read.
            kernels[m][c][dy][dx] = pre == null ? w : w * pre[0][c];
            b += pre == null ? 0.0 : w * pre[1][c];
          }
        }
      }
      if (post != null) {
        for (int c = 0; c < conv.channels(); c++) {
          for (int dy = 0; dy < k; dy++) {
            for (int dx = 0; dx < k; dx++) {
              kernels[m][c][dy][dx] *= post[0][m];
            }
          }
        }
        b = post[0][m] * b + post[1][m];
      }
      bias[m] = b;
    }
    return new ConvForm(conv.channels(), conv.height(), conv.width(), conv.strides()[0], kernels, bias);
  }

  /** A convolution in milpnet's form: valid padding, square kernels, one stride. */
  record ConvForm(int channels, int height, int width, int stride, double[][][][] kernels, double[] bias) {}
}
