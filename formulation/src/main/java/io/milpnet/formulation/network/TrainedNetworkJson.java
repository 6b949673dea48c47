package io.milpnet.formulation.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milpnet.formulation.data.MinMaxScaler;
import io.milpnet.formulation.spec.Activation;
import io.milpnet.formulation.spec.PoolSpec;
import io.milpnet.formulation.spec.Shape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code network.json} format: everything needed to run the network on raw data (feature names, the min-max
 * scaling, the layers, how outputs become labels) plus its structure in words (live units, selected features).
 */
public final class TrainedNetworkJson {
  public static final String FORMAT = "milpnet-network";
  public static final int VERSION = 1;

  private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public String write(TrainedNetwork net) {
    ObjectNode root = mapper.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.set("inputFeatures", strings(net.inputFeatures()));
    NetworkStructure structure = NetworkStructure.of(net);
    root.set("selectedFeatures", strings(structure.selectedFeatureNames()));
    ObjectNode scaling = root.putObject("inputScaling");
    scaling.put("kind", "min-max to [0,1], fitted on the training data");
    scaling.set("min", doubles(net.scaler().min()));
    scaling.set("max", doubles(net.scaler().max()));
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
      ObjectNode node = layers.addObject();
      if (layer instanceof PoolLayer pool) {
        node.put("type", pool.kind().key());
        node.put("inputShape", pool.inputShape().toString());
        node.put("size", pool.size());
        continue;
      }
      node.put("type", layer instanceof ConvLayer ? "conv" : layer instanceof GateLayer ? "gate" : "dense");
      if (layer instanceof ConvLayer conv) {
        node.put("inputShape", conv.inputShape().toString());
        node.put("channels", conv.channels());
        node.put("kernel", conv.kernel());
        node.put("stride", conv.stride());
      }
      node.put("units", layer.units());
      node.put("activation", layer.activation().key());
      node.put("weightDomain", layer.domain());
      ArrayNode live = node.putArray("liveUnits");
      for (int j = 0; j < layer.units(); j++) {
        live.add(structure.alive(l, j));
      }
      if (layer instanceof ConvLayer conv) {
        ArrayNode filters = node.putArray("activeFilters");
        for (int c = 0; c < conv.channels(); c++) {
          filters.add(conv.filterActive(c));
        }
        ArrayNode kernels = node.putArray("kernels");
        for (double[][][] kernel : conv.kernels()) {
          ArrayNode perInput = kernels.addArray();
          for (double[][] plane : kernel) {
            ArrayNode rows = perInput.addArray();
            for (double[] row : plane) {
              rows.add(doubles(row));
            }
          }
        }
        node.set("bias", doubles(conv.bias()));
      } else if (layer instanceof GateLayer gate) {
        ArrayNode weights = node.putArray("weights");
        for (double[] row : gate.weights()) {
          weights.add(doubles(row));
        }
        node.set("bias", doubles(gate.bias()));
        ArrayNode gateWeights = node.putArray("gateWeights");
        for (double[] row : gate.gateWeights()) {
          gateWeights.add(doubles(row));
        }
        node.set("gateBias", doubles(gate.gateBias()));
      } else {
        DenseLayer dense = (DenseLayer) layer;
        ArrayNode weights = node.putArray("weights");
        for (double[] row : dense.weights()) {
          weights.add(doubles(row));
        }
        node.set("bias", doubles(dense.bias()));
      }
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
    require(root, "inputFeatures", source).forEach(n -> features.add(n.asText()));
    JsonNode scaling = require(root, "inputScaling", source);
    JsonNode clip = scaling.get("clip");
    if (clip != null && !clip.isBoolean()) {
      throw new IllegalArgumentException(source + ": inputScaling.clip must be true or false, got " + clip);
    }
    MinMaxScaler scaler = new MinMaxScaler(doubleArray(require(scaling, "min", source)),
        doubleArray(require(scaling, "max", source)), clip != null && clip.asBoolean());
    OutputKind kind = OutputKind.valueOf(require(root, "outputKind", source).asText());
    JsonNode labelNode = require(root, "classLabels", source);
    int[] labels = new int[labelNode.size()];
    for (int c = 0; c < labels.length; c++) {
      labels[c] = labelNode.get(c).asInt();
    }
    List<NetworkLayer> layers = new ArrayList<>();
    for (JsonNode node : require(root, "layers", source)) {
      try {
        layers.add(readLayer(node, source));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ": layer " + (layers.size() + 1) + ": " + e.getMessage(), e);
      }
    }
    double[] targetRange = null;
    if (kind == OutputKind.REGRESSION) {
      JsonNode target = require(root, "targetScaling", source);
      targetRange = new double[] {require(target, "min", source).asDouble(), require(target, "max", source).asDouble()};
    }
    return new TrainedNetwork(features, scaler, layers, kind, labels, targetRange);
  }

  private static NetworkLayer readLayer(JsonNode node, String source) {
    String type = node.path("type").asText("dense");
    switch (type) {
      case "maxpool", "avgpool" -> {
        return new PoolLayer(type.equals("maxpool") ? PoolSpec.Kind.MAX : PoolSpec.Kind.AVG,
            Shape.parse(require(node, "inputShape", source).asText(), "inputShape"), require(node, "size", source).asInt());
      }
      case "gate" -> {
        return new GateLayer(matrix(require(node, "weights", source)), doubleArray(require(node, "bias", source)),
            matrix(require(node, "gateWeights", source)), doubleArray(require(node, "gateBias", source)),
            node.path("weightDomain").asText(""));
      }
      case "conv", "dense" -> {
        Activation activation =
            Activation.valueOf(require(node, "activation", source).asText().toUpperCase(Locale.ROOT));
        double[] bias = doubleArray(require(node, "bias", source));
        String domain = node.path("weightDomain").asText("");
        if (type.equals("dense")) {
          return new DenseLayer(matrix(require(node, "weights", source)), bias, activation, domain);
        }
        JsonNode k = require(node, "kernels", source);
        double[][][][] kernels = new double[k.size()][][][];
        for (int c = 0; c < kernels.length; c++) {
          JsonNode perInput = k.get(c);
          kernels[c] = new double[perInput.size()][][];
          for (int ci = 0; ci < kernels[c].length; ci++) {
            JsonNode rows = perInput.get(ci);
            kernels[c][ci] = new double[rows.size()][];
            for (int r = 0; r < rows.size(); r++) {
              kernels[c][ci][r] = doubleArray(rows.get(r));
            }
          }
        }
        return new ConvLayer(Shape.parse(require(node, "inputShape", source).asText(), "inputShape"),
            require(node, "stride", source).asInt(), kernels, bias, activation, domain);
      }
      default -> throw new IllegalArgumentException("unknown layer type \"" + type
          + "\" (known: dense, conv, maxpool, avgpool, gate)");
    }
  }

  private static double[][] matrix(JsonNode w) {
    double[][] m = new double[w.size()][];
    for (int j = 0; j < m.length; j++) {
      m[j] = doubleArray(w.get(j));
    }
    return m;
  }

  private static JsonNode require(JsonNode node, String field, String source) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(source + " lacks the field \"" + field + "\"");
    }
    return v;
  }

  private ArrayNode strings(List<String> values) {
    ArrayNode a = mapper.createArrayNode();
    values.forEach(a::add);
    return a;
  }

  private ArrayNode doubles(double[] values) {
    ArrayNode a = mapper.createArrayNode();
    for (double v : values) {
      a.add(v);
    }
    return a;
  }

  private static double[] doubleArray(JsonNode node) {
    double[] out = new double[node.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = node.get(i).asDouble();
    }
    return out;
  }
}
