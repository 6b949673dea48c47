package io.milpnet.backend.ojalgo;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import io.milpnet.core.solver.SolverBackend;

/** Contributes the ojAlgo backend to the solver registry under the name {@code ojalgo}. */
public final class OjAlgoModule extends AbstractModule {
  @Override
  protected void configure() {
    MapBinder<String, SolverBackend> backends = MapBinder.newMapBinder(binder(), String.class, SolverBackend.class);
    backends.addBinding(OjAlgoBackend.NAME).toInstance(new OjAlgoBackend());
  }
}
