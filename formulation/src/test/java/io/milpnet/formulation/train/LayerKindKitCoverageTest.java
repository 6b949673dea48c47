package io.milpnet.formulation.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.milpnet.formulation.layer.LayerKinds;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every registered layer kind has a {@link LayerKindKit} subclass, and every kit names a registered kind. */
class LayerKindKitCoverageTest {
  @Test
  void everyRegisteredKindHasAKit() {
    Set<String> kits = new TreeSet<>();
    for (LayerKindKit kit : ServiceLoader.load(LayerKindKit.class)) {
      kits.add(kit.kind());
    }
    assertEquals(new TreeSet<>(LayerKinds.standard().keys()), kits,
        "registered kinds vs kits listed in META-INF/services/io.milpnet.formulation.train.LayerKindKit");
  }
}
