package io.milpnet.formulation.train;

import io.milpnet.formulation.data.MinMaxScaler;
import io.milpnet.formulation.network.OutputKind;
import java.util.List;
import java.util.Objects;

/**
 * The training set as the MILP sees it: scaled inputs {@code x[i]}, class indices {@code y[i]} in {@code 0..K-1},
 * plus what a decoded network needs to be usable on raw data (feature names, the scaler, the class label values),
 * and anchors: scaled points {@code anchorX[a]} that the network must predict as class {@code anchorY[a]} (a domain
 * constraint, not training data: they carry no loss). For regression, {@code targets[i]} (scaled to [0, 1] by
 * {@code targetRange}) replace the classes: {@code numClasses} is 1 and {@code y} is unused.
 */
public record TrainingData(
    double[][] x, int[] y, int numClasses, List<String> featureNames, MinMaxScaler scaler, int[] classLabels,
    double[][] anchorX, int[] anchorY, double[] targets, double[] targetRange) {

  public TrainingData(
      double[][] x, int[] y, int numClasses, List<String> featureNames, MinMaxScaler scaler, int[] classLabels) {
    this(x, y, numClasses, featureNames, scaler, classLabels, new double[0][], new int[0], null, null);
  }

  /**
   * Regression data: scaled inputs and targets min-max scaled to [0, 1] by the training targets' {@code range}
   * ({min, max}).
   */
  public static TrainingData regression(double[][] x, double[] scaledTargets, List<String> featureNames,
      MinMaxScaler scaler, double[] range) {
    return new TrainingData(x, new int[x.length], 1, featureNames, scaler, new int[0], new double[0][], new int[0],
        scaledTargets, range);
  }

  public boolean regression() {
    return targets != null;
  }

  public TrainingData {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    featureNames = List.copyOf(featureNames);
    Objects.requireNonNull(scaler, "scaler");
    Objects.requireNonNull(classLabels, "classLabels");
    if (x.length != y.length) {
      throw new IllegalArgumentException(x.length + " samples but " + y.length + " labels");
    }
    if (x.length == 0) {
      throw new IllegalArgumentException("no training samples");
    }
    if (targets != null) {
      if (targets.length != x.length || targetRange == null || targetRange.length != 2) {
        throw new IllegalArgumentException("regression needs one target per sample and the targets' range");
      }
    } else if (numClasses < 2 || classLabels.length != numClasses) {
      throw new IllegalArgumentException("need >= 2 classes with one label value each");
    }
    for (double[] row : x) {
      if (row.length != featureNames.size()) {
        throw new IllegalArgumentException("sample width " + row.length + " != " + featureNames.size() + " features");
      }
    }
    for (int c : y) {
      if (c < 0 || c >= numClasses) {
        throw new IllegalArgumentException("class index " + c + " outside 0.." + (numClasses - 1));
      }
    }
    Objects.requireNonNull(anchorX, "anchorX");
    Objects.requireNonNull(anchorY, "anchorY");
    if (anchorX.length != anchorY.length) {
      throw new IllegalArgumentException(anchorX.length + " anchors but " + anchorY.length + " anchor classes");
    }
    for (int a = 0; a < anchorX.length; a++) {
      if (anchorX[a].length != featureNames.size() || anchorY[a] < 0 || anchorY[a] >= numClasses) {
        throw new IllegalArgumentException("anchor " + (a + 1) + " has " + anchorX[a].length + " values and class "
            + anchorY[a] + "; need " + featureNames.size() + " values and a class in 0.." + (numClasses - 1));
      }
    }
  }

  /** The same data with these anchors (scaled points and the class index each must be predicted as). */
  public TrainingData withAnchors(double[][] points, int[] classes) {
    if (regression() && points.length > 0) {
      throw new IllegalArgumentException("anchors are class constraints: a regression has no classes");
    }
    return new TrainingData(x, y, numClasses, featureNames, scaler, classLabels, points, classes, targets,
        targetRange);
  }

  /** Rows fitted and rows held out for validation. */
  public record Split(TrainingData fit, TrainingData validation) {}

  /**
   * Holds out {@code round(fraction * n_c)} samples of every class c (regression: of all samples), seeded, keeping at
   * least one sample of each class for fitting; anchors stay with the fitted rows. It is the first of {@link #folds}.
   */
  public Split holdOut(double fraction, long seed) {
    int[] fold = foldOf(fraction, seed);
    return split(fold, 0);
  }

  /**
   * A seeded, stratified partition of the rows into {@code k = floor(1 / fraction)} (at most 10) validation folds,
   * each with the rest as its fitted rows: fold 0 is {@link #holdOut}{@code (fraction, seed)}, folds 1..k-2 hold as
   * many rows of each class, the last fold the class's remaining rows. A class too small to give a row to a fold
   * ({@code round(fraction * n_c) = 0}) stays in every fold's fitted rows. One split when k is 1.
   */
  public List<Split> folds(double fraction, long seed) {
    int[] fold = foldOf(fraction, seed);
    int k = foldCount(fraction);
    List<Split> splits = new java.util.ArrayList<>();
    for (int f = 0; f < k; f++) {
      splits.add(split(fold, f));
    }
    return splits;
  }

  /** The number of {@link #folds} for a hold-out {@code fraction}: floor(1 / fraction), from 1 to 10. */
  public static int foldCount(double fraction) {
    return Math.max(1, Math.min(10, (int) Math.floor(1.0 / fraction + 1e-9)));
  }

  private Split split(int[] fold, int f) {
    boolean[] held = new boolean[fold.length];
    for (int i = 0; i < fold.length; i++) {
      held[i] = fold[i] == f;
    }
    return new Split(rowsWhere(held, false, true), rowsWhere(held, true, false));
  }

  /** Each row's validation fold (-1: never held out). */
  private int[] foldOf(double fraction, long seed) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("--validation must be a fraction strictly between 0 and 1, got " + fraction);
    }
    int k = foldCount(fraction);
    java.util.Random random = new java.util.Random(seed * 31 + 17);
    int[] fold = new int[x.length];
    java.util.Arrays.fill(fold, -1);
    int groups = regression() ? 1 : numClasses;
    for (int c = 0; c < groups; c++) {
      List<Integer> members = new java.util.ArrayList<>();
      for (int i = 0; i < x.length; i++) {
        if (regression() || y[i] == c) {
          members.add(i);
        }
      }
      java.util.Collections.shuffle(members, random);
      int take = Math.min(members.size() - 1, (int) Math.round(fraction * members.size()));
      if (take <= 0) {
        continue;
      }
      for (int r = 0; r < members.size(); r++) {
        int f = r / take;
        if (f < k) {
          fold[members.get(r)] = f;
        } else if (k > 1) {
          fold[members.get(r)] = k - 1;
        }
      }
    }
    return fold;
  }

  private TrainingData rowsWhere(boolean[] held, boolean value, boolean withAnchors) {
    List<Integer> rows = new java.util.ArrayList<>();
    for (int i = 0; i < held.length; i++) {
      if (held[i] == value) {
        rows.add(i);
      }
    }
    double[][] sx = new double[rows.size()][];
    int[] sy = new int[rows.size()];
    double[] st = targets == null ? null : new double[rows.size()];
    for (int k = 0; k < sx.length; k++) {
      sx[k] = x[rows.get(k)];
      sy[k] = y[rows.get(k)];
      if (st != null) {
        st[k] = targets[rows.get(k)];
      }
    }
    return new TrainingData(sx, sy, numClasses, featureNames, scaler, classLabels,
        withAnchors ? anchorX : new double[0][], withAnchors ? anchorY : new int[0], st, targetRange);
  }

  public int anchors() {
    return anchorX.length;
  }

  /** Training samples, then anchors: every row the network is encoded on. */
  double[][] rows() {
    double[][] all = java.util.Arrays.copyOf(x, x.length + anchorX.length);
    System.arraycopy(anchorX, 0, all, x.length, anchorX.length);
    return all;
  }

  public int samples() {
    return x.length;
  }

  public int features() {
    return featureNames.size();
  }

  /** Two classes share one score output; more classes get one output each. */
  public OutputKind outputKind() {
    if (regression()) {
      return OutputKind.REGRESSION;
    }
    return numClasses == 2 ? OutputKind.BINARY_SCORE : OutputKind.ARGMAX;
  }

  public int outputs() {
    return numClasses <= 2 ? 1 : numClasses;
  }
}
