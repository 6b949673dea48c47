package io.milpnet.formulation.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses {@code --arch} strings such as {@code dense:4,dense:3} or {@code conv:2@3x3,maxpool:2,flatten,dense:2}
 * into the hidden layers of a network. The output layer
 * is not written: it is a linear dense layer sized by the task (one score for two classes, one per class otherwise).
 * {@code none} gives a linear model with no hidden layer.
 */
public final class ArchitectureParser {

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
      layers.add(parseLayer(token, arch));
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
      if (layer instanceof ConvSpec conv) {
        requireSpatial(layer, spatial, input);
        current = conv.outputShape(current);
      } else if (layer instanceof PoolSpec pool) {
        requireSpatial(layer, spatial, input);
        current = pool.outputShape(current);
      } else if (layer instanceof FlattenSpec) {
        requireSpatial(layer, spatial, input);
        current = Shape.flat(current.size());
        spatial = false;
      } else {
        int units = layer instanceof DenseSpec dense ? dense.units() : ((GateSpec) layer).units();
        if (spatial) {
          throw new ArchitectureException("layer " + layer.token() + " follows a " + current + " map: put flatten"
              + " before the first dense layer (e.g. conv:2@3x3,maxpool:2,flatten," + layer.token() + ")");
        }
        current = Shape.flat(units);
      }
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

  private static LayerSpec parseLayer(String token, String arch) {
    String[] kindAndRest = token.split(":", 2);
    String kind = kindAndRest[0].trim().toLowerCase(Locale.ROOT);
    if (kind.equals("flatten")) {
      if (kindAndRest.length > 1) {
        throw new ArchitectureException("--arch '" + arch + "': flatten takes no arguments, got '" + token + "'");
      }
      return new FlattenSpec();
    }
    if (!List.of("dense", "conv", "maxpool", "avgpool", "gate").contains(kind)) {
      throw new ArchitectureException("--arch '" + arch + "': unknown layer kind '" + kindAndRest[0]
          + "'; use dense:N[/act], conv:C@KxK[/S][/act], maxpool:P, avgpool:P, gate:N or flatten");
    }
    if (kindAndRest.length < 2 || kindAndRest[1].isBlank()) {
      throw new ArchitectureException("--arch '" + arch + "': layer '" + token + "' needs its size, e.g. "
          + switch (kind) {
            case "dense" -> "dense:4";
            case "conv" -> "conv:2@3x3";
            default -> kind + ":2";
          });
    }
    String[] parts = kindAndRest[1].split("/", -1);
    return switch (kind) {
      case "gate" -> {
        if (parts.length > 1) {
          throw new ArchitectureException("--arch '" + arch + "': layer '" + token + "' takes no activation: a gate"
              + " passes its pre-activation or 0");
        }
        yield new GateSpec(positive(parts[0], "units", token, arch));
      }
      case "dense" -> {
        if (parts.length > 2) {
          throw new ArchitectureException("--arch '" + arch + "': layer '" + token + "' has more than one suffix");
        }
        int units = positive(parts[0], "units", token, arch);
        yield new DenseSpec(units, parts.length == 2 ? activation(parts[1], token, arch) : Activation.RELU);
      }
      case "conv" -> {
        String[] ck = parts[0].trim().toLowerCase(Locale.ROOT).split("@", -1);
        String[] kk = ck.length == 2 ? ck[1].split("x", -1) : new String[0];
        if (ck.length != 2 || kk.length != 2) {
          throw new ArchitectureException("--arch '" + arch + "': layer '" + token + "' is not conv:C@KxK (e.g."
              + " conv:2@3x3, or conv:2@3x3/2 for stride 2)");
        }
        int channels = positive(ck[0], "channels", token, arch);
        int k = positive(kk[0], "kernel size", token, arch);
        if (positive(kk[1], "kernel size", token, arch) != k) {
          throw new ArchitectureException("--arch '" + arch + "': layer '" + token + "' needs a square kernel KxK");
        }
        int stride = 1;
        Activation act = Activation.RELU;
        for (int p = 1; p < parts.length; p++) {
          String suffix = parts[p].trim();
          if (!suffix.isEmpty() && Character.isDigit(suffix.charAt(0))) {
            stride = positive(suffix, "stride", token, arch);
          } else {
            act = activation(suffix, token, arch);
          }
        }
        yield new ConvSpec(channels, k, stride, act);
      }
      default -> {
        if (parts.length > 1) {
          throw new ArchitectureException("--arch '" + arch + "': layer '" + token + "' takes only a window size,"
              + " e.g. " + kind + ":2");
        }
        int size = positive(parts[0], "window size", token, arch);
        yield new PoolSpec(kind.equals("maxpool") ? PoolSpec.Kind.MAX : PoolSpec.Kind.AVG, size);
      }
    };
  }

  private static int positive(String text, String what, String token, String arch) {
    int v;
    try {
      v = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new ArchitectureException("--arch '" + arch + "': '" + text.trim() + "' in layer '" + token
          + "' is not a whole number of " + what);
    }
    if (v < 1) {
      throw new ArchitectureException("--arch '" + arch + "': layer '" + token + "' needs at least 1 " + what);
    }
    return v;
  }

  private static Activation activation(String text, String token, String arch) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "relu" -> Activation.RELU;
      case "linear" -> Activation.LINEAR;
      case "step" -> Activation.STEP;
      case "hardtanh" -> Activation.HARDTANH;
      default -> throw new ArchitectureException("--arch '" + arch + "': unknown activation '" + text.trim()
          + "' in layer '" + token + "'; use relu, linear, step or hardtanh");
    };
  }

  /** A malformed {@code --arch} string. */
  public static final class ArchitectureException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ArchitectureException(String message) {
      super(message);
    }
  }
}
