package io.milpnet.backend.ojalgo;

import io.milpnet.core.model.Model;
import io.milpnet.core.model.Sense;
import io.milpnet.core.solver.Availability;
import io.milpnet.core.solver.Capabilities;
import io.milpnet.core.solver.Capabilities.Feature;
import io.milpnet.core.solver.InterruptSignal;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolutionCheck;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.core.solver.UnsupportedModelException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ojalgo.OjAlgoUtils;
import org.ojalgo.netio.BasicLogger;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.integer.IntegerSolver;
import org.ojalgo.optimisation.integer.IntegerStrategy;
import org.ojalgo.optimisation.linear.LinearSolver;
import org.ojalgo.type.context.NumberContext;

/**
 * ojAlgo's {@link ExpressionsBasedModel} (pure Java, no native code). What ojAlgo 55 does, as measured on this
 * machine, and what this class does about it:
 *
 * <ul>
 *   <li>No indicator constraints: declared absent, so {@code BridgingSolver} rewrites them into big-M rows; a model
 *       with indicators that reaches this class directly is refused with {@link UnsupportedModelException}.
 *   <li>Range rows are native (one expression with a lower and an upper limit).
 *   <li>Time limit: {@code options.time_abort} and {@code time_suffice} (the latter applies once an incumbent
 *       exists) alone do not stop ojAlgo: its integer solver checks them only between nodes taken from its queue, and
 *       each node LP starts a fresh clock, so the first dive from the root ran 3 s past a 1 s limit (300 binaries,
 *       40 knapsack rows). The solve therefore runs on a daemon thread; at the limit this class zeroes both fields,
 *       which stops every node LP at its next iteration, and ojAlgo returns its incumbent (measured 20-60 ms after
 *       the limit on knapsack MILPs of 60 to 1,000 binaries). Presolve, the simplex set-up and root cut generation
 *       check no limit: on models of about 400,000 nonzeros they can still run on; whatever has not returned by
 *       limit + grace ({@link #graceSeconds}) is abandoned with NO_SOLUTION.
 *   <li>ojAlgo's branch and bound treats a node LP that stopped without proving optimality (for example cut short by
 *       the time limit) like an infeasible node; when that happens to the last open node, ojAlgo ends "normally" and
 *       reports OPTIMAL (or INFEASIBLE) although the tree was not explored. So a solve that used up its time limit,
 *       or was interrupted, is never reported as proven: OPTIMAL becomes FEASIBLE and INFEASIBLE becomes NO_SOLUTION,
 *       with the reason in the message (for a pure LP too, to keep one rule; an LP cut short measured UNEXPLORED).
 *   <li>No getter for the best bound: {@link Capabilities#bestBound()} is false and {@link Solution#bestBound()} is
 *       NaN, except for an OPTIMAL solution: an LP's objective is its bound; a MILP's bound is the objective widened
 *       by the pruning tolerance ojAlgo was given ({@link #optimalBound}), so its gap shows what was proven.
 *   <li>MIP start: ojAlgo's integer solver takes the model's variable values as its first incumbent when they
 *       validate ({@code IntegerSolver.solve}, "the kickStarter may be user-supplied"); a complete start is handed
 *       over with {@code Variable.setValue}. A partial start (NaN entries) cannot be used and is ignored.
 *   <li>Interrupt: the signal zeroes the same two fields (measured: a hard MILP returned 10-40 ms later, with its
 *       incumbent when it had one), with the same limits on presolve and root processing.
 *   <li>No clean UNBOUNDED: ojAlgo returns infinite values or throws; the backend then proves unboundedness itself
 *       ({@link UnboundednessCertificate}) or reports what it could not prove.
 *   <li>ojAlgo writes a banner and some diagnostics to standard output; {@link OjAlgoConsole} moves them off it. A
 *       solver log, when asked for, goes to standard error.
 *   <li>Every returned point passes core's shared check ({@link SolutionCheck}: bounds, integrality, rows, relative
 *       tolerance 1e-6) after integral variables within 1e-6 of an integer are rounded. A point that fails is an
 *       ERROR, not a solution.
 *   <li>The objective constant is not handed to ojAlgo; the objective is evaluated at the returned point instead.
 *   <li>{@link SolveOptions#threads()} is ojAlgo's branch-and-bound parallelism; ojAlgo has no random seed.
 * </ul>
 */
