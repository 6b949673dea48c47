package io.milpnet.cli;

import io.milpnet.core.solver.SolveOptions;
import io.milpnet.formulation.data.PreparedData;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.verify.Robustness;
import io.milpnet.formulation.verify.Verifier;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code train --verify-epsilon}: after training, the L-infinity robustness of every test sample certified at the
 * given radii, each sample within its own time limit (a picocli mixin of {@link TrainCommand}).
 */
final class RobustnessOptions {
  @Option(names = "--verify-epsilon", split = ",", paramLabel = "E",
      description = "After training, certify the L-infinity robustness of every test sample at this radius (or"
          + " several, comma-separated) in the [0,1]-scaled feature space; needs --test or --test-split.")
  double[] verifyEpsilons;

  @Option(names = "--verify-time-limit", defaultValue = "10", paramLabel = "SECONDS",
      description = "Time limit of each sample's robustness verification (default: ${DEFAULT-VALUE}).")
  double verifyTimeLimit;

  boolean wanted() {
    return verifyEpsilons != null;
  }

  /**
   * The checks of the two options.
   *
   * @param hasTestSet whether the run has test rows to certify (--test, --test-split or --train-per-class)
   */
  void validate(boolean hasTestSet) {
    if (!wanted()) {
      return;
    }
    if (!hasTestSet) {
      throw new UserInputException("--verify-epsilon certifies the test set: give --test FILE.csv,"
          + " --test-split FRACTION or --train-per-class N");
    }
    VerifierSetup.requireEpsilons("--verify-epsilon", verifyEpsilons);
    if (!(verifyTimeLimit > 0) || Double.isInfinite(verifyTimeLimit)) {
      throw new UserInputException("--verify-time-limit must be a positive number of seconds, got "
          + TrainCommand.given(verifyTimeLimit));
    }
  }

  /** The test set's robustness at every radius, certified by {@code verifier}, each line printed as it comes. */
  List<Robustness.Report> certify(TrainedNetwork network, PreparedData prepared, Verifier verifier,
      SolveOptions solve, PrintWriter stdout) {
    Robustness robust = LoadedNetwork.of(network).robustness(verifier);
    stdout.printf(Locale.ROOT, "verifying robustness of the %d test samples (%s s per sample)...%n",
        prepared.testX().length, TrainCommand.fmt(verifyTimeLimit));
    stdout.flush();
    SolveOptions options = solve.withTimeLimit(verifyTimeLimit);
    List<Robustness.Report> reports = new ArrayList<>();
    for (double e : verifyEpsilons) {
      Robustness.Report r = robust.certify(prepared.testX(), prepared.testY(), e, options);
      reports.add(r);
      stdout.println("robustness " + r.line());
      stdout.flush();
    }
    return reports;
  }
}
