package io.milpnet.core.solver;

/**
 * Receives a solve's progress: at {@code seconds} after the solve began, the objective of the best solution found so
 * far ({@code incumbent}, NaN before the first) and the solver's proven bound on the optimum ({@code bound}, NaN when it
 * has none), both in the model's own objective (its sense and constant). A backend reports what its solver tells it,
 * in time order; a backend that can tell nothing during a solve reports nothing.
 */
@FunctionalInterface
public interface TraceListener {
  void point(double seconds, double incumbent, double bound);
}
