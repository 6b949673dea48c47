package io.milpnet.formulation.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Per-feature min-max scaling, {@code (x - min) / (max - min)}, fitted on the training set only so that
 * no information about the test set leaks into training. Training values land in [0, 1]; values of other
 * data outside the training range land outside [0, 1], or with {@code clip} on its boundary: the network
 * then only ever sees the box it was trained (and is verified) on, and a test value beyond the training
 * range counts as the most extreme training value.
 *
 * <p>Bounded inputs matter for the MILP: the big-M constants of every layer are derived from the input
 * box, so [0, 1] inputs keep them small.
 */
public record MinMaxScaler(double[] min, double[] max, boolean clip) {

  /** A scaler that does not clip. */
  public MinMaxScaler(double[] min, double[] max) {
    this(min, max, false);
  }

  public MinMaxScaler {
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    min = min.clone();
    max = max.clone();
    if (min.length != max.length) {
      throw new IllegalArgumentException(
          "scaler has " + min.length + " minima but " + max.length + " maxima; give one of each per feature");
    }
    for (int j = 0; j < min.length; j++) {
      if (!(min[j] <= max[j]) || !Double.isFinite(max[j] - min[j])) {
        throw new IllegalArgumentException(
            "feature " + j + " has range [" + min[j] + ", " + max[j] + "]; the range must be finite with"
                + " min <= max");
      }
    }
  }

  /** Minimum and maximum of every feature over the training samples. */
  /** The same scaling, clipping to [0, 1] (or not). */
  public MinMaxScaler withClip(boolean clipToUnitBox) {
    return new MinMaxScaler(min, max, clipToUnitBox);
  }

  public static MinMaxScaler fit(Dataset train) {
    if (train.numSamples() == 0) {
      throw new DatasetException(
          "'" + train.source() + "' has no samples to fit the feature scaling to; give it data rows");
    }
    int n = train.numFeatures();
    double[] min = new double[n];
    double[] max = new double[n];
    Arrays.fill(min, Double.POSITIVE_INFINITY);
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
    for (double[] row : train.features()) {
      for (int j = 0; j < n; j++) {
        min[j] = Math.min(min[j], row[j]);
        max[j] = Math.max(max[j], row[j]);
      }
    }
    return new MinMaxScaler(min, max);
  }

  /**
   * One minimum and maximum over all features of the training samples, applied to every feature: for images, whose
   * pixels share one scale (a pixel that is blank in every training image keeps its meaning instead of being
   * stretched on its own).
   */
  public static MinMaxScaler fitGlobal(Dataset train) {
    MinMaxScaler each = fit(train);
    double lo = Arrays.stream(each.min).min().orElse(0.0);
    double hi = Arrays.stream(each.max).max().orElse(0.0);
    double[] min = new double[each.min.length];
    double[] max = new double[each.max.length];
    Arrays.fill(min, lo);
    Arrays.fill(max, hi);
    return new MinMaxScaler(min, max);
  }

  public int numFeatures() {
    return min.length;
  }

  /**
   * Whether the columns share one scale, as the pixels of images do: at least a tenth of the columns that vary (and
   * at least two) span 90% or more of the range of all values together. Then one range for all (global scaling) keeps
   * a faint pixel faint, where per-feature scaling would stretch it to the full range; columns measured in units of
   * their own (a length beside an area) do not pass.
   */
  public static boolean sharedScale(Dataset train) {
    MinMaxScaler each = fit(train);
    double lo = Arrays.stream(each.min).min().orElse(0.0);
    double hi = Arrays.stream(each.max).max().orElse(0.0);
    if (!(hi > lo)) {
      return false;
    }
    int varying = 0;
    int spanning = 0;
    for (int j = 0; j < each.min.length; j++) {
      double range = each.max[j] - each.min[j];
      if (range > 0) {
        varying++;
        spanning += range >= 0.9 * (hi - lo) ? 1 : 0;
      }
    }
    return spanning >= 2 && spanning * 10 >= varying;
  }

  /** Indices of the columns that take one value on every training row. */
  public static int[] constantColumns(Dataset train) {
    MinMaxScaler each = fit(train);
    return java.util.stream.IntStream.range(0, each.min.length).filter(j -> each.min[j] == each.max[j]).toArray();
  }

  /** {@code d} with every row scaled; labels, names and source are kept. */
  public Dataset transform(Dataset d) {
    if (d.numFeatures() != min.length) {
      throw new IllegalArgumentException(
          "data set '" + d.source() + "' has " + d.numFeatures() + " features but the scaler was fitted on "
              + min.length + "; align its columns to the training data first");
    }
    double[][] rows = d.features();
    double[][] scaled = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      scaled[i] = transform(rows[i]);
    }
    return d.withFeatures(scaled);
  }

  /** One scaled row; the argument is not modified. */
  public double[] transform(double[] row) {
    if (row.length != min.length) {
      throw new IllegalArgumentException(
          "row has " + row.length + " values but the scaler was fitted on " + min.length + " features");
    }
    double[] scaled = new double[row.length];
    for (int j = 0; j < row.length; j++) {
      double range = max[j] - min[j];
      // A feature that is constant in training carries no information; dividing by 1 instead of 0 maps
      // it to 0 there (and keeps other data's deviation from that constant visible instead of NaN/inf).
      scaled[j] = (row[j] - min[j]) / (range == 0.0 ? 1.0 : range);
      if (clip) {
        scaled[j] = Math.max(0.0, Math.min(1.0, scaled[j]));
      }
    }
    return scaled;
  }
}
