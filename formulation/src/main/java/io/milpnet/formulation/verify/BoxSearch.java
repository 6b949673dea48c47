package io.milpnet.formulation.verify;

import io.milpnet.core.solver.SolveOptions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The depth-first search over the boxes of one disjunct, shared by its workers ({@code --threads}): each takes the
 * most recently split box, so one worker searches depth first and several work on neighbouring boxes. The first
 * worker to find a counterexample, a box too close to call, or the time limit ends the search for all.
 */
final class BoxSearch {
  private final String label;
  private final Prover prover;
  private final Consumer<String> progress;
  private final double[] lo;
  private final double[] hi;
  private final SolveOptions options;
  private final double total;
  private final double leafLimit;
  private final long start;
  private final Deque<double[][]> open = new ArrayDeque<>();
  private int busy;
  private long lastReport = System.nanoTime();
  private int provenSoFar;
  private int milpSoFar;
  volatile Ending ending;

  BoxSearch(String label, Prover prover, Consumer<String> progress, double[] lo, double[] hi, SolveOptions options,
      double total, double leafLimit, long start) {
    this.label = label;
    this.prover = prover;
    this.progress = progress;
    this.lo = lo;
    this.hi = hi;
    this.options = options;
    this.total = total;
    this.leafLimit = leafLimit;
    this.start = start;
    open.push(new double[][] {lo, hi});
  }

  synchronized void stop(Ending e) {
    if (ending == null) {
      ending = e == null ? new Ending(Verdict.UNKNOWN, "interrupted", null) : e;
    }
    notifyAll();
  }

  /** The next box, or null when the search is over (all proven, or ended). */
  private synchronized double[][] take() {
    while (ending == null) {
      double remaining = total - Verifier.since(start);
      if (remaining <= 0 || interrupted(options)) {
        stop(new Ending(Verdict.UNKNOWN, (remaining <= 0 ? "time limit" : "interrupted") + ": " + (open.size()
            + busy) + " of the boxes split from the input region are still open (" + provenSoFar + " proven)",
            null));
        return null;
      }
      if (!open.isEmpty()) {
        busy++;
        return open.pop();
      }
      if (busy == 0) {
        return null;
      }
      try {
        wait(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop(null);
      }
    }
    return null;
  }

  private synchronized void done(double[][][] halves, boolean upperFirst, boolean proven, int milpSolves) {
    busy--;
    provenSoFar += proven ? 1 : 0;
    milpSoFar += milpSolves;
    if (halves != null) {
      open.push(halves[upperFirst ? 0 : 1]);
      open.push(halves[upperFirst ? 1 : 0]);
    }
    if (Verifier.since(lastReport) >= Verifier.PROGRESS_EVERY) {
      lastReport = System.nanoTime();
      progress.accept(String.format(Locale.ROOT, "%s: %d boxes proven, %d open, %d MILP solves, %.0f s", label,
          provenSoFar, open.size() + busy, milpSoFar, Verifier.since(start)));
    }
    notifyAll();
  }

  void work(SearchStats stats) {
    double[][] box;
    while ((box = take()) != null) {
      int milpBefore = stats.milpSolves;
      double remaining = total - Verifier.since(start);
      Leaf leaf = prover.prove(box[0], box[1], Math.min(remaining, leafLimit), stats);
      double[][][] halves = null;
      if (leaf.verdict() == Verdict.VIOLATED) {
        stop(new Ending(Verdict.VIOLATED, leaf.reason(), leaf));
      } else if (leaf.verdict() == Verdict.HOLDS) {
        stats.proven++;
      } else if (leaf.tooCloseToCall()) {
        stop(new Ending(Verdict.UNKNOWN, leaf.reason(), leaf));
      } else {
        halves = BoxSplit.split(box, lo, hi, leaf.splitInput());
        if (halves == null) {
          stop(new Ending(Verdict.UNKNOWN, leaf.reason() + "; the box cannot be split further", leaf));
        } else {
          stats.splits++;
        }
      }
      done(halves, leaf.upperFirst(), leaf.verdict() == Verdict.HOLDS, stats.milpSolves - milpBefore);
    }
  }

  private static boolean interrupted(SolveOptions options) {
    return options.interrupt() != null && options.interrupt().isInterrupted();
  }

  /** What the search asks of each box. */
  interface Prover {
    /** Proves the box {@code [lo, hi]}, finds a re-checked counterexample in it, or says where to split it. */
    Leaf prove(double[] lo, double[] hi, double seconds, SearchStats stats);
  }

  /** Why a disjunct's search ended before every box was proven. */
  record Ending(Verdict verdict, String reason, Leaf leaf) {}
}
