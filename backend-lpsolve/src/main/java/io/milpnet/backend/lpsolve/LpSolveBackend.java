package io.milpnet.backend.lpsolve;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import io.milpnet.core.model.Model;
import io.milpnet.core.solver.Availability;
import io.milpnet.core.solver.Capabilities;
import io.milpnet.core.solver.Capabilities.Feature;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolutionCheck;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.core.solver.UnsupportedModelException;
import java.lang.ref.Reference;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * lp_solve 5.5 (the system library {@code liblpsolve55}, Debian package {@code lp-solve}) through JNA. One fresh
 * {@code lprec} per solve, deleted in a {@code finally}; nothing is shared between solves but the loaded library.
 *
 * <p>What it honours: time limit ({@code set_timeout}, whole seconds, so the remaining budget is rounded up, at least
 * 1 s), relative gap ({@code set_mip_gap(lp, FALSE, gap)}; note that lp_solve measures it as {@code |node - incumbent|
 * / (1 + |incumbent|)}; the absolute gap keeps lp_solve's default 1e-11), log, interrupt ({@code put_abortfunc}
 * polling a flag), trace (each incumbent through {@code put_msgfunc}; no bound before the end). What it ignores: the
 * seed (lp_solve's C API has none), threads (lp_solve is single-threaded) and start values (lp_solve has no MIP
 * start; {@code guess_basis} builds an LP basis, which is something else).
 *
 * <p>No best bound: lp_solve exposes no proven dual bound for a MIP ({@code get_obj_bound} returns a user-set
 * cut-off). A solved LP reports its optimum as its own bound (LP duality); a MIP reports NaN.
 *
 * <p>A returned point that core's shared check rejects ({@link SolutionCheck}: bounds, integrality, rows, relative
 * tolerance 1e-6) is reported as an ERROR, not a solution.
 */
public final class LpSolveBackend implements SolverBackend {
  static final String NAME = "lpsolve";

  /** Integers, native range rows, time limit, interrupt, node count; no indicators, starts or MIP bound. */
  static final Capabilities CAPABILITIES = Capabilities.of(Feature.INTEGERS, Feature.RANGE_ROWS, Feature.TIME_LIMIT,
      Feature.INTERRUPT, Feature.NODE_COUNT);

  private final LpSolveNatives natives;
  private final LpSolveModelTranslator translator = new LpSolveModelTranslator();

  /** Looks for the library where {@code apt-get install lp-solve} puts it, or at {@code MILPNET_LPSOLVE_LIB}. */
  public LpSolveBackend() {
    this(LpSolveNatives.fromEnvironment());
  }

