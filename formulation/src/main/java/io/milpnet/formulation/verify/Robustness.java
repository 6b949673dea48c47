package io.milpnet.formulation.verify;

import io.milpnet.core.solver.SolveOptions;
import io.milpnet.formulation.network.OutputKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Local robustness: does every input within L-infinity distance {@code epsilon} of a sample (clipped to the input
 * domain) keep the sample's class? Each sample becomes a VNN-LIB-style unsafe set, "some other class scores at least
 * as high" (one disjunct per other class; for a single binary score, "the score's sign flips"), verified by a
 * {@link Verifier}. A counterexample counts only when the class the network really predicts there (the forward pass
 * and the output rule, ties included) differs from the sample's label.
 */
public final class Robustness {
  private final Verifier verifier;
  private final FixedNetwork network;
  private final OutputKind outputKind;
  private final double[] domainLo;
  private final double[] domainHi;
  private Consumer<String> progress = line -> {};

  /**
   * @param domainLo lowest value of each input (the ball is clipped to it; a sample below it widens it to itself)
   * @param domainHi highest value of each input
   */
  public Robustness(Verifier verifier, FixedNetwork network, OutputKind outputKind, double[] domainLo,
      double[] domainHi) {
    if (domainLo.length != network.inputs() || domainHi.length != network.inputs()) {
      throw new IllegalArgumentException("the input domain has " + domainLo.length + " dimensions, the network "
          + network.inputs() + " inputs");
    }
    if (outputKind == OutputKind.REGRESSION) {
      throw new IllegalArgumentException("robustness certifies a predicted class, and this is a regression network:"
          + " state a VNN-LIB property on its output instead (--property)");
    }
    int expected = outputKind == OutputKind.BINARY_SCORE ? 1 : network.outputs();
    if (network.outputs() != expected || (outputKind == OutputKind.ARGMAX && expected < 2)) {
      throw new IllegalArgumentException("robustness needs one score per class (2 or more outputs) or a single"
          + " binary score; the network has " + network.outputs() + " outputs");
    }
    network.requireVerifiable();
    this.verifier = verifier;
    this.network = network;
    this.outputKind = outputKind;
    this.domainLo = domainLo.clone();
    this.domainHi = domainHi.clone();
  }

  /** Where a line goes every {@value Verifier#PROGRESS_EVERY} s of a long run; silent by default. */
  public Robustness withProgress(Consumer<String> sink) {
    this.progress = sink == null ? line -> {} : sink;
    return this;
  }

  /**
   * The outcome for one sample. {@code counterexample} is the re-checked input when violated, else null;
   * {@code misclassified} when that input is the sample itself.
   */
  public record Sample(int index, int label, Verdict verdict, String reason, double seconds, double[] counterexample,
      int predictedThere, boolean misclassified) {}

  /** Counts over a data set at one epsilon; {@code misclassified} samples are counted as violated too. */
  public record Report(double epsilon, int certified, int violated, int unknown, int misclassified,
      List<Sample> samples, double seconds) {
    public String line() {
      return String.format(Locale.ROOT, "epsilon %s: %d certified, %d violated (%d misclassified as given), %d"
          + " unknown of %d samples, %.1f s", epsilon, certified, violated, misclassified, unknown, samples.size(),
          seconds);
    }
  }

