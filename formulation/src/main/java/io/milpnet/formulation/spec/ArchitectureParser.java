package io.milpnet.formulation.spec;

import io.milpnet.formulation.layer.LayerKinds;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code --arch} strings such as {@code dense:4,dense:3} or {@code conv:2@3x3,maxpool:2,flatten,dense:2}
 * into the hidden layers of a network. The output layer
 * is not written: it is a linear dense layer sized by the task (one score for two classes, one per class otherwise).
 * {@code none} gives a linear model with no hidden layer.
 */
public final class ArchitectureParser {
  private final LayerKinds kinds;

  /** A parser of the standard layer kinds. */
  public ArchitectureParser() {
    this(LayerKinds.standard());
  }

  public ArchitectureParser(LayerKinds kinds) {
    this.kinds = kinds;
  }

  public List<LayerSpec> parse(String arch) {
    if (arch == null || arch.isBlank()) {
      throw new ArchitectureException("--arch is empty: give hidden layers such as dense:4,dense:3 (or none)");
    }
    String trimmed = arch.trim();
    if (trimmed.equalsIgnoreCase("none")) {
      return List.of();
    }
    List<LayerSpec> layers = new ArrayList<>();
    for (String raw : trimmed.split(",", -1)) {
      String token = raw.trim();
      if (token.isEmpty()) {
        throw new ArchitectureException("--arch '" + arch + "' has an empty layer: separate layers by single commas,"
            + " e.g. dense:4,dense:3");
      }
      layers.add(kinds.parse(token, arch));
    }
    return List.copyOf(layers);
  }

  /**
   * The shape entering each layer, and at index {@code layers.size()} the shape leaving the last one, for data of
   * shape {@code input} ({@code null}: a flat vector of {@code features} values). Convolution and pooling need a
   * {@code CxHxW} map; a dense layer needs a vector, so a map must pass a {@code flatten} first.
   */
  public List<Shape> shapes(List<LayerSpec> layers, Shape input, int features) {
    if (input != null && input.size() != features) {
      throw new ArchitectureException("--input-shape " + input + " has " + input.size() + " values but the data has "
          + features + " features");
    }
    List<Shape> shapes = new ArrayList<>();
    Shape current = input == null ? Shape.flat(features) : input;
    boolean spatial = input != null;
    shapes.add(current);
    for (LayerSpec layer : layers) {
      if (layer.takesMap()) {
        requireSpatial(layer, spatial, input);
      } else if (spatial) {
        throw new ArchitectureException("layer " + layer.token() + " follows a " + current + " map: put flatten"
            + " before the first dense layer (e.g. conv:2@3x3,maxpool:2,flatten," + layer.token() + ")");
      }
      current = layer.outputShape(current);
      spatial = layer.givesMap();
      shapes.add(current);
    }
    return List.copyOf(shapes);
  }

  private static void requireSpatial(LayerSpec layer, boolean spatial, Shape input) {
    if (!spatial) {
      throw new ArchitectureException(input == null
          ? "layer " + layer.token() + " needs image-shaped data: give --input-shape CxHxW (e.g. 1x8x8)"
          : "layer " + layer.token() + " comes after flatten or a dense layer: it needs a CxHxW map");
    }
  }

  /** A malformed {@code --arch} string. */
  public static final class ArchitectureException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ArchitectureException(String message) {
      super(message);
    }
  }
}
