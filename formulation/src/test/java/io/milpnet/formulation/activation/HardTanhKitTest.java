package io.milpnet.formulation.activation;

import io.milpnet.formulation.train.ActivationKit;

/** The activation oracle kit on {@code hardtanh}. */
public class HardTanhKitTest extends ActivationKit {
  @Override
  public String activation() {
    return "hardtanh";
  }
}
