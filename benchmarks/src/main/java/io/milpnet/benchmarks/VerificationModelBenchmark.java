package io.milpnet.benchmarks;

import io.milpnet.core.solver.SolveOptions;
import io.milpnet.formulation.encode.ReluBigMFormulation;
import io.milpnet.formulation.verify.BoundMethod;
import io.milpnet.formulation.verify.Conjunction;
import io.milpnet.formulation.verify.FixedNetwork;
import io.milpnet.formulation.verify.LinearAtom;
import io.milpnet.formulation.verify.VerificationResult;
import io.milpnet.formulation.verify.Verdict;
import io.milpnet.formulation.verify.Verifier;
import io.milpnet.formulation.verify.VnnProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Building the verifier's MILP for a random ReLU network of {@code depth} layers of {@code width} units (ACAS Xu
 * shape: {@value #INPUTS} inputs, {@value #OUTPUTS} outputs) on its whole input box [-1, 1]^{@value #INPUTS}: models
 * per second, and nonzeros per second in {@code ·nonzeros}.
 *
 * <p>The verifier builds its models privately, one per input box, so the benchmark runs {@link Verifier#verify} itself
 * with interval bounds, big-M ReLUs and a {@link RecordingBackend} that answers "infeasible": the unsafe set is the one
 * output condition {@code y0 - y1 <= (y0 - y1 at the centre) - 0.001}, the centre is no counterexample, and the first
 * box is encoded and proven at once. An invocation is thus the real encoding path (interval bounds per layer, big-M
 * constants, the margin rows) plus the verifier's fixed costs around it: one forward pass at the centre and the thread
 * its time-limit guard starts for each solve.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
public class VerificationModelBenchmark {
  static final int INPUTS = 5;
  static final int OUTPUTS = 5;

  @Param({"32", "128"})
  public int width;

  @Param("3")
  public int depth;

  private final RecordingBackend backend = new RecordingBackend();
  private Verifier verifier;
  private FixedNetwork network;
  private VnnProperty property;

  @Setup
  public void setUp() {
    network = RandomNetworks.fixed(INPUTS, width, depth, OUTPUTS, 7);
    verifier = new Verifier(backend, null, BoundMethod.INTERVAL, new ReluBigMFormulation(),
        Verifier.DEFAULT_TOLERANCE);
    property = unsafeBelowTheCentre(network);
    VerificationResult first = verifier.verify(network, property, SolveOptions.defaults());
    if (first.verdict() != Verdict.HOLDS || backend.lastNonzeros() < 0) {
      throw new IllegalStateException("the benchmark property did not reach the MILP encoding: " + first.verdict()
          + " (" + first.reason() + ")");
    }
  }

  @Benchmark
  public VerificationResult encode(NonzeroCounter counter) {
    VerificationResult result = verifier.verify(network, property, SolveOptions.defaults());
    counter.nonzeros += backend.lastNonzeros();
    return result;
  }

  /** Inputs in [-1, 1] and {@code y0 - y1 <= c}, with c just below the value at the centre of the box. */
  private static VnnProperty unsafeBelowTheCentre(FixedNetwork network) {
    List<LinearAtom> atoms = new ArrayList<>();
    for (int i = 0; i < INPUTS; i++) {
      double[] x = new double[INPUTS];
      x[i] = 1;
      atoms.add(new LinearAtom(x, new double[OUTPUTS], 1, "X_" + i + " <= 1"));
      x = new double[INPUTS];
      x[i] = -1;
      atoms.add(new LinearAtom(x, new double[OUTPUTS], 1, "X_" + i + " >= -1"));
    }
    double[] y = new double[OUTPUTS];
    y[0] = 1;
    y[1] = -1;
    double[] centre = network.evaluate(new double[INPUTS]);
    double bound = centre[0] - centre[1] - 1e-3;
    atoms.add(new LinearAtom(new double[INPUTS], y, bound, "Y_0 - Y_1 <= " + bound));
    return new VnnProperty("benchmark", INPUTS, OUTPUTS, List.of(new Conjunction(atoms)));
  }
}
