package io.milpnet.formulation.layer;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import io.milpnet.formulation.layer.conv.ConvKind;
import io.milpnet.formulation.layer.dense.DenseKind;
import io.milpnet.formulation.layer.flatten.FlattenKind;
import io.milpnet.formulation.layer.gate.GateKind;
import io.milpnet.formulation.layer.pool.PoolKind;

/** Binds milpnet's layer kinds into the {@link LayerKinds} registry; a new kind is one line here. */
public final class LayerModule extends AbstractModule {
  @Override
  protected void configure() {
    MapBinder<String, LayerKind<?, ?>> kinds = MapBinder.newMapBinder(binder(), new TypeLiteral<String>() {},
        new TypeLiteral<LayerKind<?, ?>>() {});
    bind(kinds, new DenseKind());
    bind(kinds, new ConvKind());
    bind(kinds, PoolKind.max());
    bind(kinds, PoolKind.average());
    bind(kinds, new GateKind());
    bind(kinds, new FlattenKind());
  }

  private static void bind(MapBinder<String, LayerKind<?, ?>> kinds, LayerKind<?, ?> kind) {
    kinds.addBinding(kind.key()).toInstance(kind);
  }
}
