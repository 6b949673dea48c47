package io.milpnet.formulation.verify;

/** A network layer whose kind verification has no formulation for; the message names the layer. */
public final class UnsupportedLayerException extends IllegalArgumentException {
  public UnsupportedLayerException(String message) {
    super(message);
  }
}
