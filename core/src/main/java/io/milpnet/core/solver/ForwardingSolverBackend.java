package io.milpnet.core.solver;

import io.milpnet.core.model.Model;

/** A backend that wraps another (bridges, guards): everything but what it overrides goes to the wrapped one. */
public abstract class ForwardingSolverBackend implements SolverBackend {
  private final SolverBackend inner;

  protected ForwardingSolverBackend(SolverBackend inner) {
    this.inner = java.util.Objects.requireNonNull(inner, "inner");
  }

  public SolverBackend inner() {
    return inner;
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public String version() {
    return inner.version();
  }

  @Override
  public Availability availability() {
    return inner.availability();
  }

  @Override
  public Capabilities capabilities() {
    return inner.capabilities();
  }

  @Override
  public void checkParameters(java.util.Map<String, String> parameters) {
    inner.checkParameters(parameters);
  }

  @Override
  public Solution solve(Model model, SolveOptions options) {
    return inner.solve(model, options);
  }
}
