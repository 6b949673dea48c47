package io.milpnet.formulation.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.formulation.spec.ArchitectureParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The size estimate made before a training model is built: a lower count of the model, refusing what cannot fit. */
class TrainingModelSizeTest {
  @Test
  void handCountedDenseNetwork() {
    // Iris-like: 30 rows, 4 features, 3 classes, dense:3000. Per row: layer 1 reads 4 x 3000 data (1 term each) and
    // has 3000 ReLUs (2 each); the output layer's 3000 x 3 products take 10 each, its 3 linear units none.
    TrainingModelSize size = TrainingModelSize.of(30, new ArchitectureParser().parse("dense:3000"), null, 4, 3);
    assertEquals(30L * (12_000 + 6_000 + 90_000), size.nonzeros());
    assertEquals(size.nonzeros() * TrainingModelSize.BYTES_PER_NONZERO, size.bytes());
  }

  @ParameterizedTest(name = "{0}, {1} classes, {2}")
  @MethodSource("io.milpnet.formulation.train.TrainingProblemTest#configurations")
  void theEstimateNeverExceedsTheBuiltModel(String arch, int classes, TrainingConfig cfg) {
    TrainingData data = TrainingProblemTest.randomData(classes, 9, TrainingProblemTest.features(cfg), 17);
    var hidden = new ArchitectureParser().parse(arch);
    long built = TrainingProblem.build(data, hidden, cfg).model().numNonzeros();
    long estimate = TrainingModelSize.of(data.samples(), hidden, cfg.inputShape(), data.features(), data.outputs())
        .nonzeros();
    assertTrue(estimate <= built, "estimate " + estimate + " > built " + built);
    // Within an order of magnitude (P-split formulations, with copies per group, come closest to that).
    assertTrue(estimate >= built / 10, "estimate " + estimate + " is not the model's order, built " + built);
  }

  @Test
  void aModelBeyondTheHeapIsRefusedWithItsSizeAndTheFix() {
    var huge = TrainingModelSize.of(30, new ArchitectureParser().parse("dense:100000"), null, 4, 3);
    String message = assertThrows(TrainingModelSize.ModelTooLargeException.class,
        () -> huge.requireFits(6L << 30)).getMessage();
    // 30 x (400,000 + 200,000 + 3,000,000) nonzeros, 200 bytes each: 21.6e9 bytes.
    assertTrue(message.startsWith("the training MILP would have at least 108,000,000 nonzeros (30 rows x"
        + " 3,600,000), about 20.1 GB of memory, more than the 6.0 GB the JVM may use: use fewer"), message);
    assertTrue(message.endsWith("(MILPNET_JAVA_OPTS=-Xmx31g)"), message);
    assertDoesNotThrow(() -> huge.requireFits(huge.bytes()));
    // Two wide layers overflow any long count: saturated, still refused.
    var wider = TrainingModelSize.of(1_000_000, new ArchitectureParser().parse("dense:2000000000,dense:2000000000"),
        null, 4, 3);
    assertEquals(Long.MAX_VALUE, wider.nonzeros());
    assertThrows(TrainingModelSize.ModelTooLargeException.class, () -> wider.requireFits(Long.MAX_VALUE - 1));
  }
}
