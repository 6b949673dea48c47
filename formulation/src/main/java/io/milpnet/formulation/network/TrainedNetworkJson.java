package io.milpnet.formulation.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milpnet.formulation.data.MinMaxScaler;
import io.milpnet.formulation.layer.JsonFields;
import io.milpnet.formulation.layer.LayerKinds;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code network.json} format: everything needed to run the network on raw data (feature names, the min-max
 * scaling, the layers, how outputs become labels) plus its structure in words (live units, selected features).
 */
public final class TrainedNetworkJson {
  public static final String FORMAT = "milpnet-network";
  public static final int VERSION = 1;

  private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final LayerKinds kinds;

  /** The format of the standard layer kinds. */
  public TrainedNetworkJson() {
    this(LayerKinds.standard());
  }

  public TrainedNetworkJson(LayerKinds kinds) {
    this.kinds = kinds;
  }

  public String write(TrainedNetwork net) {
    ObjectNode root = mapper.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.set("inputFeatures", strings(net.inputFeatures()));
    NetworkStructure structure = NetworkStructure.of(net);
    root.set("selectedFeatures", strings(structure.selectedFeatureNames()));
    ObjectNode scaling = root.putObject("inputScaling");
    scaling.put("kind", "min-max to [0,1], fitted on the training data");
    JsonFields.putDoubles(scaling, "min", net.scaler().min());
    JsonFields.putDoubles(scaling, "max", net.scaler().max());
    scaling.put("clip", net.scaler().clip());
    root.put("outputKind", net.outputKind().name());
    if (net.targetRange() != null) {
      ObjectNode target = root.putObject("targetScaling");
      target.put("kind", "min-max to [0,1], fitted on the training targets; prediction = min + (max - min) * output");
      target.put("min", net.targetRange()[0]);
      target.put("max", net.targetRange()[1]);
    }
    ArrayNode labels = root.putArray("classLabels");
    for (int label : net.classLabels()) {
      labels.add(label);
    }
    ArrayNode layers = root.putArray("layers");
    for (int l = 0; l < net.layers().size(); l++) {
      NetworkLayer layer = net.layers().get(l);
      boolean[] live = new boolean[layer.units()];
      for (int j = 0; j < live.length; j++) {
        live[j] = structure.alive(l, j);
      }
      kinds.write(layer, layers.addObject(), live);
    }
    try {
      return mapper.writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException("could not serialise the network", e);
    }
  }

  /** Reads a {@code network.json}; malformed content is an {@link IllegalArgumentException} naming the field. */
  public TrainedNetwork read(String json, String source) {
    JsonNode root;
    try {
      root = mapper.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(source + " is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      throw new IllegalArgumentException(source + " is not a milpnet network (no \"format\": \"" + FORMAT + "\")");
    }
    List<String> features = new ArrayList<>();
    JsonFields.require(root, "inputFeatures", source).forEach(n -> features.add(n.asText()));
    JsonNode scaling = JsonFields.require(root, "inputScaling", source);
    JsonNode clip = scaling.get("clip");
    if (clip != null && !clip.isBoolean()) {
      throw new IllegalArgumentException(source + ": inputScaling.clip must be true or false, got " + clip);
    }
    MinMaxScaler scaler = new MinMaxScaler(JsonFields.doubles(JsonFields.require(scaling, "min", source)),
        JsonFields.doubles(JsonFields.require(scaling, "max", source)), clip != null && clip.asBoolean());
    OutputKind kind = OutputKind.valueOf(JsonFields.require(root, "outputKind", source).asText());
    JsonNode labelNode = JsonFields.require(root, "classLabels", source);
    int[] labels = new int[labelNode.size()];
    for (int c = 0; c < labels.length; c++) {
      labels[c] = labelNode.get(c).asInt();
    }
    List<NetworkLayer> layers = new ArrayList<>();
    for (JsonNode node : JsonFields.require(root, "layers", source)) {
      try {
        layers.add(readLayer(node, source));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ": layer " + (layers.size() + 1) + ": " + e.getMessage(), e);
      }
    }
    double[] targetRange = null;
    if (kind == OutputKind.REGRESSION) {
      JsonNode target = JsonFields.require(root, "targetScaling", source);
      targetRange = new double[] {JsonFields.require(target, "min", source).asDouble(),
          JsonFields.require(target, "max", source).asDouble()};
    }
    return new TrainedNetwork(features, scaler, layers, kind, labels, targetRange);
  }

  private NetworkLayer readLayer(JsonNode node, String source) {
    return kinds.read(node.path("type").asText("dense"), node, source);
  }

  private ArrayNode strings(List<String> values) {
    ArrayNode a = mapper.createArrayNode();
    values.forEach(a::add);
    return a;
  }
}
