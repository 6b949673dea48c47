package io.milpnet.formulation.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.layer.conv.ConvSpec;
import io.milpnet.formulation.layer.dense.DenseSpec;
import io.milpnet.formulation.layer.flatten.FlattenSpec;
import io.milpnet.formulation.layer.gate.GateSpec;
import io.milpnet.formulation.layer.pool.PoolSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchitectureParserTest {
  private final ArchitectureParser parser = new ArchitectureParser();

  @Test
  void parsesEveryLayerKind() {
    List<LayerSpec> layers = parser.parse("conv:2@3x3, conv:4@2x2/2/linear, maxpool:2, avgpool:3, flatten,"
        + " dense:5/hardtanh, gate:3");
    assertEquals(List.of(new ConvSpec(2, 3, 1, Activation.RELU), new ConvSpec(4, 2, 2, Activation.LINEAR),
        new PoolSpec(PoolSpec.Kind.MAX, 2), new PoolSpec(PoolSpec.Kind.AVG, 3), new FlattenSpec(),
        new DenseSpec(5, Activation.HARDTANH), new GateSpec(3)), layers);
    for (LayerSpec l : layers) {
      assertEquals(List.of(l), parser.parse(l.token()), "token round trip of " + l);
    }
  }

  @Test
  void shapesFollowTheLayers() {
    // 1x8x8 -> conv 3x3 -> 2x6x6 -> maxpool 2 -> 2x3x3 -> flatten 18 -> dense 2.
    List<Shape> shapes = parser.shapes(parser.parse("conv:2@3x3,maxpool:2,flatten,dense:2"), new Shape(1, 8, 8), 64);
    assertEquals(List.of(new Shape(1, 8, 8), new Shape(2, 6, 6), new Shape(2, 3, 3), Shape.flat(18),
        Shape.flat(2)), shapes);
    // Stride 2 over 7x7 with a 3x3 kernel: (7 - 3) / 2 + 1 = 3; pooling drops what does not fill a window.
    assertEquals(new Shape(1, 3, 3), parser.shapes(parser.parse("conv:1@3x3/2"), new Shape(1, 7, 7), 49).get(1));
    assertEquals(new Shape(1, 2, 2), parser.shapes(parser.parse("avgpool:3"), new Shape(1, 7, 8), 56).get(1));
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "conv:2@3x3;;needs image-shaped data: give --input-shape",
      "conv:2@3x3,dense:2;1x8x8;put flatten before the first dense layer",
      "dense:2,maxpool:2;1x8x8;put flatten",
      "flatten,conv:1@2x2;1x8x8;comes after flatten",
      "conv:1@9x9;1x8x8;does not fit",
      "maxpool:9;1x8x8;does not fit",
      "conv:2@3x2;1x8x8;square kernel",
      "conv:2x3;1x8x8;is not conv:C@KxK",
      "maxpool:2/2;1x8x8;takes only a window size",
      "flatten:1;1x8x8;takes no arguments",
      "conv:0@3x3;1x8x8;at least 1 channels",
      "lstm:3;1x8x8;unknown layer kind 'lstm'",
      "gate:2/relu;;takes no activation",
  })
  void badArchitecturesAreNamed(String arch, String shape, String message) {
    Shape input = shape == null ? null : Shape.parse(shape, "--input-shape");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> parser.shapes(parser.parse(arch), input, input == null ? 64 : input.size()));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void inputShapeMustMatchTheFeatures() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> parser.shapes(parser.parse("conv:1@2x2"), new Shape(1, 8, 8), 30));
    assertTrue(e.getMessage().contains("has 64 values but the data has 30 features"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Shape.parse("8x8", "--input-shape"));
    assertThrows(IllegalArgumentException.class, () -> Shape.parse("1x0x8", "--input-shape"));
    assertEquals(new Shape(3, 4, 5), Shape.parse("3X4x5", "--input-shape"));
  }
}