  LpSolveBackend(LpSolveNatives natives) {
    this.natives = natives;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String version() {
    LpSolveNatives.Loaded loaded = natives.get();
    return loaded.error() == null ? loaded.version() : "unavailable";
  }

  @Override
  public Availability availability() {
    LpSolveNatives.Loaded loaded = natives.get();
    return loaded.error() == null ? Availability.yes() : Availability.no(loaded.error());
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public Solution solve(Model model, SolveOptions options) {
    long start = System.nanoTime();
    LpSolveNatives.Loaded loaded = natives.get();
    if (loaded.error() != null) {
      return Solution.withoutValues(SolveStatus.ERROR, seconds(start), loaded.error());
    }
    if (model.numIndicators() > 0) {
      throw new UnsupportedModelException(NAME + " has no indicator constraints, and model " + model.name() + " has "
          + model.numIndicators() + ": solve through the bridges (BridgingSolver)");
    }
    if (model.numVars() == 0) {
      return solveWithoutColumns(model, start);
    }
    LpSolveLibrary lib = loaded.library();
    AtomicBoolean stop = new AtomicBoolean();
    Runnable onInterrupt = () -> stop.set(true);
    // lp_solve keeps only a raw function pointer: the Java callback must stay reachable until solve returns, or JNA
    // may free its trampoline under the running solver (see the reachability fence below).
    LpSolveLibrary.AbortFunction abort = (lp, handle) -> stop.get() ? 1 : 0;
    // Each new incumbent as a trace point (lp_solve tells no bound during the search); kept reachable as abort is.
    double constant = model.objective().constant();
    LpSolveLibrary.MessageFunction incumbents = (lp, handle, message) -> options.trace().point(seconds(start),
        lib.get_working_objective(lp) + constant, Double.NaN);
    Pointer lp = null;
    try {
      lp = newProblem(lib, model, options.log());
      if (lp == null) {
        return Solution.withoutValues(SolveStatus.ERROR, seconds(start), makeLpFailed(model));
      }
      configure(lib, lp, options, start);
      if (options.trace() != null && model.hasIntegerVars()) {
        lib.put_msgfunc(lp, incumbents, null, LpSolveLibrary.MSG_MILPFEASIBLE | LpSolveLibrary.MSG_MILPBETTER);
      }
      if (options.interrupt() != null) {
        lib.put_abortfunc(lp, abort, null);
        options.interrupt().onInterrupt(onInterrupt);
      }
      int code = lib.solve(lp);
      return readSolution(lib, lp, model, options, code, stop.get(), start);
    } catch (Throwable t) { // native errors included: a failing solver must not take the caller down
      return Solution.withoutValues(SolveStatus.ERROR, seconds(start), NAME + " failed: " + t);
    } finally {
      if (options.interrupt() != null) {
        options.interrupt().remove(onInterrupt);
      }
      if (lp != null) {
        try {
          lib.delete_lp(lp);
        } catch (Throwable ignored) {
          // Nothing more can be done about a problem lp_solve cannot free.
        }
      }
      Reference.reachabilityFence(abort);
      Reference.reachabilityFence(incumbents);
    }
  }

  /**
   * What {@link #solve} does before solving, without solving: a fresh {@code lprec} of the model's columns, silenced,
   * filled by the translator; then deleted ({@code delete_lp}), releasing its native memory. Public so that
   * benchmarks measure what the backend runs.
   *
   * @throws IllegalStateException when {@code liblpsolve55} is unavailable ({@link #availability()} says why) or
   *     lp_solve cannot create the problem
   */
  public void loadWithoutSolving(Model model) {
    LpSolveNatives.Loaded loaded = natives.get();
    if (loaded.error() != null) {
      throw new IllegalStateException(loaded.error());
    }
    LpSolveLibrary lib = loaded.library();
    Pointer lp = newProblem(lib, model, false);
    if (lp == null) {
      throw new IllegalStateException(makeLpFailed(model));
    }
    lib.delete_lp(lp);
  }

  /**
   * A new {@code lprec} holding the model (silenced unless {@code log}), or null when {@code make_lp} fails; the
   * caller deletes it. A translation that throws deletes it first.
   */
  private Pointer newProblem(LpSolveLibrary lib, Model model, boolean log) {
    Pointer lp = lib.make_lp(0, model.numVars());
    if (lp == null) {
      return null;
    }
    try {
      silence(lib, lp, log);
      translator.load(lib, lp, model);
      return lp;
    } catch (RuntimeException | Error e) {
      lib.delete_lp(lp);
      throw e;
    }
  }

  private static String makeLpFailed(Model model) {
    return "lp_solve could not create a problem with " + model.numVars() + " columns (make_lp returned NULL)";
  }

  private static void silence(LpSolveLibrary lib, Pointer lp, boolean log) {
    // make_lp starts at verbosity NORMAL, which prints to stderr; an empty output file discards print_* output.
    lib.set_verbose(lp, log ? LpSolveLibrary.NORMAL : LpSolveLibrary.NEUTRAL);
    if (!log) {
      lib.set_outputfile(lp, "");
    }
  }

  private static void configure(LpSolveLibrary lib, Pointer lp, SolveOptions options, long start) {
    if (options.hasTimeLimit()) {
      // lp_solve's clock starts inside solve(); what loading the model took comes off the caller's budget first.
      double remaining = options.timeLimitSeconds() - seconds(start);
      long whole = (long) Math.max(1.0, Math.ceil(Math.min(remaining, 1e15)));
      lib.set_timeout(lp, new NativeLong(whole));
    }
    lib.set_mip_gap(lp, LpSolveLibrary.FALSE, options.relativeGap());
    lib.set_break_at_first(lp, LpSolveLibrary.FALSE);
  }

  /**
   * lp_solve refuses a problem without columns (solve returns NOTRUN), so such a model is settled here: every row is
   * empty, and the model is feasible exactly when 0 lies within each row's bounds.
   */
  private static Solution solveWithoutColumns(Model model, long start) {
    for (int r = 0; r < model.numConstraints(); r++) {
      if (model.rowLowerBound(r) > 0 || model.rowUpperBound(r) < 0) {
        return Solution.withoutValues(SolveStatus.INFEASIBLE, seconds(start),
            "row '" + model.constraintName(r) + "' has no variables and excludes 0");
      }
    }
    double constant = model.objective().constant();
    return new Solution(SolveStatus.OPTIMAL, constant, constant, new double[0], seconds(start), -1, "");
  }

  private static Solution readSolution(LpSolveLibrary lib, Pointer lp, Model model, SolveOptions options, int code,
      boolean interrupted, long start) {
    boolean mip = model.hasIntegerVars();
    long nodes = mip ? lib.get_total_nodes(lp) : -1;
    String stopped = interrupted ? "interrupted" : options.hasTimeLimit() ? "stopped by the time limit" : "stopped";
    switch (code) {
      case LpSolveLibrary.OPTIMAL:
        return withValues(lib, lp, model, SolveStatus.OPTIMAL, nodes, start, "");
      case LpSolveLibrary.SUBOPTIMAL:
        return withValues(lib, lp, model, SolveStatus.FEASIBLE, nodes, start,
            stopped + " with an incumbent before proving optimality");
      case LpSolveLibrary.INFEASIBLE:
        return new Solution(SolveStatus.INFEASIBLE, Double.NaN, Double.NaN, null, seconds(start), nodes, "");
      case LpSolveLibrary.UNBOUNDED:
        return new Solution(SolveStatus.UNBOUNDED, Double.NaN, Double.NaN, null, seconds(start), nodes,
            mip ? "the LP relaxation is unbounded" : "");
      case LpSolveLibrary.USERABORT:
      case LpSolveLibrary.TIMEOUT:
        if (mip && hasIncumbent(lib, lp)) {
          return withValues(lib, lp, model, SolveStatus.FEASIBLE, nodes, start,
              stopped + " with an incumbent before proving optimality");
        }
        return new Solution(SolveStatus.NO_SOLUTION, Double.NaN, Double.NaN, null, seconds(start), nodes,
            stopped + " before finding a feasible solution");
      default:
        return new Solution(SolveStatus.ERROR, Double.NaN, Double.NaN, null, seconds(start), nodes,
            "lp_solve returned " + codeName(code) + " (" + code + ")");
    }
  }

  /**
   * Whether B&B found an integer solution before a time-out or abort. lp_solve usually says so itself by returning
   * SUBOPTIMAL; this guards the TIMEOUT and USERABORT codes. The solution count and the stored best objective are
   * the reliable signals: {@code get_working_objective} holds the current node's value, or garbage before the first
   * node, so it is not used.
   */
  private static boolean hasIncumbent(LpSolveLibrary lib, Pointer lp) {
    return lib.get_solutioncount(lp) > 0 && Math.abs(lib.get_objective(lp)) < LpSolveLibrary.INFINITY;
  }

  private static Solution withValues(LpSolveLibrary lib, Pointer lp, Model model, SolveStatus status, long nodes,
      long start, String message) {
    int n = model.numVars();
    double[] values = new double[n];
    if (n > 0 && lib.get_variables(lp, values) == LpSolveLibrary.FALSE) {
      return new Solution(SolveStatus.ERROR, Double.NaN, Double.NaN, null, seconds(start), nodes,
          "lp_solve reported " + status + " but returned no variable values");
    }
    // The objective at the returned point, constant included (lp_solve's objective has no constant), so the
    // reported objective and the values always agree.
    double objective = model.objective().evaluate(values);
    double bound = status == SolveStatus.OPTIMAL && !model.hasIntegerVars() ? objective : Double.NaN;
    // The shared check decides whether the returned point is a solution: one that fails is an ERROR.
    return SolutionCheck.checked(NAME, model, new Solution(status, objective, bound, values, seconds(start), nodes,
        message));
  }

  static String codeName(int code) {
    return switch (code) {
      case LpSolveLibrary.UNKNOWNERROR -> "UNKNOWNERROR";
      case LpSolveLibrary.DATAIGNORED -> "DATAIGNORED";
      case LpSolveLibrary.NOBFP -> "NOBFP (no basis factorization package)";
      case LpSolveLibrary.NOMEMORY -> "NOMEMORY";
      case LpSolveLibrary.NOTRUN -> "NOTRUN";
      case LpSolveLibrary.OPTIMAL -> "OPTIMAL";
      case LpSolveLibrary.SUBOPTIMAL -> "SUBOPTIMAL";
      case LpSolveLibrary.INFEASIBLE -> "INFEASIBLE";
      case LpSolveLibrary.UNBOUNDED -> "UNBOUNDED";
      case LpSolveLibrary.DEGENERATE -> "DEGENERATE";
      case LpSolveLibrary.NUMFAILURE -> "NUMFAILURE (numerical failure)";
      case LpSolveLibrary.USERABORT -> "USERABORT";
      case LpSolveLibrary.TIMEOUT -> "TIMEOUT";
      case LpSolveLibrary.RUNNING -> "RUNNING";
      case LpSolveLibrary.PRESOLVED -> "PRESOLVED";
      case LpSolveLibrary.ACCURACYERROR -> "ACCURACYERROR (accuracy error)";
      default -> "an unknown status";
    };
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
