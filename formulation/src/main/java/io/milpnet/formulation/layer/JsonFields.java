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

  /**
   * The number in {@code field}: a JSON number and nothing else (a string, {@code true} or {@code null} would be
   * coerced to 0 or 1 by Jackson's {@code asDouble}, and verification would then report on a network nobody
   * trained).
   */
  public static double number(JsonNode node, String field, String where) {
    return number(require(node, field, where), where + " field \"" + field + "\"");
  }

  /** A whole number of at least {@code min} in {@code field} ({@code units}, {@code stride}, {@code size}). */
  public static int whole(JsonNode node, String field, int min, String where) {
    JsonNode v = require(node, field, where);
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min) {
      throw new IllegalArgumentException(where + " field \"" + field + "\" must be a whole number >= " + min
          + ", got " + shown(v));
    }
    return v.intValue();
  }

  /** The text in {@code field}: a JSON string. */
  public static String text(JsonNode node, String field, String where) {
    JsonNode v = require(node, field, where);
    if (!v.isTextual()) {
      throw new IllegalArgumentException(where + " field \"" + field + "\" must be a string, got " + shown(v));
    }
    return v.textValue();
  }

  /** The matrix in {@code field}: an array of rows of numbers, all of one length. */
  public static double[][] matrix(JsonNode node, String field, String where) {
    JsonNode w = array(require(node, field, where), where + " field \"" + field + "\"");
    double[][] m = new double[w.size()][];
    for (int j = 0; j < m.length; j++) {
      m[j] = doubles(w.get(j), where + " field \"" + field + "\" row " + (j + 1));
      if (m[j].length != m[0].length) {
        throw new IllegalArgumentException(where + " field \"" + field + "\" row " + (j + 1) + " has " + m[j].length
            + " values, row 1 has " + m[0].length);
      }
    }
    return m;
  }

  /** The numbers in {@code field}: an array of JSON numbers. */
  public static double[] doubles(JsonNode node, String field, String where) {
    return doubles(require(node, field, where), where + " field \"" + field + "\"");
  }

  /** An array of JSON numbers; {@code what} names it in messages. */
  public static double[] doubles(JsonNode node, String what) {
    array(node, what);
    double[] out = new double[node.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = number(node.get(i), what + " value " + (i + 1));
    }
    return out;
  }

  /** {@code node} must be an array. */
  public static JsonNode array(JsonNode node, String what) {
    if (!node.isArray()) {
      throw new IllegalArgumentException(what + " must be an array, got " + shown(node));
    }
    return node;
  }

  private static double number(JsonNode v, String what) {
    if (!v.isNumber()) {
      throw new IllegalArgumentException(what + " must be a number, got " + shown(v));
    }
    double d = v.doubleValue();
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException(what + " must be a finite number, got " + v.asText());
    }
    return d;
  }

  /** A value as it stands in the file, shortened. */
  public static String shown(JsonNode v) {
    String s = v.toString();
    return s.length() > 40 ? s.substring(0, 37) + "..." : s;
  }
}
