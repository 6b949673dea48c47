package io.milpnet.benchmarks;

import io.milpnet.core.model.Model;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.train.Encoding;
import io.milpnet.formulation.train.TrainingConfig;
import io.milpnet.formulation.train.TrainingData;
import io.milpnet.formulation.train.TrainingProblem;
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
 * Building the exact training MILP ({@link TrainingProblem#build}) for {@code samples} seeded synthetic samples and
 * {@code layers} dense ReLU layers of {@code hidden} units: models per second, and nonzeros per second in
 * {@code ·nonzeros}. The data and architecture are made once; each invocation builds a fresh model.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 3, time = 1)
public class TrainingModelBenchmark {
  @Param({"4", "8"})
  public int hidden;

  @Param("2")
  public int layers;

  @Param("100")
  public int samples;

  @Param("BIG_M")
  public Encoding encoding;

  private TrainingData data;
  private List<LayerSpec> architecture;
  private TrainingConfig config;

  @Setup
  public void setUp() {
    data = TrainingModels.data(samples, 1);
    architecture = TrainingModels.denseLayers(layers, hidden);
    config = TrainingModels.config(encoding);
  }

  @Benchmark
  public Model build(NonzeroCounter counter) {
    Model model = TrainingProblem.build(data, architecture, config).model();
    counter.nonzeros += model.numNonzeros();
    return model;
  }
}
