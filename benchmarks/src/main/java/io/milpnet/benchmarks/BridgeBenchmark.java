package io.milpnet.benchmarks;

import io.milpnet.core.bridge.IndicatorToBigMBridge;
import io.milpnet.core.bridge.LpRelaxation;
import io.milpnet.core.model.Model;
import java.util.concurrent.TimeUnit;
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
 * The core bridges applied to a prebuilt training MILP ({@link TrainingModelInput}): rewrites per second, and in
 * {@code ·nonzeros} the nonzeros of the rewritten models per second.
 *
 * <ul>
 *   <li>{@code indicatorToBigM}: the indicator encoding, every indicator rewritten as big-M rows;
 *   <li>{@code lpRelaxation}: the big-M encoding relaxed to an LP (a copy with continuous variables).
 * </ul>
 *
 * {@code RangeRowBridge} is not measured: no milpnet formulation writes two-sided rows, so on these models the bridge
 * never runs (it serves models read from MPS files with RANGES).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
public class BridgeBenchmark {
  private final IndicatorToBigMBridge indicatorBridge = new IndicatorToBigMBridge();
  private final LpRelaxation lpRelaxation = new LpRelaxation();

  @Benchmark
  public Model indicatorToBigM(TrainingModelInput input, NonzeroCounter counter) {
    return counted(indicatorBridge.apply(input.withIndicators), counter);
  }

  @Benchmark
  public Model lpRelaxation(TrainingModelInput input, NonzeroCounter counter) {
    return counted(lpRelaxation.apply(input.bigM), counter);
  }

  private static Model counted(Model model, NonzeroCounter counter) {
    counter.nonzeros += model.numNonzeros();
    return model;
  }
}
