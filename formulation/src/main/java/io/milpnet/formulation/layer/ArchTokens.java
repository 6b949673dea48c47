package io.milpnet.formulation.layer;

import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.activation.Activations;
import io.milpnet.formulation.spec.ArchitectureParser.ArchitectureException;

/** What the kinds' {@code --arch} parsers share: sizes, activations and the errors that name the token. */
public final class ArchTokens {
  private ArchTokens() {}

  /** {@code args} split at {@code /}; an error with {@code example} when the token gave no size. */
  public static String[] sized(String args, String token, String arch, String example) {
    if (args == null || args.isBlank()) {
      throw new ArchitectureException("--arch '" + arch + "': layer '" + token + "' needs its size, e.g. "
          + example);
    }
    return args.split("/", -1);
  }

  public static int positive(String text, String what, String token, String arch) {
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

  public static Activation activation(String text, String token, String arch) {
    Activations table = Activations.standard();
    try {
      return table.parse(text);
    } catch (Activations.UnknownActivation e) {
      throw new ArchitectureException("--arch '" + arch + "': unknown activation '" + text.trim() + "' in layer '"
          + token + "'; use " + table.usages());
    } catch (IllegalArgumentException e) {
      throw error(token, arch, e.getMessage());
    }
  }

  public static ArchitectureException error(String token, String arch, String what) {
    return new ArchitectureException("--arch '" + arch + "': layer '" + token + "' " + what);
  }
}
