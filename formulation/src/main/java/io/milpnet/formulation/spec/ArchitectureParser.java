package io.milpnet.formulation.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses {@code --arch} strings such as {@code dense:4,dense:3} into the hidden layers of a network. The output layer
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

  private static LayerSpec parseLayer(String token, String arch) {
    String[] kindAndRest = token.split(":", 2);
    String kind = kindAndRest[0].trim().toLowerCase(Locale.ROOT);
    if (!kind.equals("dense")) {
      throw new ArchitectureException("--arch '" + arch + "': unknown layer kind '" + kindAndRest[0]
          + "'; this version knows dense:N (e.g. dense:4)");
    }
    if (kindAndRest.length < 2 || kindAndRest[1].isBlank()) {
      throw new ArchitectureException("--arch '" + arch + "': layer '" + token + "' needs a unit count, e.g. dense:4");
    }
    String[] unitsAndActivation = kindAndRest[1].split("/", 2);
    int units;
    try {
      units = Integer.parseInt(unitsAndActivation[0].trim());
    } catch (NumberFormatException e) {
      throw new ArchitectureException("--arch '" + arch + "': '" + unitsAndActivation[0].trim()
          + "' in layer '" + token + "' is not a whole number of units");
    }
    if (units < 1) {
      throw new ArchitectureException("--arch '" + arch + "': layer '" + token + "' needs at least 1 unit");
    }
    Activation activation = Activation.RELU;
    if (unitsAndActivation.length == 2) {
      String act = unitsAndActivation[1].trim().toLowerCase(Locale.ROOT);
      activation = switch (act) {
        case "relu" -> Activation.RELU;
        case "linear" -> Activation.LINEAR;
        case "step" -> Activation.STEP;
        case "hardtanh" -> Activation.HARDTANH;
        default -> throw new ArchitectureException("--arch '" + arch + "': unknown activation '"
            + unitsAndActivation[1].trim() + "' in layer '" + token + "'; use relu, linear, step or hardtanh");
      };
    }
    return new DenseSpec(units, activation);
  }

  /** A malformed {@code --arch} string. */
  public static final class ArchitectureException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ArchitectureException(String message) {
      super(message);
    }
  }
}
