package io.milpnet.onnx;

import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.layer.conv.ConvLayer;
import io.milpnet.formulation.layer.dense.DenseLayer;
import io.milpnet.formulation.layer.pool.PoolLayer;
import io.milpnet.formulation.layer.pool.PoolSpec;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.spec.Shape;

/**
 * The one place the importer names milpnet's layer classes: what the graph translator makes of ONNX operators, as
 * dense, convolution and max-pooling layers (average pooling, padding and reordering are linear and end up inside
 * the next dense layer's weights).
 */
final class MilpnetLayers {
  /** Weights of imported layers are the file's, not chosen by a MILP. */
  static final String DOMAIN = "fixed (onnx)";

  private MilpnetLayers() {}

  static NetworkLayer dense(double[][] weights, double[] bias, Activation activation) {
    return new DenseLayer(weights, bias, activation, DOMAIN);
  }

  static NetworkLayer conv(AffineChain.ConvForm c, Activation activation) {
    return new ConvLayer(new Shape(c.channels(), c.height(), c.width()), c.stride(), c.kernels(), c.bias(),
        activation, DOMAIN);
  }

  static NetworkLayer maxPool(int channels, int height, int width, int size, int stride, int pad) {
    return new PoolLayer(PoolSpec.Kind.MAX, new Shape(channels, height, width), size, stride, pad);
  }
}
