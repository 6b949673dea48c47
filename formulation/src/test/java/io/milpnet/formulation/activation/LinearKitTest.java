package io.milpnet.formulation.activation;

import io.milpnet.formulation.train.ActivationKit;

/** The activation oracle kit on {@code linear}. */
public class LinearKitTest extends ActivationKit {
  @Override
  public String activation() {
    return "linear";
  }
}
