package io.milpnet.formulation.train;

import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.layer.dense.DenseSpec;
import io.milpnet.formulation.spec.ArchitectureParser;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.spec.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The size of a training MILP, estimated from the architecture alone before anything is built, so that a network too
 * large for the JVM's heap is refused at once with its size and the fix, instead of ending in an
 * {@link OutOfMemoryError} after minutes of building (dense:100000 on Iris took 62 s to fail).
 *
 * <p>Per sample, a unit's rows carry at least one coefficient per input it reads (its {@link LayerSpec#connections});
 * a trained layer fed by hidden units multiplies two variables, and each product is linearised exactly by four rows of
 * two or three terms (counted as 10 per connection); a unit's nonlinear activation adds at least two. Pooling the data
 * gives data (constants). Measured on Iris, 30 rows, {@code dense:3000}: this counts 3.2 million nonzeros where the
 * model has 5.85 million, and the JVM held
 * 1,266 MB after building it, 216 bytes per model nonzero. The estimate uses {@link #BYTES_PER_NONZERO} = 200 on the
 * lower count, so it refuses only a model that would surely not fit; one close to the limit may still run out of
 * memory, which the command line reports in one line.
 */
public final class TrainingModelSize {
  /** Heap bytes per counted nonzero (model, names, builders and solver copies together; measured above). */
  static final long BYTES_PER_NONZERO = 200;
  /** Coefficients per connection of a trained layer fed by hidden units (the linearised product). */
  private static final long PRODUCT_TERMS = 10;
  /** Coefficients of a unit's activation rows, at least (indicator encodings keep the rest out of the rows). */
  private static final long UNIT_TERMS = 2;

  private final long rows;
  private final long perRow;

  private TrainingModelSize(long rows, long perRow) {
    this.rows = rows;
    this.perRow = perRow;
  }

  /**
   * The estimate for {@code rows} samples of data with {@code features} inputs ({@code inputShape} for images, or
   * null), through the hidden layers and the output layer of {@code outputs} units.
   */
  public static TrainingModelSize of(long rows, List<LayerSpec> hidden, Shape inputShape, int features, int outputs) {
    List<LayerSpec> specs = new ArrayList<>(hidden);
    specs.add(new DenseSpec(outputs, Activation.LINEAR));
    List<Shape> shapes = new ArchitectureParser().shapes(specs, inputShape, features);
    long perRow = 0;
    boolean fedByData = true;
    for (int s = 0; s < specs.size(); s++) {
      LayerSpec spec = specs.get(s);
      if (!spec.hasLayer()) {
        continue;
      }
      Shape in = shapes.get(s);
      long connections = spec.connections(in);
      perRow = saturatingAdd(perRow, saturatingMultiply(connections, spec.trains() && !fedByData ? PRODUCT_TERMS : 1));
      if (spec.activation() != Activation.LINEAR) {
        perRow = saturatingAdd(perRow, saturatingMultiply(spec.outputShape(in).size(), UNIT_TERMS));
      }
      // Pooling the data gives data again (constants); anything trained makes variables.
      fedByData &= !spec.trains();
    }
    return new TrainingModelSize(rows, perRow);
  }

  public long nonzeros() {
    return saturatingMultiply(rows, perRow);
  }

  public long bytes() {
    return saturatingMultiply(nonzeros(), BYTES_PER_NONZERO);
  }

  /**
   * Refuses the model when it cannot fit in {@code maxHeapBytes} ({@link Runtime#maxMemory()}): the message gives the
   * estimate and both fixes.
   */
  public void requireFits(long maxHeapBytes) {
    if (bytes() <= maxHeapBytes) {
      return;
    }
    long suggestedGb = Math.max(2, (long) Math.ceil(bytes() * 1.5 / (1L << 30)));
    throw new ModelTooLargeException(String.format(Locale.ROOT, "the training MILP would have at least %,d nonzeros"
        + " (%,d rows x %,d), about %s of memory, more than the %s the JVM may use: use fewer or smaller hidden layers"
        + " (--arch) or fewer training rows, or give Java more memory (MILPNET_JAVA_OPTS=-Xmx%dg)", nonzeros(), rows,
        perRow, size(bytes()), size(maxHeapBytes), suggestedGb));
  }

  private static String size(long bytes) {
    return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
        : String.format(Locale.ROOT, "%d MB", bytes >> 20);
  }

  private static long saturatingAdd(long a, long b) {
    long r = a + b;
    return r < 0 ? Long.MAX_VALUE : r;
  }

  private static long saturatingMultiply(long a, long b) {
    return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
  }

  /** A training model that cannot fit in memory; the command line exits with its out-of-memory code. */
  public static final class ModelTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ModelTooLargeException(String message) {
      super(message);
    }
  }
}
