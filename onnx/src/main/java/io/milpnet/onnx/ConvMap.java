package io.milpnet.onnx;

/**
 * A 2-D convolution (group 1, dilation 1) on a {@code channels x height x width} tensor with zero padding
 * {@code pads = {top, left, bottom, right}} and strides {@code {vertical, horizontal}}:
 * {@code y[m][oy][ox] = bias[m] + sum k[m][c][dy][dx] x[c][oy*sv+dy-top][ox*sh+dx-left]}, padded values 0. Kept as a
 * convolution, not a matrix, so that a milpnet convolution layer can be made of it when it has one's form.
 */
record ConvMap(int channels, int height, int width, double[][][][] kernels, double[] bias, int[] strides, int[] pads)
    implements AffineMap {

  int kernelHeight() {
    return kernels[0][0].length;
  }

  int kernelWidth() {
    return kernels[0][0][0].length;
  }

  int outHeight() {
    return (height + pads[0] + pads[2] - kernelHeight()) / strides[0] + 1;
  }

  int outWidth() {
    return (width + pads[1] + pads[3] - kernelWidth()) / strides[1] + 1;
  }

  /** The form of a milpnet convolution layer: square kernel, one stride, no padding. */
  boolean squareValid() {
    return kernelHeight() == kernelWidth() && strides[0] == strides[1]
        && pads[0] == 0 && pads[1] == 0 && pads[2] == 0 && pads[3] == 0;
  }

  @Override
  public int inputs() {
    return channels * height * width;
  }

  @Override
  public int outputs() {
    return kernels.length * outHeight() * outWidth();
  }

  @Override
  public double[] apply(double[] x) {
    return walk(x, null);
  }

  @Override
  public double[] pullBack(double[] r) {
    double[] out = new double[inputs()];
    walk(r, out);
    return out;
  }

  /** Forward ({@code back == null}: returns y from x) or backward (adds {@code v A} to {@code back}). */
  private double[] walk(double[] v, double[] back) {
    int oh = outHeight();
    int ow = outWidth();
    int kh = kernelHeight();
    int kw = kernelWidth();
    double[] y = back == null ? new double[outputs()] : null;
    for (int m = 0; m < kernels.length; m++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          int o = (m * oh + oy) * ow + ox;
          double s = back == null ? bias[m] : 0.0;
          double r = back == null ? 0.0 : v[o];
          if (back != null && r == 0.0) {
            continue;
          }
          for (int c = 0; c < channels; c++) {
            for (int dy = 0; dy < kh; dy++) {
              int iy = oy * strides[0] + dy - pads[0];
              if (iy < 0 || iy >= height) {
                continue;
              }
              for (int dx = 0; dx < kw; dx++) {
                int ix = ox * strides[1] + dx - pads[1];
                if (ix < 0 || ix >= width) {
                  continue;
                }
                int i = (c * height + iy) * width + ix;
                if (back == null) {
                  s += kernels[m][c][dy][dx] * v[i];
                } else {
                  back[i] += r * kernels[m][c][dy][dx];
                }
              }
            }
          }
          if (y != null) {
            y[o] = s;
          }
        }
      }
    }
    return y;
  }
}
