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

  /**
   * Reads a {@code network.json}; malformed content is an {@link IllegalArgumentException} that starts with
   * {@code source} and names the field. Every number must be a JSON number (never a string, a boolean or null, which
   * Jackson would coerce), every declared size must agree with the arrays it describes, and the format version must
   * be this one.
   */
  public TrainedNetwork read(String json, String source) {
    JsonNode root;
    try {
      root = mapper.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(source + " is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
      throw new IllegalArgumentException(source + " is not a milpnet network (no \"format\": \"" + FORMAT + "\")");
    }
    try {
      return read(root);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  private TrainedNetwork read(JsonNode root) {
    JsonNode version = JsonFields.require(root, "version", "the network");
    if (!version.isIntegralNumber() || version.intValue() != VERSION) {
      throw new IllegalArgumentException("format version " + JsonFields.shown(version) + " is not one this milpnet"
          + " reads (version " + VERSION + "); write the network again with this milpnet");
    }
    List<String> features = new ArrayList<>();
    JsonNode featureNode = JsonFields.array(JsonFields.require(root, "inputFeatures", "the network"),
        "field \"inputFeatures\"");
    for (JsonNode n : featureNode) {
      if (!n.isTextual()) {
        throw new IllegalArgumentException("field \"inputFeatures\" must hold names (strings), got "
            + JsonFields.shown(n));
      }
      features.add(n.textValue());
    }
    JsonNode scaling = JsonFields.require(root, "inputScaling", "the network");
    JsonNode clip = scaling.get("clip");
    if (clip != null && !clip.isBoolean()) {
      throw new IllegalArgumentException("inputScaling.clip must be true or false, got " + clip);
    }
    double[] min = JsonFields.doubles(scaling, "min", "inputScaling");
    double[] max = JsonFields.doubles(scaling, "max", "inputScaling");
    if (min.length != features.size() || max.length != features.size()) {
      throw new IllegalArgumentException("inputScaling has " + min.length + " minimums and " + max.length
          + " maximums for " + features.size() + " inputFeatures");
    }
    MinMaxScaler scaler = new MinMaxScaler(min, max, clip != null && clip.asBoolean());
    String kindName = JsonFields.text(root, "outputKind", "the network");
    OutputKind kind;
    try {
      kind = OutputKind.valueOf(kindName);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("outputKind \"" + kindName + "\" is not one of "
          + java.util.Arrays.toString(OutputKind.values()));
    }
    JsonNode labelNode = JsonFields.array(JsonFields.require(root, "classLabels", "the network"),
        "field \"classLabels\"");
    int[] labels = new int[labelNode.size()];
    for (int c = 0; c < labels.length; c++) {
      JsonNode l = labelNode.get(c);
      if (!l.isIntegralNumber() || !l.canConvertToInt()) {
        throw new IllegalArgumentException("classLabels value " + (c + 1) + " must be a whole number, got "
            + JsonFields.shown(l));
      }
      labels[c] = l.intValue();
    }
    List<NetworkLayer> layers = new ArrayList<>();
    JsonNode layerNodes = JsonFields.array(JsonFields.require(root, "layers", "the network"), "field \"layers\"");
    for (JsonNode node : layerNodes) {
      String where = "layer " + (layers.size() + 1);
      NetworkLayer layer = readLayer(node, where);
      checkUnits(node, layer, where);
      layers.add(layer);
    }
    double[] targetRange = null;
    if (kind == OutputKind.REGRESSION) {
      JsonNode target = JsonFields.require(root, "targetScaling", "the network");
      targetRange = new double[] {JsonFields.number(target, "min", "targetScaling"),
          JsonFields.number(target, "max", "targetScaling")};
    }
    return new TrainedNetwork(features, scaler, layers, kind, labels, targetRange);
  }

  private NetworkLayer readLayer(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " must be an object, got " + JsonFields.shown(node));
    }
    JsonNode type = node.get("type");
    if (type != null && !type.isTextual()) {
      throw new IllegalArgumentException(where + " field \"type\" must be a string, got " + JsonFields.shown(type));
    }
    try {
      return kinds.read(type == null ? "dense" : type.textValue(), node, where);
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      throw new IllegalArgumentException(m != null && m.startsWith(where) ? m : where + ": " + m, e);
    }
  }

  /** The layer's declared {@code units} and {@code liveUnits}, where it has them, agree with its arrays. */
  private static void checkUnits(JsonNode node, NetworkLayer layer, String where) {
    if (node.has("units")) {
      int units = JsonFields.whole(node, "units", 0, where);
      if (units != layer.units()) {
        throw new IllegalArgumentException(where + " says \"units\": " + units + " but its arrays hold "
            + layer.units() + " units");
      }
    }
    JsonNode live = node.get("liveUnits");
    if (live != null) {
      JsonFields.array(live, where + " field \"liveUnits\"");
      if (live.size() != layer.units()) {
        throw new IllegalArgumentException(where + " field \"liveUnits\" has " + live.size() + " values for "
            + layer.units() + " units");
      }
      for (JsonNode b : live) {
        if (!b.isBoolean()) {
          throw new IllegalArgumentException(where + " field \"liveUnits\" must hold true or false, got "
              + JsonFields.shown(b));
        }
      }
    }
  }

  private ArrayNode strings(List<String> values) {
    ArrayNode a = mapper.createArrayNode();
    values.forEach(a::add);
    return a;
  }
}
