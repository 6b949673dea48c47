package io.milpnet.formulation.layer.conv;

import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.spec.ArchitectureParser;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.spec.Shape;
import java.util.Objects;

/**
 * A 2-D convolution, {@code conv:C@KxK[/S]}: {@code channels} output channels, each one {@code kernel x kernel}
 * kernel per input channel shared across all positions, stride {@code stride}, valid padding (no padding), followed
 * by {@code activation}.
 */
public record ConvSpec(int channels, int kernel, int stride, Activation activation) implements LayerSpec {
  public ConvSpec {
    if (channels < 1 || kernel < 1 || stride < 1) {
      throw new IllegalArgumentException("a convolution needs channels, kernel and stride >= 1, got " + channels
          + ", " + kernel + ", " + stride);
    }
    Objects.requireNonNull(activation, "activation");
  }

  @Override
  public String kindKey() {
    return "conv";
  }

  @Override
  public boolean takesMap() {
    return true;
  }

  @Override
  public String token() {
    return "conv:" + channels + "@" + kernel + "x" + kernel + (stride == 1 ? "" : "/" + stride)
        + (activation == Activation.RELU ? "" : "/" + activation.key());
  }

  /** The output shape for an input of shape {@code in}; an error when the kernel does not fit. */
  @Override
  public Shape outputShape(Shape in) {
    if (kernel > in.height() || kernel > in.width()) {
      throw new ArchitectureParser.ArchitectureException("layer " + token() + ": a " + kernel + "x" + kernel
          + " kernel does not fit its " + in + " input");
    }
    return new Shape(channels, (in.height() - kernel) / stride + 1, (in.width() - kernel) / stride + 1);
  }

  /** Every output position reads one kernel window over every input channel. */
  @Override
  public long connections(Shape in) {
    return (long) outputShape(in).size() * in.channels() * kernel * kernel;
  }
}
