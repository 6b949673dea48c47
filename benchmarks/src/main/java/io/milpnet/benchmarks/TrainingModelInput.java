package io.milpnet.benchmarks;

import io.milpnet.core.bridge.LpRelaxation;
import io.milpnet.core.model.Model;
import io.milpnet.formulation.train.Encoding;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A prebuilt training MILP ({@link TrainingModels}: {@code samples} seeded samples, {@code layers} dense ReLU layers
 * of {@code hidden} units) in both encodings, the input of the bridge and translation benchmarks. Bridges and
 * translators only read their input, so one model serves every invocation.
 */
@State(Scope.Benchmark)
public class TrainingModelInput {
  @Param({"4", "8"})
  public int hidden;

  @Param("2")
  public int layers;

  @Param("100")
  public int samples;

  /** ReLUs, products and losses as big-M rows: what solvers without indicators receive. */
  Model bigM;

  /** The same relations as indicator constraints. */
  Model withIndicators;

  /** The big-M encoding with continuous variables, for LP-only solvers. */
  Model lpRelaxation;

  @Setup
  public void setUp() {
    bigM = TrainingModels.build(samples, layers, hidden, Encoding.BIG_M).model();
    withIndicators = TrainingModels.build(samples, layers, hidden, Encoding.INDICATOR).model();
    lpRelaxation = new LpRelaxation().apply(bigM);
  }
}
