package io.milpnet.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milpnet.core.solver.SolveTrace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A run's {@link SolveTrace} in {@code summary.json}: {@code trace.solves}, one entry per MILP solve (the longest
 * {@value #MAX_SOLVES} when there were more, in the order they began), each with its model's name, its start in seconds
 * since the run's first solve began, its sense, whether the solver reported during the solve ({@code live}), and
 * {@code points} {@code [seconds, incumbent, bound]} (null where unknown): every report of the solver, a point every
 * {@value #SAMPLE_SECONDS} s in between carrying the last values, and the solver's final answer last.
 */
final class TraceJson {
  static final int MAX_SOLVES = 20;
  static final double SAMPLE_SECONDS = 2;

  private TraceJson() {}

  static ObjectNode of(SolveTrace trace) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    List<SolveTrace.Segment> all = trace.segments();
    List<SolveTrace.Segment> kept = new ArrayList<>(all);
    if (kept.size() > MAX_SOLVES) {
      kept.sort(Comparator.comparingDouble(TraceJson::duration).reversed());
      kept = new ArrayList<>(kept.subList(0, MAX_SOLVES));
      kept.sort(Comparator.comparingDouble(SolveTrace.Segment::startSeconds));
    }
    root.put("sampleSeconds", SAMPLE_SECONDS);
    root.put("solvesTraced", all.size());
    root.put("solvesOmitted", all.size() - kept.size());
    ArrayNode solves = root.putArray("solves");
    for (SolveTrace.Segment s : kept) {
      ObjectNode n = solves.addObject();
      n.put("model", s.model());
      n.put("start", round(s.startSeconds()));
      n.put("sense", s.minimize() ? "minimize" : "maximize");
      n.put("live", s.live());
      ArrayNode points = n.putArray("points");
      for (SolveTrace.Point p : s.sampled(SAMPLE_SECONDS)) {
        ArrayNode a = points.addArray();
        a.add(round(p.seconds()));
        number(a, p.incumbent());
        number(a, p.bound());
      }
    }
    return root;
  }

  private static double duration(SolveTrace.Segment s) {
    return s.points().isEmpty() ? 0 : s.points().get(s.points().size() - 1).seconds();
  }

  private static double round(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }

  private static void number(ArrayNode a, double v) {
    if (Double.isFinite(v)) {
      a.add(v);
    } else {
      a.addNull();
    }
  }
}