public final class OjAlgoBackend implements SolverBackend {
  static final String NAME = "ojalgo";
  static final String FALLBACK_VERSION = "55.0.0";
  private static final Capabilities CAPABILITIES = Capabilities.of(Feature.INTEGERS, Feature.RANGE_ROWS,
      Feature.TIME_LIMIT, Feature.START_VALUES, Feature.INTERRUPT);

  private final OjAlgoModelTranslator translator = new OjAlgoModelTranslator();
  private final Optimiser optimiser;

  /** How a translated model is optimised: ojAlgo itself, or in tests a stand-in that ignores every limit. */
  @FunctionalInterface
  interface Optimiser {
    Optimisation.Result optimise(ExpressionsBasedModel model, boolean maximise);
  }

  public OjAlgoBackend() {
    this((model, maximise) -> maximise ? model.maximise() : model.minimise());
  }

  OjAlgoBackend(Optimiser optimiser) {
    this.optimiser = optimiser;
  }

  /** One ojAlgo run: a solution, or the note that ojAlgo met infinite values (an unbounded relaxation, probably). */
  private record Attempt(Solution solution, String infinite) {
    static Attempt of(Solution solution) {
      return new Attempt(solution, null);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String version() {
    OjAlgoConsole.keepStdoutClean();
    // The jar's manifest has Implementation-Version: 55.0.0; a class literal does not run OjAlgoUtils' initialiser.
    String v = OjAlgoUtils.class.getPackage().getImplementationVersion();
    return "ojAlgo " + (v != null && !v.isBlank() ? v : FALLBACK_VERSION);
  }

  @Override
  public Availability availability() {
    return Availability.yes(); // pure Java: present whenever this module is on the class path
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  /**
   * The model as {@link #solve} translates it for ojAlgo, with fresh default options (as {@code solve} starts from),
   * without solving. Public so that benchmarks measure what the backend runs.
   */
  public ExpressionsBasedModel translate(Model model) {
    return translator.translate(model, new Optimisation.Options()).model();
  }

  /** Grace after the time limit before the backend stops waiting: 10% of the limit, at least 2 seconds. */
  static double graceSeconds(double limitSeconds) {
    return Math.max(2.0, 0.1 * limitSeconds);
  }

  @Override
  public Solution solve(Model model, SolveOptions options) {
    long start = System.nanoTime();
    if (model.numIndicators() > 0) {
      throw new UnsupportedModelException(NAME + " has no indicator constraints (model " + model.name() + " has "
          + model.numIndicators() + "): solve through the bridges, which rewrite them into big-M rows");
    }
    Attempt attempt = attempt(model, options, start);
    return attempt.infinite() == null ? attempt.solution() : settleUnbounded(model, options, start, attempt.infinite());
  }

  /**
   * ojAlgo met infinite values: prove unboundedness (an improving ray and a feasible point), or infeasibility, or say
   * what could not be decided. All within the original time limit.
   */
  private Solution settleUnbounded(Model model, SolveOptions options, long start, String infinite) {
    SolveOptions sub = options.withStartValues(null);
    Attempt ray = attempt(UnboundednessCertificate.rayProblem(model), sub, start);
    Solution r = ray.solution();
    if (ray.infinite() != null || r == null || r.status() != SolveStatus.OPTIMAL) {
      boolean outOfTime = r != null && (r.status() == SolveStatus.NO_SOLUTION || r.status() == SolveStatus.FEASIBLE);
      return Solution.withoutValues(outOfTime ? SolveStatus.NO_SOLUTION : SolveStatus.ERROR, seconds(start),
          "ojAlgo " + infinite + ", and the improving-ray check ended "
          + (r == null ? "with infinite values" : r.status() + " " + r.message()));
    }
    boolean improving = model.sense() == Sense.MAXIMIZE ? r.objective() > 1e-9 : r.objective() < -1e-9;
    if (!improving) {
      return Solution.withoutValues(SolveStatus.ERROR, seconds(start),
          "ojAlgo " + infinite + ", yet the model has no improving ray, so its objective is bounded");
    }
    double[] startValues = options.startValues();
    if (startValues != null && SolutionCheck.accepts(model, startValues)) {
      return Solution.withoutValues(SolveStatus.UNBOUNDED, seconds(start),
          "the start point is feasible and the objective improves without bound along a ray");
    }
    Attempt feasible = attempt(UnboundednessCertificate.feasibilityProblem(model), sub, start);
    Solution f = feasible.solution();
    if (f != null && f.hasSolution()) {
      return Solution.withoutValues(SolveStatus.UNBOUNDED, seconds(start),
          "feasible, and the objective improves without bound along a ray");
    }
    if (f != null && f.status() == SolveStatus.INFEASIBLE) {
      return Solution.withoutValues(SolveStatus.INFEASIBLE, seconds(start), f.message());
    }
    return Solution.withoutValues(f != null && f.status() == SolveStatus.NO_SOLUTION ? SolveStatus.NO_SOLUTION
        : SolveStatus.ERROR, seconds(start), "the objective improves without bound along a ray, but whether the model"
        + " is feasible was not settled: " + (f == null ? "ojAlgo met infinite values" : f.status() + " " + f.message()));
  }

  /** Builds, runs and reads one ojAlgo solve; {@code start} and the options' limit define the deadline. */
  private Attempt attempt(Model model, SolveOptions options, long start) {
    String emptyRow = violatedEmptyRow(model);
    if (emptyRow != null) {
      return Attempt.of(Solution.withoutValues(SolveStatus.INFEASIBLE, seconds(start), emptyRow));
    }
    if (model.numVars() == 0) {
      double constant = model.objective().constant();
      return Attempt.of(new Solution(SolveStatus.OPTIMAL, constant, constant, new double[0], seconds(start), -1, ""));
    }
    if (options.hasTimeLimit() && seconds(start) >= options.timeLimitSeconds()) {
      return Attempt.of(Solution.withoutValues(SolveStatus.NO_SOLUTION, seconds(start),
          "the time limit of " + options.timeLimitSeconds() + " s was used up before " + model.name() + " was solved"));
    }
    Optimisation.Options ojOptions = new Optimisation.Options();
    OjAlgoModelTranslator.Translation translation;
    try {
      translation = translator.translate(model, ojOptions);
    } catch (RuntimeException e) {
      return Attempt.of(Solution.withoutValues(SolveStatus.ERROR, seconds(start),
          NAME + " could not build the model: " + e));
    }
    String startNote = applyStart(translation, options.startValues());
    BasicLogger log = configure(ojOptions, options, model.hasIntegerVars(), seconds(start));
    try {
      return run(model, options, translation, ojOptions, start, startNote);
    } finally {
      if (log instanceof BasicLogger.BasicWriter writer) {
        try {
          writer.flush();
        } catch (IOException ignored) {
          // a lost log line is harmless
        }
      }
    }
  }

  private Attempt run(Model model, SolveOptions options, OjAlgoModelTranslator.Translation translation,
      Optimisation.Options ojOptions, long start, String startNote) {
    ExpressionsBasedModel ebm = translation.model();
    boolean maximise = model.sense() == Sense.MAXIMIZE;
    CompletableFuture<Optimisation.Result> future = new CompletableFuture<>();
    Thread worker = new Thread(() -> {
      try {
        future.complete(optimiser.optimise(ebm, maximise));
      } catch (Throwable t) {
        future.completeExceptionally(t);
      }
    }, "milpnet-ojalgo-solve");
    // A daemon: a solve that overruns its limit is abandoned below and must not keep the JVM alive.
    worker.setDaemon(true);

    // Every ojAlgo solver of this solve (the integer solver and each node's simplex) shares this Options object and
    // reads these fields between nodes and iterations: zero stops them all. They are plain fields, not volatile;
    // ojAlgo's loops pass through concurrent collections and calls between reads, so the write is seen in practice
    // (measured: see OjAlgoBackendTest), and the bounded wait below covers the rest.
    Runnable stop = () -> {
      ojOptions.time_abort = 0L;
      ojOptions.time_suffice = 0L;
    };
    InterruptSignal signal = options.interrupt();
    if (signal != null) {
      signal.onInterrupt(stop);
    }
    try {
      worker.start();
      Optimisation.Result result;
      try {
        result = await(future, options, start, stop);
      } catch (TimeoutException e) {
        stop.run();
        // The worker is abandoned (Java cannot kill a thread); with its limits now zero it ends at ojAlgo's next
        // check, and as a daemon it never keeps the process alive.
        return Attempt.of(Solution.withoutValues(SolveStatus.NO_SOLUTION, seconds(start), NAME + " did not stop at"
            + " its time limit of " + options.timeLimitSeconds() + " s nor within " + graceSeconds(
            options.timeLimitSeconds()) + " s after it; the solve was abandoned"));
      } catch (InterruptedException e) {
        stop.run();
        Thread.currentThread().interrupt();
        return Attempt.of(Solution.withoutValues(SolveStatus.NO_SOLUTION, seconds(start),
            "the calling thread was interrupted while " + NAME + " was solving"));
      } catch (ExecutionException e) {
        if (e.getCause() instanceof NumberFormatException nfe) {
          return new Attempt(null, "threw \"" + nfe.getMessage() + "\" (a non-finite value)");
        }
        return Attempt.of(Solution.withoutValues(SolveStatus.ERROR, seconds(start), NAME + " failed: " + e.getCause()));
      }
      boolean interrupted = signal != null && signal.isInterrupted();
      return readSolution(model, result, options, start, interrupted, startNote);
    } finally {
      if (signal != null) {
        signal.remove(stop);
      }
    }
  }

  /**
   * Waits for ojAlgo. At the time limit it raises {@code stop}: ojAlgo checks its own {@code time_abort} only between
   * nodes of the open-node queue, while its first dive from the root runs node after node, each node LP with a fresh
   * clock, and can outlast the limit many times (measured: a 300-binary knapsack still diving 3 s after a 1 s limit).
   * With the limit fields zeroed every node LP stops at once, the dive unwinds and ojAlgo returns its incumbent. What
   * does not return by limit + grace is abandoned (TimeoutException).
   */
  private static Optimisation.Result await(CompletableFuture<Optimisation.Result> future, SolveOptions options,
      long start, Runnable stop) throws TimeoutException, InterruptedException, ExecutionException {
    if (!options.hasTimeLimit()) {
      return future.get();
    }
    double limit = options.timeLimitSeconds();
    try {
      return future.get(Math.max(0L, start + (long) Math.ceil(limit * 1e9) - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException atLimit) {
      stop.run();
    }
    long deadline = start + (long) Math.ceil((limit + graceSeconds(limit)) * 1e9);
    return future.get(Math.max(0L, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  /** Sets ojAlgo's time limit (what is left of ours), gap tolerance, parallelism and logging. */
  private static BasicLogger configure(Optimisation.Options ojOptions, SolveOptions options, boolean integer,
      double secondsUsed) {
    if (options.hasTimeLimit()) {
      long millis = Math.max(1L, (long) Math.floor((options.timeLimitSeconds() - secondsUsed) * 1000.0));
      ojOptions.time_abort = millis;
      // With an incumbent ojAlgo checks time_suffice (default one hour) instead of time_abort.
      ojOptions.time_suffice = millis;
    }
    ojOptions.integer(IntegerStrategy.DEFAULT
        .withGapTolerance(NumberContext.of(gapPrecision(options.relativeGap()), 8))
        .withParallelism(options::threads));
    if (options.log()) {
      ojOptions.progress(integer ? IntegerSolver.class : LinearSolver.class);
      // progress() logs to BasicLogger.DEBUG, standard output unless OjAlgoConsole got there first: use stderr.
      BasicLogger err = new BasicLogger.BasicWriter(System.err);
      ojOptions.logger_appender = err;
      return err;
    }
    return null;
  }

  /**
   * ojAlgo's gap tolerance is a {@link NumberContext}: a node is pruned when its bound and the incumbent are not
   * "different", i.e. {@code |a - b| / max(|a|, |b|) <= epsilon}, where {@code epsilon = 10^-(precision - 1)}
   * (measured: precision 4 gives 1e-3, 7 gives 1e-6). The smallest precision with {@code epsilon <= gap} keeps the
   * requested relative gap; a gap of 0 asks for the most that double precision allows.
   */
  static int gapPrecision(double relativeGap) {
    if (!(relativeGap > 0)) {
      return 15;
    }
    int p = 1 + (int) Math.ceil(-Math.log10(relativeGap) - 1e-9);
    return Math.max(2, Math.min(15, p));
  }

  /**
   * What an OPTIMAL integer solve proves. ojAlgo prunes a node whose LP value {@code b} is worse than the incumbent
   * {@code z} or not "different" from it: {@code |b - z| <= epsilon * max(|b|, |z|)}, or both within the context's
   * zero error (5e-9 at scale 8). So every pruned node satisfies {@code b - z <= epsilon / (1 - epsilon) * |z| + 1e-8}
   * in the improving direction, and that is the bound reported: the objective widened by ojAlgo's own tolerance, so
   * the reported gap is about the requested one rather than a claimed 0. For an LP the objective is the bound.
   */
  static double optimalBound(Sense sense, double objective, double relativeGap) {
    double eps = NumberContext.of(gapPrecision(relativeGap), 8).epsilon();
    double slack = eps / (1 - eps) * Math.abs(objective) + 1e-8;
    return sense == Sense.MAXIMIZE ? objective + slack : objective - slack;
  }

  /** Hands a complete start to ojAlgo as variable values; returns a note for the message when it is ignored. */
  private static String applyStart(OjAlgoModelTranslator.Translation translation, double[] start) {
    if (start == null) {
      return "";
    }
    if (start.length != translation.vars().length) {
      return "start values ignored: " + start.length + " values for " + translation.vars().length + " variables";
    }
    for (double v : start) {
      if (!Double.isFinite(v)) {
        return "start values ignored: ojAlgo needs a value for every variable";
      }
    }
    for (int v = 0; v < start.length; v++) {
      translation.vars()[v].setValue(BigDecimal.valueOf(start[v]));
    }
    return "";
  }

  private Attempt readSolution(Model model, Optimisation.Result result, SolveOptions options, long start,
      boolean interrupted, String startNote) {
    double seconds = seconds(start);
    Optimisation.State state = result.getState();
    boolean integer = model.hasIntegerVars();
    boolean limitReached = options.hasTimeLimit() && seconds >= options.timeLimitSeconds() * 0.999;
    String stopReason = interrupted ? "it was interrupted" : limitReached ? "it reached the time limit" : null;
    String note = startNote.isEmpty() ? "" : "; " + startNote;

    SolveStatus status;
    String message;
    switch (state) {
      case OPTIMAL, DISTINCT -> {
        status = SolveStatus.OPTIMAL;
        message = "";
        if (stopReason != null) {
          status = SolveStatus.FEASIBLE;
          message = "ojAlgo reported " + state + " but " + stopReason + (integer ? "; it counts a node cut short as"
              + " infeasible, so optimality is not proven" : ", so optimality is not taken as proven");
        }
      }
      case FEASIBLE -> {
        status = SolveStatus.FEASIBLE;
        message = "stopped with an incumbent before proving optimality; ojAlgo reports no bound";
      }
      case INFEASIBLE -> {
        if (stopReason != null) {
          return Attempt.of(Solution.withoutValues(SolveStatus.NO_SOLUTION, seconds, "ojAlgo reported INFEASIBLE but "
              + stopReason + ", so infeasibility is not proven" + note));
        }
        double[] given = options.startValues();
        if (given != null && SolutionCheck.accepts(model, given)) {
          // Measured: on some bridged training models with fixed weights ojAlgo 55 answers INFEASIBLE although the
          // start it was handed satisfies every row. A claim the start refutes is an error, never a proof.
          return Attempt.of(Solution.withoutValues(SolveStatus.ERROR, seconds, "ojAlgo reported INFEASIBLE, but the"
              + " start values satisfy every row and bound: its answer is wrong here; use another backend"));
        }
        return Attempt.of(Solution.withoutValues(SolveStatus.INFEASIBLE, seconds, startNote));
      }
      case UNBOUNDED -> {
        return new Attempt(null, "reported UNBOUNDED");
      }
      default -> {
        // APPROXIMATE, FAILED, INVALID, VALID, UNEXPLORED: no answer to report. At a limit that is the expected
        // "stopped before finding a solution"; otherwise ojAlgo failed.
        return Attempt.of(Solution.withoutValues(stopReason != null ? SolveStatus.NO_SOLUTION : SolveStatus.ERROR,
            seconds, "ojAlgo ended in state " + state + (stopReason != null ? " after " + stopReason : "") + note));
      }
    }
    double[] values = new double[model.numVars()];
    for (int v = 0; v < values.length; v++) {
      values[v] = v < result.count() ? result.doubleValue(v) : Double.NaN;
      if (Double.isInfinite(values[v])) {
        return new Attempt(null, "returned " + state + " with infinite values");
      }
    }
    polish(model, values);
    double objective = model.objective().evaluate(values); // with the constant, which ojAlgo never saw
    double bound = status != SolveStatus.OPTIMAL ? Double.NaN
        : integer ? optimalBound(model.sense(), objective, options.relativeGap()) : objective;
    // The shared check decides whether the polished point is a solution: one that fails is an ERROR.
    return Attempt.of(SolutionCheck.checked("ojAlgo (state " + state + ")", model,
        new Solution(status, objective, bound, values, seconds, -1, message + note)));
  }

  /**
   * Rounds integral variables that ojAlgo left within 1e-6 of an integer and moves values within 1e-9 outside a
   * bound onto it; a variable left without a value (NaN) that its bounds fix takes that value.
   */
  static void polish(Model model, double[] values) {
    for (int v = 0; v < values.length; v++) {
      double x = values[v];
      double lb = model.lowerBound(v);
      double ub = model.upperBound(v);
      if (Double.isNaN(x)) {
        if (lb == ub) {
          values[v] = lb;
        }
        continue;
      }
      if (model.varType(v).isIntegral() && Math.abs(x - Math.rint(x)) <= 1e-6) {
        x = Math.rint(x);
      }
      if (x < lb && x >= lb - 1e-9) {
        x = lb;
      } else if (x > ub && x <= ub + 1e-9) {
        x = ub;
      }
      values[v] = x;
    }
  }

  /** A row without terms whose bounds exclude 0 makes the model infeasible; ojAlgo never sees such rows. */
  private static String violatedEmptyRow(Model model) {
    for (int r = 0; r < model.numConstraints(); r++) {
      if (model.rowSize(r) == 0 && (model.rowLowerBound(r) > 0 || model.rowUpperBound(r) < 0)) {
        return "row " + model.constraintName(r) + " has no terms and bounds [" + model.rowLowerBound(r) + ", "
            + model.rowUpperBound(r) + "], which exclude 0";
      }
    }
    return null;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
