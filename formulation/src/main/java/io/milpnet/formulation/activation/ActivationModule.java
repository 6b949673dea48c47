package io.milpnet.formulation.activation;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import io.milpnet.formulation.activation.leaky.LeakyReluKind;

/** Binds milpnet's activations into the {@link Activations} table; a new activation is one line here. */
public final class ActivationModule extends AbstractModule {
  @Override
  protected void configure() {
    MapBinder<String, ActivationKind> kinds = MapBinder.newMapBinder(binder(), String.class, ActivationKind.class);
    bind(kinds, ActivationKind.of(Activation.RELU));
    bind(kinds, ActivationKind.of(Activation.LINEAR));
    bind(kinds, ActivationKind.of(Activation.STEP));
    bind(kinds, ActivationKind.of(Activation.HARDTANH));
    bind(kinds, new LeakyReluKind());
  }

  private static void bind(MapBinder<String, ActivationKind> kinds, ActivationKind kind) {
    kinds.addBinding(kind.key()).toInstance(kind);
  }
}