  /** Certifies every sample's ball; {@code perSample} bounds each sample's verification (its time limit). */
  public Report certify(double[][] inputs, int[] labels, double epsilon, SolveOptions perSample) {
    if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be a finite number >= 0, got " + epsilon);
    }
    long start = System.nanoTime();
    List<Sample> samples = new ArrayList<>();
    int certified = 0;
    int violated = 0;
    int unknown = 0;
    int misclassified = 0;
    long lastReport = System.nanoTime();
    for (int s = 0; s < inputs.length; s++) {
      if ((System.nanoTime() - lastReport) / 1e9 >= Verifier.PROGRESS_EVERY) {
        lastReport = System.nanoTime();
        progress.accept(String.format(Locale.ROOT, "epsilon %s: sample %d of %d (%d certified, %d violated, %d"
            + " unknown so far)", epsilon, s + 1, inputs.length, certified, violated, unknown));
      }
      Sample r = certifyOne(s, inputs[s], labels[s], epsilon, perSample);
      samples.add(r);
      switch (r.verdict()) {
        case HOLDS -> certified++;
        case VIOLATED -> {
          violated++;
          misclassified += r.misclassified() ? 1 : 0;
        }
        default -> unknown++;
      }
    }
    return new Report(epsilon, certified, violated, unknown, misclassified, samples,
        (System.nanoTime() - start) / 1e9);
  }

  Sample certifyOne(int index, double[] x, int label, double epsilon, SolveOptions options) {
    long start = System.nanoTime();
    int predicted = outputKind.classOf(network.evaluate(x));
    if (predicted != label) {
      return new Sample(index, label, Verdict.VIOLATED, "misclassified at the sample itself (predicted class "
          + predicted + ")", 0, x.clone(), predicted, true);
    }
    VnnProperty property = property(x, label, epsilon);
    VerificationResult result = verifier.verify(network, property, options);
    double seconds = (System.nanoTime() - start) / 1e9;
    DisjunctResult cex = result.counterexample();
    if (cex != null) {
      int there = outputKind.classOf(network.evaluate(cex.input()));
      if (there != label) {
        return new Sample(index, label, Verdict.VIOLATED, "class " + there + " at distance "
            + distance(x, cex.input()), seconds, cex.input(), there, false);
      }
      return new Sample(index, label, Verdict.UNKNOWN, "the counterexample is a tie the output rule resolves to the"
          + " label", seconds, null, there, false);
    }
    return new Sample(index, label, result.verdict(), result.reason(), seconds, null, label, false);
  }

  /** The unsafe set of one sample: its clipped L-infinity ball and "another class scores at least as high". */
  public VnnProperty property(double[] x, int label, double epsilon) {
    int n = x.length;
    int m = network.outputs();
    List<LinearAtom> box = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double lo = Math.max(Math.min(domainLo[i], x[i]), x[i] - epsilon);
      double hi = Math.min(Math.max(domainHi[i], x[i]), x[i] + epsilon);
      box.add(inputBound(n, m, i, 1, hi, "X_" + i + " <= " + hi));
      box.add(inputBound(n, m, i, -1, -lo, "X_" + i + " >= " + lo));
    }
    List<Conjunction> disjuncts = new ArrayList<>();
    if (outputKind == OutputKind.BINARY_SCORE) {
      // Class 1 needs Y_0 > 0: unsafe Y_0 <= 0. Class 0 needs Y_0 <= 0: unsafe Y_0 >= 0 (the re-check settles 0).
      double[] y = new double[m];
      y[0] = label == 1 ? 1 : -1;
      disjuncts.add(withAtom(box, new LinearAtom(new double[n], y, 0, label == 1 ? "Y_0 <= 0" : "Y_0 >= 0")));
    } else {
      for (int j = 0; j < m; j++) {
        if (j != label) {
          double[] y = new double[m];
          y[label] = 1;
          y[j] = -1;
          disjuncts.add(withAtom(box, new LinearAtom(new double[n], y, 0, "Y_" + label + " <= Y_" + j)));
        }
      }
    }
    return new VnnProperty("robustness of sample with label " + label + " at epsilon " + epsilon, n, m, disjuncts);
  }

  private static Conjunction withAtom(List<LinearAtom> box, LinearAtom atom) {
    List<LinearAtom> atoms = new ArrayList<>(box);
    atoms.add(atom);
    return new Conjunction(atoms);
  }

  private static LinearAtom inputBound(int n, int m, int i, double sign, double bound, String text) {
    double[] cx = new double[n];
    cx[i] = sign;
    return new LinearAtom(cx, new double[m], bound, text);
  }

  private static double distance(double[] a, double[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d = Math.max(d, Math.abs(a[i] - b[i]));
    }
    return d;
  }
}
