package io.milpnet.formulation.layer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.activation.Activations;
import io.milpnet.formulation.network.NetworkLayer;

/** What the kinds' {@code network.json} forms share: required fields, number arrays, the per-unit fields. */
public final class JsonFields {
  private JsonFields() {}

  public static JsonNode require(JsonNode node, String field, String source) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(source + " lacks the field \"" + field + "\"");
    }
    return v;
  }

  /** {@code units}, {@code activation}, {@code weightDomain} and {@code liveUnits}, as every trained layer has. */
  public static void putUnits(ObjectNode node, NetworkLayer layer, boolean[] live) {
    node.put("units", layer.units());
    node.put("activation", layer.activation().key());
    node.put("weightDomain", layer.domain());
    ArrayNode a = node.putArray("liveUnits");
    for (boolean b : live) {
      a.add(b);
    }
  }

  public static Activation activation(JsonNode node, String source) {
    try {
      return Activations.standard().parse(require(node, "activation", source).asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  public static String domain(JsonNode node) {
    return node.path("weightDomain").asText("");
  }

  public static void putMatrix(ObjectNode node, String field, double[][] m) {
    ArrayNode rows = node.putArray(field);
    for (double[] row : m) {
      putDoubles(rows.addArray(), row);
    }
  }

  public static void putDoubles(ObjectNode node, String field, double[] values) {
    putDoubles(node.putArray(field), values);
  }

  public static void putDoubles(ArrayNode a, double[] values) {
    for (double v : values) {
      a.add(v);
    }
  }

  public static double[][] matrix(JsonNode w) {
    double[][] m = new double[w.size()][];
    for (int j = 0; j < m.length; j++) {
      m[j] = doubles(w.get(j));
    }
    return m;
  }

  public static double[] doubles(JsonNode node) {
    double[] out = new double[node.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = node.get(i).asDouble();
    }
    return out;
  }
}
