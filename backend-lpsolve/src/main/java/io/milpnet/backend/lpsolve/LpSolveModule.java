package io.milpnet.backend.lpsolve;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import io.milpnet.core.solver.SolverBackend;

/**
 * Contributes the {@code lpsolve} backend to the solver registry. Binding it loads nothing: the native library is
 * looked up on first use, so a machine without lp_solve still starts and lists the backend as unavailable.
 */
public final class LpSolveModule extends AbstractModule {
  @Override
  protected void configure() {
    MapBinder<String, SolverBackend> backends = MapBinder.newMapBinder(binder(), String.class, SolverBackend.class);
    backends.addBinding(LpSolveBackend.NAME).toInstance(new LpSolveBackend());
  }
}
