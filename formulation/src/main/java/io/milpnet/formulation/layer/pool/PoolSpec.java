package io.milpnet.formulation.layer.pool;

import io.milpnet.formulation.network.OperatorGraph;
import io.milpnet.formulation.spec.ArchitectureParser;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.spec.Shape;
import java.util.Locale;
import java.util.Objects;

/**
 * Max or average pooling over non-overlapping {@code size x size} windows of each channel ({@code maxpool:P},
 * {@code avgpool:P}); rows and columns that do not fill a window are dropped (valid pooling).
 */
public record PoolSpec(Kind kind, int size) implements LayerSpec {
  /**
   * The pooling function, with its own behaviour: the value of a window in the forward pass, how the gradient
   * trainer routes a window's gradient, and whether it is affine. The MILP encodings and verifications of each
   * function are bound by its {@link #key()} (the kind's key) in the training and verification tables.
   */
  public enum Kind {
    /** The window's maximum; the gradient goes to its (first) largest input. Not affine. */
    MAX("max pooling") {
      @Override
      public String export(OperatorGraph graph, String in, PoolLayer layer) {
        return graph.maxPool(in, layer.inputShape(), layer.size(), layer.stride(), layer.pad());
      }

      @Override
      public double pool(double[] in, int[] window) {
        double v = Double.NEGATIVE_INFINITY;
        for (int k : window) {
          v = Math.max(v, in[k]);
        }
        return v;
      }

      @Override
      public int[] newMemo(int units) {
        return new int[units];
      }

      @Override
      public double forward(double[] in, int[] window, int[] memo, int j) {
        int m = window[0];
        for (int k : window) {
          m = in[k] > in[m] ? k : m;
        }
        memo[j] = m;
        return in[m];
      }

      @Override
      public void backward(int[] window, double delta, double[] back, int[] memo, int j) {
        back[memo[j]] += delta;
      }

      @Override
      public double windowWeight(int windowSize) {
        throw new UnsupportedOperationException(description() + " is not an affine layer");
      }
    },
    /** The window's mean; the gradient is shared evenly over the window. Affine. */
    AVG("average pooling") {
      @Override
      public String export(OperatorGraph graph, String in, PoolLayer layer) {
        return graph.averagePool(in, layer.inputShape(), layer.size());
      }

      @Override
      public double pool(double[] in, int[] window) {
        double v = 0.0;
        for (int k : window) {
          v = v + in[k];
        }
        return v / window.length;
      }

      @Override
      public int[] newMemo(int units) {
        return null;
      }

      @Override
      public double forward(double[] in, int[] window, int[] memo, int j) {
        double sum = 0;
        for (int k : window) {
          sum += in[k];
        }
        return sum / window.length;
      }

      @Override
      public void backward(int[] window, double delta, double[] back, int[] memo, int j) {
        for (int k : window) {
          back[k] += delta / window.length;
        }
      }

      @Override
      public double windowWeight(int windowSize) {
        return 1.0 / windowSize;
      }
    };

    private final String description;

    Kind(String description) {
      this.description = description;
    }

    public String key() {
      return name().toLowerCase(Locale.ROOT) + "pool";
    }

    /** The function in words, for messages and descriptions: {@code max pooling}. */
    public String description() {
      return description;
    }

    /** The pooled value of the inputs {@code in} at the flat indices {@code window} (the forward pass). */
    public abstract double pool(double[] in, int[] window);

    /** What {@link #forward} remembers for {@link #backward} (one slot per output unit), or null when nothing. */
    public abstract int[] newMemo(int units);

    /** The gradient trainer's forward value of output unit {@code j}, noting in {@code memo} what backward needs. */
    public abstract double forward(double[] in, int[] window, int[] memo, int j);

    /** Adds output unit {@code j}'s gradient {@code delta} to the gradients {@code back} of its window's inputs. */
    public abstract void backward(int[] window, double delta, double[] back, int[] memo, int j);

    /**
     * The weight of each input of a window of {@code windowSize} inputs in the function's affine form; an
     * {@link UnsupportedOperationException} for a function that is not affine.
     */
    public abstract double windowWeight(int windowSize);

    /** The pooling of {@code size x size} windows of the map {@code shape} in an exchange-format graph. */
    public abstract String export(OperatorGraph graph, String in, PoolLayer layer);
  }

  public PoolSpec {
    Objects.requireNonNull(kind, "kind");
    if (size < 1) {
      throw new IllegalArgumentException("a pooling window needs size >= 1, got " + size);
    }
  }

  @Override
  public String kindKey() {
    return kind.key();
  }

  @Override
  public boolean trains() {
    return false;
  }

  @Override
  public boolean takesMap() {
    return true;
  }

  @Override
  public String token() {
    return kind.key() + ":" + size;
  }

  @Override
  public Shape outputShape(Shape in) {
    if (size > in.height() || size > in.width()) {
      throw new ArchitectureParser.ArchitectureException("layer " + token() + ": a " + size + "x" + size
          + " window does not fit its " + in + " input");
    }
    return new Shape(in.channels(), in.height() / size, in.width() / size);
  }

  /** Every output reads its window. */
  @Override
  public long connections(Shape in) {
    return (long) outputShape(in).size() * size * size;
  }
}
