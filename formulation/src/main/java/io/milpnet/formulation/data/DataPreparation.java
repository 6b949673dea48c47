package io.milpnet.formulation.data;

import io.milpnet.formulation.train.TrainingData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The data of a training run from its files: read the training CSV, keep the classes asked for, take the test set
 * (a file, a stratified split, or the rest after a per-class sample), drop columns constant on the training rows,
 * choose and fit the min-max scaling on the training rows, and encode the labels (or scale a regression's targets).
 */
public final class DataPreparation {
  private final CsvDatasetReader reader = new CsvDatasetReader();

  /** How the features are scaled to [0,1]: one range per feature, one for all (images), or chosen from the data. */
  public enum Scaling {
    AUTO, PER_FEATURE, GLOBAL;

    /** auto, per-feature or global (any case). */
    public static Scaling parse(String text) {
      return switch (text.toLowerCase(Locale.ROOT)) {
        case "auto" -> AUTO;
        case "per-feature" -> PER_FEATURE;
        case "global" -> GLOBAL;
        default -> throw new IllegalArgumentException("--scaling '" + text + "' is not a scaling: use auto,"
            + " per-feature or global");
      };
    }

    /** The command-line spelling. */
    public String key() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** The scaling a run uses ({@code global} or not) and why. */
  public record ScalingChoice(boolean global, String reason) {
    /** "global" or "per-feature". */
    public String name() {
      return global ? "global" : "per-feature";
    }
  }

  /**
   * What to read and how to split it.
   *
   * @param data the training CSV
   * @param labelColumn the name of its label column
   * @param test a separate test CSV, or null
   * @param testSplit the fraction of each class of {@code data} held out for testing, or null
   * @param trainPerClass train on this many rows of each class of {@code data} and test on the rest, or null
   * @param keepClasses the classes to keep (others dropped from both sets), or null for all
   * @param scaling the scaling asked for
   * @param images the features are images (an input shape is given): global scaling, no column dropped
   * @param regression the label is a real target, not a class
   * @param anchors a CSV of rows the network must predict as their label, or null
   * @param seed the seed of the split and of the per-class draw
   */
  public record Settings(Path data, String labelColumn, Path test, Double testSplit, Integer trainPerClass,
      List<Double> keepClasses, Scaling scaling, boolean images, boolean regression, Path anchors, long seed) {}

  /**
   * A selection of rows the data cannot give (a class to keep that is absent, more rows per class than a class has);
   * the message says why, {@link #setting()} which setting asked for it.
   */
  public static final class SelectionException extends IllegalArgumentException {
    private final String setting;

    SelectionException(String setting, IllegalArgumentException cause) {
      super(cause.getMessage(), cause);
      this.setting = setting;
    }

    /** "classes", "trainPerClass" or "testSplit". */
    public String setting() {
      return setting;
    }
  }

  /** Reads and prepares the data as the settings ask. */
  public PreparedData prepare(Settings s) {
    Dataset all = reader.read(s.data(), s.labelColumn());
    if (s.keepClasses() != null) {
      all = keep(all, s.keepClasses());
    }
    Dataset trainRaw = all;
    Dataset testRaw = null;
    String testSource = null;
    if (s.test() != null) {
      testRaw = StratifiedSplit.alignColumns(reader.read(s.test(), s.labelColumn()), all);
      if (s.keepClasses() != null) {
        testRaw = keep(testRaw, s.keepClasses());
      }
      testSource = s.test().toString();
    } else if (s.trainPerClass() != null) {
      TrainTestSplit split;
      try {
        split = StratifiedSplit.perClass(all, s.trainPerClass(), s.seed());
      } catch (IllegalArgumentException e) {
        throw new SelectionException("trainPerClass", e);
      }
      trainRaw = split.train();
      testRaw = split.test();
      testSource = "the rest of " + s.data() + " after " + s.trainPerClass() + " per class for training (seed "
          + s.seed() + ")";
    } else if (s.testSplit() != null) {
      TrainTestSplit split = s.regression() ? StratifiedSplit.random(all, s.testSplit(), s.seed())
          : StratifiedSplit.split(all, s.testSplit(), s.seed());
      if (split.test().numSamples() == 0 || split.train().numSamples() == 0) {
        // A split that rounds to nothing would silently report no test accuracy (or train on nothing).
        throw new SelectionException("testSplit", new IllegalArgumentException("--test-split " + s.testSplit()
            + " of the " + all.numSamples() + " rows of " + s.data() + " leaves "
            + (split.test().numSamples() == 0 ? "no test row" : "no training row") + " (each class is split on its"
            + " own and rounded): give a fraction nearer 0.5, or --test FILE.csv"));
      }
      trainRaw = split.train();
      testRaw = split.test();
      testSource = "split " + fmt(s.testSplit()) + " of " + s.data() + " (seed " + s.seed() + ")";
    }
    Dataset anchorRaw = s.anchors() == null ? null
        : StratifiedSplit.alignColumns(reader.read(s.anchors(), s.labelColumn()), trainRaw);
    Dataset trainRows = trainRaw;
    Dataset testRows = testRaw;
    List<String> dropped = List.of();
    // A column constant on every training row tells the network nothing (a weight on it only moves the bias, and on
    // other data it would act untrained): flat data drop it; images keep their shape.
    int[] constant = s.images() ? new int[0] : MinMaxScaler.constantColumns(trainRaw);
    if (constant.length > 0 && constant.length < trainRaw.numFeatures()) {
      dropped = droppedNames(trainRaw, constant);
      trainRaw = trainRaw.withoutColumns(constant);
      testRaw = testRaw == null ? null : testRaw.withoutColumns(constant);
      anchorRaw = anchorRaw == null ? null : anchorRaw.withoutColumns(constant);
    }
    ScalingChoice scaling = chooseScaling(trainRaw, s.scaling(), s.images());
    MinMaxScaler scaler = (scaling.global() ? MinMaxScaler.fitGlobal(trainRaw) : MinMaxScaler.fit(trainRaw))
        .withClip(true);
    String anchorSource = s.anchors() == null ? null : s.anchors().toString();
    double[][] testX = testRaw == null ? new double[0][] : scaler.transform(testRaw).features();
    if (s.regression()) {
      double lo = Arrays.stream(trainRaw.labels()).min().orElse(0.0);
      double hi = Arrays.stream(trainRaw.labels()).max().orElse(0.0);
      double range = hi - lo == 0.0 ? 1.0 : hi - lo;
      Function<Dataset, double[]> scaled = d -> Arrays.stream(d.labels()).map(v -> (v - lo) / range).toArray();
      TrainingData train = TrainingData.regression(scaler.transform(trainRaw).features(), scaled.apply(trainRaw),
          trainRaw.featureNames(), scaler, new double[] {lo, hi});
      return new PreparedData(train, testX, new int[0], testRaw == null ? new double[0] : scaled.apply(testRaw),
          testSource, anchorSource, scaling, dropped, trainRows, testRows);
    }
    ClassLabels classes = ClassLabels.of(trainRaw);
    TrainingData train = new TrainingData(scaler.transform(trainRaw).features(), classes.encode(trainRaw),
        classes.numClasses(), trainRaw.featureNames(), scaler, classes.values());
    if (anchorRaw != null) {
      train = train.withAnchors(scaler.transform(anchorRaw).features(), classes.encode(anchorRaw));
    }
    int[] testY = testRaw == null ? new int[0] : classes.encode(testRaw);
    return new PreparedData(train, testX, testY, new double[0], testSource, anchorSource, scaling, dropped,
        trainRows, testRows);
  }

  /**
   * Global or per-feature scaling for these training rows: auto is global for images and for columns that share one
   * range (as pixels do, {@link MinMaxScaler#sharedScale}), per feature otherwise.
   */
  public static ScalingChoice chooseScaling(Dataset train, Scaling requested, boolean images) {
    if (requested == Scaling.AUTO) {
      boolean shared = MinMaxScaler.sharedScale(train);
      return new ScalingChoice(images || shared, images ? "auto: the features are images (--input-shape)"
          : shared ? "auto: the columns share one range, as pixels do" : "auto: the columns have ranges of their own");
    }
    return new ScalingChoice(requested == Scaling.GLOBAL, "--scaling " + requested.key());
  }

  /**
   * The names of the feature columns constant on these rows, which preparation drops from flat data (none when every
   * column is constant: then there would be nothing left to learn from, and the data stay as they are).
   */
  public static List<String> constantFeatures(Dataset train) {
    int[] constant = MinMaxScaler.constantColumns(train);
    return constant.length < train.numFeatures() ? droppedNames(train, constant) : List.of();
  }

  private static List<String> droppedNames(Dataset d, int[] columns) {
    List<String> names = new ArrayList<>();
    for (int c : columns) {
      names.add(d.featureNames().get(c));
    }
    return List.copyOf(names);
  }

  private static Dataset keep(Dataset d, List<Double> classes) {
    try {
      return StratifiedSplit.keepClasses(d, classes.stream().map(v -> v + 0.0).toList());
    } catch (IllegalArgumentException e) {
      throw new SelectionException("classes", e);
    }
  }

  /** As the command line prints numbers: whole numbers without a fraction, others to six significant digits. */
  private static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e12) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.6g", v);
  }
}
