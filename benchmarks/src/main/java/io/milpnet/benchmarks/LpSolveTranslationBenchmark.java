package io.milpnet.benchmarks;

import io.milpnet.backend.lpsolve.LpSolveBackend;
import io.milpnet.core.solver.Availability;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading a prebuilt training MILP ({@link TrainingModelInput}, big-M encoding) into lp_solve, as the backend does
 * before solving, without solving ({@link LpSolveBackend#loadWithoutSolving}: a new {@code lprec}, the translator's
 * calls through JNA, then {@code delete_lp}).
 * Loads per second, and model nonzeros per second in {@code ·nonzeros}.
 *
 * <p>lp_solve is a system library ({@code apt-get install lp-solve}, or {@code MILPNET_LPSOLVE_LIB}); without it this
 * benchmark's set-up fails with the loader's reason, JMH reports that and goes on with the other benchmarks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class LpSolveTranslationBenchmark {
  private final LpSolveBackend lpsolve = new LpSolveBackend();

  /** Loads {@code liblpsolve55} up front (the backend does so on first use), so that loading it is not measured. */
  @Setup
  public void setUp() {
    Availability availability = lpsolve.availability();
    if (!availability.available()) {
      throw new IllegalStateException("lp_solve benchmark skipped: " + availability.reason());
    }
  }

  @Benchmark
  public void load(TrainingModelInput input, NonzeroCounter counter) {
    lpsolve.loadWithoutSolving(input.bigM);
    counter.nonzeros += input.bigM.numNonzeros();
  }
}
