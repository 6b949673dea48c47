package io.milpnet.core.solver;

/**
 * How to solve. {@code timeLimitSeconds} may be infinite; {@code relativeGap} is handed to the solver as its own
 * relative-gap stopping rule; {@code startValues} (nullable) has one entry per model variable, NaN where unset;
 * {@code interrupt} (nullable) lets another thread stop the solve; {@code trace} (nullable) receives the incumbent and
 * the bound over time from backends that can tell them ({@link TraceListener}); {@code bestBoundSearch} asks a branch
 * and bound to expand the open node of the lowest bound next instead of diving (a search that moves the proven bound,
 * at the price of more LP work per node; backends without a choice of node order ignore it); {@code memoryLimitMb}
 * (may be infinite) stops a solve whose solver-side memory reaches that many megabytes, which then returns its
 * incumbent and bound as a time limit would (backends with {@link Capabilities#memoryLimit()}; the command line refuses
 * a memory limit for the others, and a backend without one ignores it); {@code solverParameters} (never null, in the
 * order given) are the solver's own parameters by its own names, applied after milpnet's so that they override them
 * (backends with {@link Capabilities#solverParameters()}, which check them in {@link SolverBackend#checkParameters};
 * the command line refuses them for the others, and a backend without them ignores them).
 */
public record SolveOptions(
    double timeLimitSeconds,
    double relativeGap,
    int threads,
    int seed,
    double[] startValues,
    boolean log,
    InterruptSignal interrupt,
    TraceListener trace,
    boolean bestBoundSearch,
    double memoryLimitMb,
    java.util.Map<String, String> solverParameters) {

  public static final double DEFAULT_RELATIVE_GAP = 1e-4;

  public SolveOptions {
    if (Double.isNaN(timeLimitSeconds) || timeLimitSeconds <= 0) {
      throw new IllegalArgumentException("time limit must be > 0 seconds, got " + timeLimitSeconds);
    }
    if (Double.isNaN(relativeGap) || relativeGap < 0 || relativeGap >= 1) {
      throw new IllegalArgumentException("relative gap must be in [0, 1), got " + relativeGap);
    }
    if (Double.isNaN(memoryLimitMb) || memoryLimitMb <= 0) {
      throw new IllegalArgumentException("memory limit must be > 0 MB, got " + memoryLimitMb);
    }
    solverParameters = solverParameters == null ? java.util.Map.of()
        : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(solverParameters));
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
  }

  public static SolveOptions defaults() {
    return new SolveOptions(Double.POSITIVE_INFINITY, DEFAULT_RELATIVE_GAP, 1, 0, null, false, null, null, false,
        Double.POSITIVE_INFINITY, java.util.Map.of());
  }

  public SolveOptions withTimeLimit(double seconds) {
    return new SolveOptions(seconds, relativeGap, threads, seed, startValues, log, interrupt, trace, bestBoundSearch,
        memoryLimitMb, solverParameters);
  }

  public SolveOptions withRelativeGap(double gap) {
    return new SolveOptions(timeLimitSeconds, gap, threads, seed, startValues, log, interrupt, trace, bestBoundSearch,
        memoryLimitMb, solverParameters);
  }

  public SolveOptions withThreads(int n) {
    return new SolveOptions(timeLimitSeconds, relativeGap, n, seed, startValues,
        log, interrupt, trace, bestBoundSearch, memoryLimitMb, solverParameters);
  }

  public SolveOptions withSeed(int s) {
    return new SolveOptions(timeLimitSeconds, relativeGap, threads, s, startValues,
        log, interrupt, trace, bestBoundSearch, memoryLimitMb, solverParameters);
  }

  public SolveOptions withStartValues(double[] values) {
    return new SolveOptions(timeLimitSeconds, relativeGap, threads, seed, values,
        log, interrupt, trace, bestBoundSearch, memoryLimitMb, solverParameters);
  }

  public SolveOptions withLog(boolean on) {
    return new SolveOptions(timeLimitSeconds, relativeGap, threads, seed, startValues,
        on, interrupt, trace, bestBoundSearch, memoryLimitMb, solverParameters);
  }

  public SolveOptions withInterrupt(InterruptSignal signal) {
    return new SolveOptions(timeLimitSeconds, relativeGap, threads, seed, startValues,
        log, signal, trace, bestBoundSearch, memoryLimitMb, solverParameters);
  }

  public SolveOptions withTrace(TraceListener listener) {
    return new SolveOptions(timeLimitSeconds, relativeGap, threads, seed, startValues,
        log, interrupt, listener, bestBoundSearch, memoryLimitMb, solverParameters);
  }

  public SolveOptions withBestBoundSearch(boolean on) {
    return new SolveOptions(timeLimitSeconds, relativeGap, threads, seed, startValues, log, interrupt, trace, on,
        memoryLimitMb, solverParameters);
  }

  public SolveOptions withMemoryLimit(double megabytes) {
    return new SolveOptions(timeLimitSeconds, relativeGap, threads, seed, startValues, log, interrupt, trace,
        bestBoundSearch, megabytes, solverParameters);
  }

  public SolveOptions withSolverParameters(java.util.Map<String, String> parameters) {
    return new SolveOptions(timeLimitSeconds, relativeGap, threads, seed, startValues, log, interrupt, trace,
        bestBoundSearch, memoryLimitMb, parameters);
  }

  public boolean hasMemoryLimit() {
    return Double.isFinite(memoryLimitMb);
  }

  public boolean hasTimeLimit() {
    return Double.isFinite(timeLimitSeconds);
  }
}
