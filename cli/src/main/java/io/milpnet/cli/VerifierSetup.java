package io.milpnet.cli;

import io.milpnet.core.solver.SolverBackend;
import io.milpnet.core.solver.SolverRegistry;
import io.milpnet.formulation.activation.Activations;
import io.milpnet.formulation.encode.ReluBigMFormulation;
import io.milpnet.formulation.encode.ReluFormulation;
import io.milpnet.formulation.encode.ReluIndicatorFormulation;
import io.milpnet.formulation.encode.ReluPartitionFormulation;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.verify.BoundMethod;
import io.milpnet.formulation.verify.Verifier;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The verifier of the command-line choices, shared by {@code verify} and {@code train --verify-epsilon}: the bound
 * method, the ReLU formulation, the LP backend, the radii, and which architectures it can verify.
 */
final class VerifierSetup {
  /** Where the one-line progress reports of long verifications go. */
  static final Consumer<String> PROGRESS = line -> System.err.println("  ... " + line);

  private VerifierSetup() {}

  /** A verifier from the command-line choices. */
  static Verifier verifier(SolverBackend backend, SolverRegistry registry, String bounds, String relu,
      double tolerance, String lpBackend) {
    BoundMethod method;
    try {
      method = BoundMethod.parse(bounds);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--bounds " + e.getMessage().substring("unknown bound method ".length()));
    }
    ReluFormulation formulation = reluFormulation(relu);
    SolverBackend lp = null;
    if (method == BoundMethod.LP) {
      lp = BackendChoice.resolveLp(lpBackend, registry);
    }
    return new Verifier(backend, lp, method, formulation, tolerance)
        .withLpThreads(BackendChoice.lpThreads(lpBackend, 1, registry));
  }

  /** The ReLU formulation named by {@code --relu}: bigm, indicator or psplit:N. */
  static ReluFormulation reluFormulation(String relu) {
    String key = relu.toLowerCase(Locale.ROOT);
    if (key.startsWith("psplit:")) {
      String n = key.substring("psplit:".length());
      int partitions;
      try {
        partitions = Integer.parseInt(n);
      } catch (NumberFormatException e) {
        partitions = 0;
      }
      if (partitions < 1) {
        throw new UserInputException("--relu '" + relu + "': N in psplit:N must be a whole number >= 1 (groups of"
            + " inputs per unit), got '" + n + "'");
      }
      return new ReluPartitionFormulation(partitions);
    }
    return switch (key) {
      case "bigm", "big-m" -> new ReluBigMFormulation();
      case "indicator", "indicators" -> new ReluIndicatorFormulation();
      default -> throw new UserInputException("--relu '" + relu + "' is not an encoding: use bigm, indicator or"
          + " psplit:N");
    };
  }

  /** Radii of robustness balls: finite and non-negative (null: none given). */
  static void requireEpsilons(String flag, double[] values) {
    if (values == null) {
      return;
    }
    for (double e : values) {
      if (!(e >= 0) || Double.isInfinite(e)) {
        throw new UserInputException(flag + " must be a finite number >= 0, got " + TrainCommand.given(e));
      }
    }
  }

  /** Refuses, before any training, an architecture whose trained network the verifier cannot encode. */
  static void requireVerifiable(List<LayerSpec> hidden, String arch) {
    for (LayerSpec spec : hidden) {
      // Every layer kind verifies (pooling and gates included); an activation without a relaxation (step) does not.
      if (!spec.activation().verifiable()) {
        throw new UserInputException("--verify-epsilon: verification supports "
            + Activations.standard().verifiableUsages() + " activations, and --arch '" + arch + "' has "
            + spec.token());
      }
    }
  }

}
