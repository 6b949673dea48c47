package io.milpnet.formulation.activation;

/**
 * How an activation is named: its key (the text before any {@code :}), the usage errors list, and the parser of its
 * parameters. Bound into {@link Activations} by {@link ActivationModule}.
 */
public interface ActivationKind {
  /** The name, lower case, without parameters ({@code relu}, {@code leakyrelu}). */
  String key();

  /** How the kind is written, for error messages ({@code leakyrelu:A}). */
  default String usage() {
    return key();
  }

  /** Whether verification encodes this kind's activations ({@link Activation#verifiable}). */
  default boolean verifiable() {
    return true;
  }

  /**
   * The activation of {@code args}, the text after {@code key:} (null when there is none).
   *
   * @throws IllegalArgumentException with a message that says what is wrong with the parameters
   */
  Activation parse(String args);

  /** The kind of an activation without parameters. */
  static ActivationKind of(Activation activation) {
    return new ActivationKind() {
      @Override
      public String key() {
        return activation.key();
      }

      @Override
      public boolean verifiable() {
        return activation.verifiable();
      }

      @Override
      public Activation parse(String args) {
        if (args != null) {
          throw new IllegalArgumentException(activation.key() + " takes no parameter, got '" + args + "'");
        }
        return activation;
      }
    };
  }
}
