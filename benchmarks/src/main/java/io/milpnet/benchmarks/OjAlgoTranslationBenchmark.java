package io.milpnet.benchmarks;

import io.milpnet.backend.ojalgo.OjAlgoBackend;
import java.util.concurrent.TimeUnit;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Translating a prebuilt training MILP ({@link TrainingModelInput}, big-M encoding) into an ojAlgo
 * {@link ExpressionsBasedModel}, as the backend does before solving, without solving ({@link
 * OjAlgoBackend#translate}): translations per second, and
 * model nonzeros per second in {@code ·nonzeros}. ojAlgo is pure Java: nothing native to release.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
public class OjAlgoTranslationBenchmark {
  private final OjAlgoBackend ojalgo = new OjAlgoBackend();

  @Benchmark
  public ExpressionsBasedModel translate(TrainingModelInput input, NonzeroCounter counter) {
    counter.nonzeros += input.bigM.numNonzeros();
    return ojalgo.translate(input.bigM);
  }
}
