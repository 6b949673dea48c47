package io.milpnet.formulation.train;

/**
 * A logic constraint between two ReLU units of hidden dense layers, on every training sample: when unit
 * {@code (ifLayer, ifUnit)} is active (pre-activation > 0), unit {@code (thenLayer, thenUnit)} is active too
 * (pre-activation >= 0). Layers count hidden layers from 1, units from 1, as written: {@code 1:2 -> 2:1}.
 */
public record Implication(int ifLayer, int ifUnit, int thenLayer, int thenUnit) {
  public Implication {
    if (ifLayer < 1 || ifUnit < 1 || thenLayer < 1 || thenUnit < 1) {
      throw new IllegalArgumentException("implication layers and units count from 1");
    }
  }

  /** Parses {@code L:U -> L:U}; {@code what} names the option in errors. */
  public static Implication parse(String text, String what) {
    String[] sides = text.split("->", -1);
    if (sides.length != 2) {
      throw new IllegalArgumentException(what + " '" + text + "' is not LAYER:UNIT -> LAYER:UNIT (e.g. 1:1 -> 1:2)");
    }
    int[] a = unit(sides[0], text, what);
    int[] b = unit(sides[1], text, what);
    if (a[0] == b[0] && a[1] == b[1]) {
      throw new IllegalArgumentException(what + " '" + text + "' relates a unit to itself");
    }
    return new Implication(a[0], a[1], b[0], b[1]);
  }

  private static int[] unit(String side, String text, String what) {
    String[] parts = side.trim().split(":", -1);
    try {
      if (parts.length == 2) {
        int[] v = {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
        if (v[0] >= 1 && v[1] >= 1) {
          return v;
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(what + " '" + text + "': '" + side.trim() + "' is not LAYER:UNIT with both"
        + " counting from 1 (e.g. 1:2)");
  }

  @Override
  public String toString() {
    return ifLayer + ":" + ifUnit + " -> " + thenLayer + ":" + thenUnit;
  }
}
