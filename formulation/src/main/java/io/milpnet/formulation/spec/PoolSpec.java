package io.milpnet.formulation.spec;

import java.util.Locale;
import java.util.Objects;

/**
 * Max or average pooling over non-overlapping {@code size x size} windows of each channel ({@code maxpool:P},
 * {@code avgpool:P}); rows and columns that do not fill a window are dropped (valid pooling).
 */
public record PoolSpec(Kind kind, int size) implements LayerSpec {
  public enum Kind {
    MAX,
    AVG;

    public String key() {
      return name().toLowerCase(Locale.ROOT) + "pool";
    }
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
}
