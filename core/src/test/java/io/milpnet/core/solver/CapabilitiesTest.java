package io.milpnet.core.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.milpnet.core.solver.Capabilities.Feature;
import org.junit.jupiter.api.Test;

/** Named capabilities: exactly the features listed are present. */
class CapabilitiesTest {
  @Test
  void ofSetsExactlyTheNamedFeatures() {
    assertEquals(new Capabilities(false, false, false, false, false, false, false, false, false, false, false),
        Capabilities.of());
    assertEquals(new Capabilities(true, false, true, false, false, false, false, false, true, false, false),
        Capabilities.of(Feature.INTEGERS, Feature.RANGE_ROWS, Feature.CONCURRENT_SOLVES));
    assertEquals(new Capabilities(false, true, false, true, true, true, true, true, false, true, true),
        Capabilities.of(Feature.INDICATORS, Feature.TIME_LIMIT, Feature.START_VALUES, Feature.BEST_BOUND,
            Feature.INTERRUPT, Feature.NODE_COUNT, Feature.NODE_COUNT, Feature.MEMORY_LIMIT,
            Feature.SOLVER_PARAMETERS));
  }
}
