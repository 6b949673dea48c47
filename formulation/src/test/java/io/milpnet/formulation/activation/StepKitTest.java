package io.milpnet.formulation.activation;

import io.milpnet.formulation.train.ActivationKit;

/** The activation oracle kit on {@code step}. */
public class StepKitTest extends ActivationKit {
  @Override
  public String activation() {
    return "step";
  }
}
