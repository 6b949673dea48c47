package io.milpnet.core.solver;

import java.util.ArrayList;
import java.util.List;

/**
 * The incumbents and bounds of the solves of one run, one {@link Segment} per solve of a model with integer variables,
 * in the order the solves began. Safe to record from several threads (the hybrid strategy solves on two).
 */
public final class SolveTrace {
  /** One point of a solve: seconds since the solve began, incumbent and bound (NaN when unknown). */
  public record Point(double seconds, double incumbent, double bound) {}

  /**
   * One solve: the model's name, its start in seconds since the trace began, whether it minimises, its points, and
   * whether the points came from the solver during the solve ({@code live}) or only from its final answer.
   */
  public record Segment(String model, double startSeconds, boolean minimize, List<Point> points, boolean live) {
    /**
     * The points with a point added every {@code every} seconds where none was reported for that long (the last
     * values carried forward: between two reports the incumbent and the bound did not change), so that a curve is
     * drawn at least that often.
     */
    public List<Point> sampled(double every) {
      List<Point> out = new ArrayList<>();
      Point last = null;
      for (Point p : points) {
        if (last != null) {
          for (double t = last.seconds() + every; t < p.seconds() - 1e-9; t += every) {
            out.add(new Point(t, last.incumbent(), last.bound()));
          }
        }
        out.add(p);
        last = p;
      }
      return out;
    }
  }

  private final long startNanos = System.nanoTime();
  private final List<Segment> segments = new ArrayList<>();

  /** Starts a segment; the returned recorder takes its points and {@link Recorder#finish} closes it. */
  public Recorder begin(String model, boolean minimize) {
    return new Recorder(model, minimize, (System.nanoTime() - startNanos) / 1e9);
  }

  public synchronized List<Segment> segments() {
    return List.copyOf(segments);
  }

  private synchronized void add(Segment s) {
    segments.add(s);
  }

  /** The points of one solve, as a {@link TraceListener} for the backend. */
  public final class Recorder implements TraceListener {
    private final String model;
    private final boolean minimize;
    private final double start;
    private final List<Point> points = new ArrayList<>();

    private Recorder(String model, boolean minimize, double start) {
      this.model = model;
      this.minimize = minimize;
      this.start = start;
    }

    @Override
    public synchronized void point(double seconds, double incumbent, double bound) {
      points.add(new Point(seconds, incumbent, bound));
    }

    /**
     * Closes the solve with its final answer as the last point (the solver's own report at its end, so the trace ends
     * where the solution's objective and bound are), unless there is neither an incumbent nor a bound.
     */
    public synchronized void finish(Solution solution) {
      boolean live = !points.isEmpty();
      double end = solution.seconds();
      for (Point p : points) {
        end = Math.max(end, p.seconds());
      }
      if (!Double.isNaN(solution.objective()) || !Double.isNaN(solution.bestBound())) {
        points.add(new Point(end, solution.objective(), solution.bestBound()));
      }
      if (!points.isEmpty()) {
        add(new Segment(model, start, minimize, List.copyOf(points), live));
      }
    }
  }
}
