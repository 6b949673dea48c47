package io.milpnet.formulation.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.data.MinMaxScaler;
import io.milpnet.formulation.layer.dense.DenseKind;
import io.milpnet.formulation.layer.dense.DenseLayer;
import io.milpnet.formulation.layer.dense.DenseSpec;
import io.milpnet.formulation.layer.pool.PoolLayer;
import io.milpnet.formulation.layer.pool.PoolSpec;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.OutputKind;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.network.TrainedNetworkJson;
import io.milpnet.formulation.spec.ArchitectureParser;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.spec.Shape;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The layer registry: every bound kind parses, builds, stores and reads back its layers; unknown kinds fail loudly. */
class LayerKindsTest {
  private final LayerKinds kinds = LayerKinds.standard();

  @Test
  void theStandardKindsAreBoundInTheirDocumentedOrder() {
    assertEquals(List.of("dense", "conv", "maxpool", "avgpool", "gate", "flatten"), kinds.keys());
  }

  /**
   * Every registered kind's token round-trips (parse, then the spec's token parses to an equal spec), its zero layer
   * on a network the architecture allows has the spec's output shape, and the network survives network.json with
   * every parameter and the forward pass unchanged. A kind bound without a case here fails the test.
   */
  @Test
  void everyRegisteredKindRoundTripsThroughItsTokenAndNetworkJson() {
    String arch = "conv:2@2x2,maxpool:2,avgpool:1,flatten,gate:3,dense:2/linear";
    List<LayerSpec> specs = new ArchitectureParser(kinds).parse(arch);
    Set<String> covered = new LinkedHashSet<>();
    specs.forEach(s -> covered.add(s.kindKey()));
    assertEquals(Set.copyOf(kinds.keys()), covered, "a registered kind has no case in this test");
    for (LayerSpec s : specs) {
      assertEquals(s, kinds.parse(s.token(), s.token()), s.token());
    }
    Shape input = new Shape(1, 5, 5);
    List<Shape> shapes = new ArchitectureParser(kinds).shapes(specs, input, input.size());
    Random random = new Random(3);
    List<NetworkLayer> layers = new ArrayList<>();
    for (int s = 0; s < specs.size(); s++) {
      NetworkLayer zero = kinds.zeroLayer(specs.get(s), shapes.get(s));
      if (specs.get(s).kindKey().equals("flatten")) {
        assertNull(zero);
        continue;
      }
      assertEquals(shapes.get(s + 1).size(), zero.units(), specs.get(s).token());
      assertEquals(shapes.get(s).size(), zero.inputs(), specs.get(s).token());
      layers.add(randomised(zero, random));
    }
    double[] lo = new double[input.size()];
    double[] hi = new double[input.size()];
    java.util.Arrays.fill(hi, 1.0);
    List<String> names = new ArrayList<>();
    for (int k = 0; k < input.size(); k++) {
      names.add("px" + k);
    }
    TrainedNetwork net = new TrainedNetwork(names, new MinMaxScaler(lo, hi), layers, OutputKind.ARGMAX,
        new int[] {0, 1});
    TrainedNetworkJson json = new TrainedNetworkJson(kinds);
    String text = json.write(net);
    TrainedNetwork back = json.read(text, "test");
    assertEquals(text, json.write(back));
    for (int t = 0; t < 20; t++) {
      double[] x = new double[input.size()];
      for (int k = 0; k < x.length; k++) {
        x[k] = random.nextDouble();
      }
      double[] h = x;
      double[] g = x;
      for (int l = 0; l < layers.size(); l++) {
        h = layers.get(l).outputs(h);
        g = back.layers().get(l).outputs(g);
      }
      assertArrayEquals(h, g, 0.0);
    }
  }

  /** The zero layer's parameters replaced by random ones through the kind's own JSON form. */
  private NetworkLayer randomised(NetworkLayer zero, Random random) {
    var node = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    kinds.write(zero, node, new boolean[zero.units()]);
    randomise(node, random);
    return kinds.read(node.get("type").asText(), node, "test");
  }

  private static void randomise(com.fasterxml.jackson.databind.JsonNode node, Random random) {
    if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i).isDouble()) {
          a.set(i, a.numberNode(random.nextGaussian()));
        } else {
          randomise(a.get(i), random);
        }
      }
    } else if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
      o.fields().forEachRemaining(e -> randomise(e.getValue(), random));
    }
  }

  @Test
  void unknownKindsAreNamedErrors() {
    ArchitectureParser.ArchitectureException token = assertThrows(ArchitectureParser.ArchitectureException.class,
        () -> kinds.parse("lstm:4", "lstm:4"));
    assertEquals("--arch 'lstm:4': unknown layer kind 'lstm'; use dense:N[/act], conv:C@KxK[/S][/act], maxpool:P,"
        + " avgpool:P, gate:N or flatten", token.getMessage());
    IllegalArgumentException json = assertThrows(IllegalArgumentException.class,
        () -> kinds.read("flatten", new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode(), "x"));
    assertEquals("unknown layer type \"flatten\" (known: dense, conv, maxpool, avgpool, gate)", json.getMessage());
    LayerSpec stranger = new LayerSpec() {
      @Override
      public String token() {
        return "ring:3";
      }

      @Override
      public String kindKey() {
        return "ring";
      }

      @Override
      public boolean takesMap() {
        return false;
      }

      @Override
      public Shape outputShape(Shape in) {
        return Shape.flat(3);
      }
    };
    IllegalArgumentException spec = assertThrows(IllegalArgumentException.class,
        () -> kinds.zeroLayer(stranger, Shape.flat(2)));
    assertTrue(spec.getMessage().startsWith("no layer kind 'ring' is registered"), spec.getMessage());
  }

  @Test
  void aKindBoundUnderAnotherKeyOrGivenAnotherKindsSpecIsRefused() {
    IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
        () -> new LayerKinds(Map.of("fc", new DenseKind())));
    assertTrue(key.getMessage().contains("is bound as 'fc' but its key is 'dense'"), key.getMessage());
    LayerKinds onlyDense = new LayerKinds(Map.of("dense", new DenseKind()));
    NetworkLayer pool = new PoolLayer(PoolSpec.Kind.MAX, new Shape(1, 2, 2), 2);
    assertThrows(IllegalArgumentException.class, () -> onlyDense.write(pool,
        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode(), new boolean[1]));
    assertThrows(IllegalArgumentException.class, () -> onlyDense.zeroLayer(new PoolSpec(PoolSpec.Kind.MAX, 2),
        new Shape(1, 2, 2)));
    DenseLayer zero = (DenseLayer) onlyDense.zeroLayer(new DenseSpec(2, Activation.RELU), Shape.flat(3));
    assertArrayEquals(new double[2][3], zero.weights());
    assertEquals(List.of(2, 3, Activation.RELU, "float"), List.of(zero.units(), zero.inputs(), zero.activation(),
        zero.domain()));
  }
}
