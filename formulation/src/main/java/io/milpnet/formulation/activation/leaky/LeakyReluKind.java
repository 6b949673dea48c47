package io.milpnet.formulation.activation.leaky;

import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.activation.ActivationKind;

/** {@code leakyrelu:A}: the slope is required, a number in (0, 1). */
public final class LeakyReluKind implements ActivationKind {
  static final String KEY = "leakyrelu";

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public String usage() {
    return KEY + ":A";
  }

  @Override
  public Activation parse(String args) {
    if (args == null || args.isBlank()) {
      throw new IllegalArgumentException("needs its slope below 0: leakyrelu:A with 0 < A < 1, e.g. leakyrelu:0.01");
    }
    double slope;
    try {
      slope = Double.parseDouble(args.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the slope '" + args.trim() + "' is not a number; write leakyrelu:A with"
          + " 0 < A < 1");
    }
    return new LeakyRelu(slope);
  }
}
