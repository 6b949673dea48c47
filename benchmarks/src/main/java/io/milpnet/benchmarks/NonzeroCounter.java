package io.milpnet.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The nonzeros of the models a benchmark produced, reported by JMH next to the primary result as a rate
 * ({@code ·nonzeros}, in nonzeros per second in throughput mode): the size-independent speed of a model builder.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class NonzeroCounter {
  /** Nonzeros (linear and indicator rows) of every model built in the current iteration. */
  public long nonzeros;

  /** JMH divides each iteration's count by that iteration's time, so every iteration starts from zero. */
  @Setup(Level.Iteration)
  public void reset() {
    nonzeros = 0;
  }
}
