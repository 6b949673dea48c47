package io.milpnet.formulation.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.data.MinMaxScaler;
import io.milpnet.formulation.layer.dense.DenseLayer;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A network.json with a value of the wrong type or a size that disagrees is refused by name: nothing is coerced (a
 * weight "abc" or null read as 0, true as 1, a string bias flipping every prediction).
 */
class TrainedNetworkJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Two inputs, two hidden ReLUs, three classes. */
  static String good() {
    DenseLayer hidden = new DenseLayer(new double[][] {{1, -1}, {0.5, 2}}, new double[] {0, 0.25}, Activation.RELU,
        "continuous[-2,2]");
    DenseLayer out = new DenseLayer(new double[][] {{1, 0}, {0, 1}, {-1, -1}}, new double[] {0, 0, 0.5},
        Activation.LINEAR, "ternary");
    return new TrainedNetworkJson().write(new TrainedNetwork(List.of("a", "b"),
        new MinMaxScaler(new double[] {0, 0}, new double[] {1, 2}), List.of(hidden, out), OutputKind.ARGMAX,
        new int[] {0, 1, 2}));
  }

  private static Arguments edit(String expected, Consumer<ObjectNode> change) {
    return Arguments.of(expected, change);
  }

  private static ObjectNode layer(ObjectNode root, int i) {
    return (ObjectNode) root.get("layers").get(i);
  }

  static Stream<Arguments> hostile() {
    return Stream.of(
        edit("layer 1 field \"weights\" row 1 value 2 must be a number, got \"abc\"",
            r -> ((ArrayNode) layer(r, 0).get("weights").get(0)).set(1, "abc")),
        edit("layer 1 field \"weights\" row 2 value 1 must be a number, got null",
            r -> ((ArrayNode) layer(r, 0).get("weights").get(1)).set(0, MAPPER.nullNode())),
        edit("layer 2 field \"weights\" row 3 value 1 must be a number, got true",
            r -> ((ArrayNode) layer(r, 1).get("weights").get(2)).set(0, MAPPER.getNodeFactory().booleanNode(true))),
        edit("layer 2 field \"bias\" value 3 must be a number, got \"0.5\"",
            r -> ((ArrayNode) layer(r, 1).get("bias")).set(2, "0.5")),
        edit("layer 2 field \"bias\" must be an array, got \"0,0,0.5\"", r -> layer(r, 1).put("bias", "0,0,0.5")),
        edit("layer 1 field \"weights\" row 2 has 1 values, row 1 has 2",
            r -> ((ArrayNode) layer(r, 0).get("weights").get(1)).remove(1)),
        edit("layer 1 says \"units\": 3 but its arrays hold 2 units", r -> layer(r, 0).put("units", 3)),
        edit("layer 1 field \"units\" must be a whole number >= 0, got \"2\"", r -> layer(r, 0).put("units", "2")),
        edit("layer 1 field \"liveUnits\" has 1 values for 2 units",
            r -> ((ArrayNode) layer(r, 0).get("liveUnits")).remove(0)),
        edit("layer 1 field \"liveUnits\" must hold true or false, got 1",
            r -> ((ArrayNode) layer(r, 0).get("liveUnits")).set(0, 1)),
        edit("format version 2 is not one this milpnet reads (version 1)", r -> r.put("version", 2)),
        edit("format version \"1\" is not one", r -> r.put("version", "1")),
        edit("the network lacks the field \"version\"", r -> r.remove("version")),
        edit("outputKind \"WHATEVER\" is not one of [BINARY_SCORE, ARGMAX, REGRESSION]",
            r -> r.put("outputKind", "WHATEVER")),
        edit("classLabels value 2 must be a whole number, got \"x\"",
            r -> ((ArrayNode) r.get("classLabels")).set(1, "x")),
        edit("inputScaling field \"min\" value 1 must be a number, got \"0\"",
            r -> ((ArrayNode) r.get("inputScaling").get("min")).set(0, "0")),
        edit("inputScaling has 1 minimums and 2 maximums for 2 inputFeatures",
            r -> ((ArrayNode) r.get("inputScaling").get("min")).remove(0)),
        edit("field \"inputFeatures\" must hold names (strings), got 7",
            r -> ((ArrayNode) r.get("inputFeatures")).set(0, 7)),
        edit("field \"layers\" must be an array, got {}", r -> r.putObject("layers")),
        edit("layer 1 field \"type\" must be a string, got 3", r -> layer(r, 0).put("type", 3)),
        edit("output layer has 3 units", r -> ((ArrayNode) r.get("classLabels")).remove(2)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void aWrongTypeOrSizeIsNamedWithTheFile(String expected, Consumer<ObjectNode> change) throws Exception {
    ObjectNode root = (ObjectNode) MAPPER.readTree(good());
    change.accept(root);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TrainedNetworkJson().read(MAPPER.writeValueAsString(root), "'net.json'"));
    assertTrue(e.getMessage().startsWith("'net.json': "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void theUnchangedNetworkReadsBack() throws Exception {
    TrainedNetwork net = new TrainedNetworkJson().read(good(), "'net.json'");
    JsonNode again = MAPPER.readTree(new TrainedNetworkJson().write(net));
    assertTrue(again.equals(MAPPER.readTree(good())));
    // On scaled inputs: relu(0.2 - 0.3) = 0 and relu(0.1 + 0.6 + 0.25) = 0.95; outputs 0, 0.95, -0.95 + 0.5.
    assertArrayEquals(new double[] {0, 0.95, -0.45}, new ForwardPass(net).outputs(new double[] {0.2, 0.3}), 1e-12);
  }
}
