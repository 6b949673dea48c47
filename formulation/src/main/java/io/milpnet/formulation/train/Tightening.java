package io.milpnet.formulation.train;

import io.milpnet.formulation.verify.BoundMethod;

/**
 * How the training MILP is tightened beyond its plain big-M rows.
 *
 * @param lipschitzNeighbours cross-sample Lipschitz cuts ({@link LipschitzCuts}) to this many nearest samples of other
 *     classes (other targets) per sample; 0 adds none. Only pairs whose cuts can raise the loss bound get rows.
 * @param reluPartitions 0: the ReLUs' big-M (or indicator) rows alone; N >= 1: the partition-based formulation with
 *     N groups of terms per unit (Tsay et al. 2021), on top of the big-M rows
 * @param tightMaxPool max pooling with per-candidate constants and {@code y <= sum U_k d_k} (Anderson et al. 2020)
 *     instead of one big-M constant per candidate
 * @param bounds pre-activation bounds: {@link BoundMethod#INTERVAL} or {@link BoundMethod#LP} (OBBT, needs an LP
 *     solver when the problem is built)
 * @param lpBoundSeconds time budget of all bound-tightening LPs
 * @param lpThreads bound-tightening LPs solved at once (1 for an LP backend that does not allow concurrent solves)
 * @param structureCuts with the Lipschitz cuts' pairs, also the structure-aware rows that price telling two samples
 *     apart in nonzero output weights ({@link LipschitzCuts#add(io.milpnet.core.model.Model, TrainingData,
 *     java.util.List, double, int, boolean)}), where weights or units carry a penalty
 */
public record Tightening(int lipschitzNeighbours, int reluPartitions, boolean tightMaxPool, BoundMethod bounds,
    double lpBoundSeconds, int lpThreads, boolean structureCuts) {
  /** Nearest other-class samples per sample that get Lipschitz cuts by default. */
  public static final int DEFAULT_NEIGHBOURS = 8;

  public Tightening {
    if (lipschitzNeighbours < 0) {
      throw new IllegalArgumentException("--lipschitz-cuts must be >= 0 (0: none), got " + lipschitzNeighbours);
    }
    if (reluPartitions < 0) {
      throw new IllegalArgumentException("the number of ReLU partitions must be >= 1, got " + reluPartitions);
    }
    if (bounds == BoundMethod.SYMBOLIC) {
      throw new IllegalArgumentException("--bounds symbolic is for fixed networks (verify); training takes interval"
          + " or lp");
    }
    lpThreads = Math.max(1, lpThreads);
    if (!(lpBoundSeconds >= 0)) {
      throw new IllegalArgumentException("the LP bound budget must be >= 0 seconds, got " + lpBoundSeconds);
    }
  }

  public Tightening(int lipschitzNeighbours, int reluPartitions, boolean tightMaxPool, BoundMethod bounds,
      double lpBoundSeconds, int lpThreads) {
    this(lipschitzNeighbours, reluPartitions, tightMaxPool, bounds, lpBoundSeconds, lpThreads, true);
  }

  public static Tightening defaults() {
    return new Tightening(DEFAULT_NEIGHBOURS, 0, false, BoundMethod.INTERVAL, 60,
        Runtime.getRuntime().availableProcessors());
  }

  public Tightening withStructureCuts(boolean v) {
    return new Tightening(lipschitzNeighbours, reluPartitions, tightMaxPool, bounds, lpBoundSeconds, lpThreads, v);
  }

  public Tightening withLipschitzNeighbours(int v) {
    return new Tightening(v, reluPartitions, tightMaxPool, bounds, lpBoundSeconds, lpThreads, structureCuts);
  }

  public Tightening withReluPartitions(int v) {
    return new Tightening(lipschitzNeighbours, v, tightMaxPool, bounds, lpBoundSeconds, lpThreads, structureCuts);
  }

  public Tightening withTightMaxPool(boolean v) {
    return new Tightening(lipschitzNeighbours, reluPartitions, v, bounds, lpBoundSeconds, lpThreads, structureCuts);
  }

  public Tightening withBounds(BoundMethod v, double seconds) {
    return new Tightening(lipschitzNeighbours, reluPartitions, tightMaxPool, v, seconds, lpThreads, structureCuts);
  }
}
