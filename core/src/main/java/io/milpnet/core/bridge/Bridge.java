package io.milpnet.core.bridge;

import io.milpnet.core.model.Model;
import io.milpnet.core.solver.Capabilities;

/**
 * A rewrite of a model for a backend that lacks a capability: whether the backend needs it for a model, the rewrite
 * (variables one to one, so a solution maps back unchanged), and the capabilities the backend has behind it.
 * {@link BridgingSolver} walks its bridges in order.
 */
public interface Bridge {
  /** Whether a backend with capabilities {@code backend} needs this bridge for {@code model}. */
  boolean needed(Capabilities backend, Model model);

  /** The rewritten model. */
  Model apply(Model model);

  /** The capabilities a backend with {@code backend} has behind this bridge. */
  Capabilities supplies(Capabilities backend);
}
