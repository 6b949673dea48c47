package io.milpnet.backend.ortools;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import io.milpnet.core.solver.SolverBackend;

/** Contributes the OR-Tools backends to the solver registry. */
public final class OrToolsModule extends AbstractModule {
  @Override
  protected void configure() {
    MapBinder<String, SolverBackend> backends = MapBinder.newMapBinder(binder(), String.class, SolverBackend.class);
    for (OrToolsSolver kind : OrToolsSolver.values()) {
      backends.addBinding(kind.backendName).toInstance(new OrToolsBackend(kind));
    }
    backends.addBinding(OrToolsHighsBackend.NAME).toInstance(new OrToolsHighsBackend());
  }
}
