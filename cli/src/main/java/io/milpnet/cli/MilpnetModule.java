package io.milpnet.cli;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import io.milpnet.backend.lpsolve.LpSolveModule;
import io.milpnet.backend.ojalgo.OjAlgoModule;
import io.milpnet.backend.ortools.OrToolsModule;
import io.milpnet.core.solver.SolverBackend;

/**
 * The application's wiring: every backend module contributes its solvers to one {@code Map<String, SolverBackend>};
 * the {@link io.milpnet.core.solver.SolverRegistry} receives that map. Adding a backend = installing its module here.
 */
public final class MilpnetModule extends AbstractModule {
  @Override
  protected void configure() {
    // Declared here too so the map exists even when no backend module contributes.
    MapBinder.newMapBinder(binder(), String.class, SolverBackend.class);
    install(new OrToolsModule());
    install(new LpSolveModule());
    install(new OjAlgoModule());
  }
}
