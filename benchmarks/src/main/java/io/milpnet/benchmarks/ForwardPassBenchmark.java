package io.milpnet.benchmarks;

import io.milpnet.formulation.network.ForwardPass;
import io.milpnet.formulation.spec.Shape;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link ForwardPass#outputs} of random networks ({@link RandomNetworks}) on a batch of {@value #BATCH} random
 * inputs per invocation: microseconds per input.
 *
 * <ul>
 *   <li>{@code dense}: {@value #FEATURES} inputs, two ReLU layers of {@code hidden} units, {@value #CLASSES} outputs;
 *   <li>{@code conv}: a 1x{@value #IMAGE}x{@value #IMAGE} image, a 3x3 ReLU convolution of {@code filters} filters,
 *       2x2 max pooling, a ReLU layer of {@value #CONV_HIDDEN} units, {@value #CLASSES} outputs.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
public class ForwardPassBenchmark {
  static final int BATCH = 256;
  static final int FEATURES = 10;
  static final int CLASSES = 3;
  static final int IMAGE = 16;
  static final int CONV_HIDDEN = 32;

  /** A dense network and its inputs. */
  @State(Scope.Benchmark)
  public static class Dense {
    @Param({"32", "256"})
    public int hidden;

    ForwardPass pass;
    double[][] inputs;

    @Setup
    public void setUp() {
      pass = new ForwardPass(RandomNetworks.dense(FEATURES, hidden, 2, CLASSES, 3));
      inputs = RandomNetworks.inputs(BATCH, FEATURES, 4);
    }
  }

  /** A convolutional network and its inputs. */
  @State(Scope.Benchmark)
  public static class Conv {
    @Param({"4", "16"})
    public int filters;

    ForwardPass pass;
    double[][] inputs;

    @Setup
    public void setUp() {
      Shape image = new Shape(1, IMAGE, IMAGE);
      pass = new ForwardPass(RandomNetworks.conv(image, filters, CONV_HIDDEN, CLASSES, 5));
      inputs = RandomNetworks.inputs(BATCH, image.size(), 6);
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void dense(Dense state, Blackhole blackhole) {
    for (double[] x : state.inputs) {
      blackhole.consume(state.pass.outputs(x));
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void conv(Conv state, Blackhole blackhole) {
    for (double[] x : state.inputs) {
      blackhole.consume(state.pass.outputs(x));
    }
  }
}
