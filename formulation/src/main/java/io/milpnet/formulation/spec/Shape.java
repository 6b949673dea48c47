package io.milpnet.formulation.spec;

/**
 * The shape of a layer's input or output as {@code channels x height x width}. Values are stored flat in
 * channel-major order: index {@code (c * height + y) * width + x}, as a flatten layer lays them out. A flat vector of
 * n values is {@code n x 1 x 1}.
 */
public record Shape(int channels, int height, int width) {
  public Shape {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException("a shape needs positive sizes, got " + channels + "x" + height + "x" + width);
    }
  }

  public static Shape flat(int n) {
    return new Shape(n, 1, 1);
  }

  public int size() {
    return channels * height * width;
  }

  public int index(int c, int y, int x) {
    return (c * height + y) * width + x;
  }

  /**
   * Parses {@code CxHxW} (e.g. {@code 1x8x8}) as given to {@code --input-shape}; {@code what} names the option in
   * errors.
   */
  public static Shape parse(String text, String what) {
    String[] parts = text == null ? new String[0] : text.trim().toLowerCase(java.util.Locale.ROOT).split("x", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException(what + " '" + text + "' is not CxHxW (channels x height x width, e.g."
          + " 1x8x8)");
    }
    int[] v = new int[3];
    for (int i = 0; i < 3; i++) {
      try {
        v[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(what + " '" + text + "': '" + parts[i].trim() + "' is not a whole number");
      }
      if (v[i] < 1) {
        throw new IllegalArgumentException(what + " '" + text + "': every size must be at least 1");
      }
    }
    return new Shape(v[0], v[1], v[2]);
  }

  @Override
  public String toString() {
    return channels + "x" + height + "x" + width;
  }
}
