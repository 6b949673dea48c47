package io.milpnet.core.solver;

import io.milpnet.core.model.Model;

/**
 * Records every solve of a model with integer variables into a {@link SolveTrace}: the backend's progress reports
 * during the solve (through {@link SolveOptions#trace()}) and its final answer. Linear programs (bound tightening,
 * polish) are solved untraced.
 */
public final class TracingBackend extends ForwardingSolverBackend {
  private final SolveTrace trace;

  public TracingBackend(SolverBackend inner, SolveTrace trace) {
    super(inner);
    this.trace = java.util.Objects.requireNonNull(trace, "trace");
  }

  @Override
  public Solution solve(Model model, SolveOptions options) {
    if (!model.hasIntegerVars()) {
      return inner().solve(model, options);
    }
    SolveTrace.Recorder recorder = trace.begin(model.name(), model.sense() == io.milpnet.core.model.Sense.MINIMIZE);
    Solution solution = inner().solve(model, options.withTrace(recorder));
    recorder.finish(solution);
    return solution;
  }
}
