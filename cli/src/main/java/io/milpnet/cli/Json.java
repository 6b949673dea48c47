package io.milpnet.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON conventions of every summary milpnet writes. */
final class Json {
  private Json() {}

  /** A number, or null where it does not exist (NaN, infinite): summaries never hold NaN. */
  static void number(ObjectNode node, String field, double v) {
    if (Double.isFinite(v)) {
      node.put(field, v);
    } else {
      node.putNull(field);
    }
  }

  /** A count that a backend may not know (negative, e.g. nodes): null when unknown. */
  static void count(ObjectNode node, String field, long v) {
    if (v >= 0) {
      node.put(field, v);
    } else {
      node.putNull(field);
    }
  }
}
