package io.milpnet.formulation.activation;

import io.milpnet.formulation.train.ActivationKit;

/** The activation oracle kit on {@code relu}. */
public class ReluKitTest extends ActivationKit {
  @Override
  public String activation() {
    return "relu";
  }
}
