package io.milpnet.benchmarks;

import com.google.ortools.linearsolver.MPModelProto;
import io.milpnet.backend.ortools.OrToolsBackend;
import io.milpnet.core.model.Model;
import io.milpnet.core.solver.Availability;
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
 * Translating a prebuilt training MILP ({@link TrainingModelInput}, big-M encoding) for OR-Tools, without solving:
 * translations per second, and model nonzeros per second in {@code ·nonzeros}.
 *
 * <ul>
 *   <li>{@code proto}: the model as an {@code MPModelProto} ({@link OrToolsBackend#toProto}; Java only; the step
 *       every OR-Tools solver shares);
 *   <li>{@code load}: what the backend does before {@code solve} ({@link OrToolsBackend#loadWithoutSolving}): the
 *       proto, a new native {@code MPSolver} of the given kind, {@code loadModelFromProto} (serialised, parsed and
 *       built in C++), then the solver deleted. GLOP solves LPs only, so it gets the model's LP relaxation (the same
 *       rows and nonzeros).
 * </ul>
 *
 * HiGHS is not here: the backend reaches it through OR-Tools' model builder, by a private method of
 * {@code OrToolsHighsBackend} that no benchmark can call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
public class OrToolsTranslationBenchmark {
  private final OrToolsBackend scip = OrToolsBackend.scip();

  /** The MPSolver kind {@code load} creates: SCIP, CBC or GLOP, through the backend's public factory of that name. */
  @State(Scope.Benchmark)
  public static class Target {
    @Param({"SCIP", "CBC", "GLOP"})
    public String solver;

    OrToolsBackend backend;

    @Setup
    public void setUp() {
      backend = switch (solver) {
        case "SCIP" -> OrToolsBackend.scip();
        case "CBC" -> OrToolsBackend.cbc();
        case "GLOP" -> OrToolsBackend.glop();
        default -> throw new IllegalArgumentException("solver must be SCIP, CBC or GLOP, got " + solver);
      };
    }
  }

  /** Loads OR-Tools' native libraries up front (availability does), so that their unpacking is not measured. */
  @Setup
  public void setUp() {
    Availability availability = scip.availability();
    if (!availability.available()) {
      throw new IllegalStateException("OR-Tools benchmark skipped: " + availability.reason());
    }
  }

  @Benchmark
  public MPModelProto proto(TrainingModelInput input, NonzeroCounter counter) {
    counter.nonzeros += input.bigM.numNonzeros();
    return scip.toProto(input.bigM);
  }

  @Benchmark
  public void load(TrainingModelInput input, Target target, NonzeroCounter counter) {
    Model model = target.solver.equals("GLOP") ? input.lpRelaxation : input.bigM;
    target.backend.loadWithoutSolving(model);
    counter.nonzeros += model.numNonzeros();
  }
}
