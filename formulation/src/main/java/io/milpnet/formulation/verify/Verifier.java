package io.milpnet.formulation.verify;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.bounds.IntervalBounds;
import io.milpnet.core.bridge.BridgingSolver;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Sense;
import io.milpnet.core.model.Var;
import io.milpnet.core.model.VarType;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.core.solver.TimeLimitGuard;
import io.milpnet.formulation.encode.LpBoundTightener;
import io.milpnet.formulation.encode.ReluFormulation;
import io.milpnet.formulation.encode.Signal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Sound verification of a fixed network against a VNN-LIB unsafe set, disjunct by disjunct, by input splitting with
 * a MILP at the leaves.
 *
 * <p>A disjunct's atoms that bound a single input make its input box; the others ({@code a_k(X, Y) <= b_k}) are the
 * conditions. The box is searched depth first. On each box: the centre is tried as a counterexample; pre-activations
 * are bounded ({@link BoundMethod}); a condition whose symbolic lower bound exceeds its right-hand side proves the
 * box empty; a box with many unstable ReLUs is halved along the input that weighs most in the best symbolic
 * bound; otherwise the box is encoded (ReLUs by the given formulation, big-M constants from the bounds) with a margin
 * variable {@code -tolerance <= t <= b_k - a_k(X, Y)} for every condition, maximised under a leaf time limit, and
 * halved when the solver does not settle it. The model is infeasible exactly when no input of the box comes within
 * the tolerance of the unsafe set, which solvers prove much faster than they bound an optimum. Then:
 *
 * <ul>
 *   <li><b>holds</b> when every box is proven: a bound on t below {@code -tolerance} (symbolic, LP relaxation,
 *       the solver's proven bound or its proof of infeasibility), so that floating-point slack in the solver cannot
 *       turn a near miss into a wrong proof;
 *   <li><b>violated</b> when a point, clamped into the box and run through the double forward pass, satisfies every
 *       atom exactly; a solver point that satisfies them only within the solver's tolerances is not enough, and one
 *       more solve asks for a margin of at least {@code tolerance} to find a robust one;
 *   <li><b>unknown</b> otherwise, with the reason (time limit with the open boxes, a best margin within the tolerance
 *       of 0, solver error).
 * </ul>
 */
public final class Verifier {
  /**
   * The relative gap of verification solves: only the sign of the margin matters, so the solver may stop long
   * before optimality (with an incumbent t_inc >= 0, once its bound is below 1.9 t_inc). The verdict uses only
   * infeasibility, the proven bound, or the re-checked point.
   */
  static final double SIGN_GAP = 0.9;

  /** The default of {@code tolerance}: proofs need a margin below -1e-6, counterexamples pass the exact re-check. */
  public static final double DEFAULT_TOLERANCE = 1e-6;

  /**
   * A box with more unstable ReLUs than this (after symbolic bounds) is split without calling the MILP solver: on
   * such boxes the solver rarely finishes within a leaf's time, while two symbolic passes on the halves cost
   * milliseconds (measured on ACAS Xu, see README).
   */
  static final int MILP_MAX_UNSTABLE = 40;

  /**
   * Each box that reaches the MILP solver gets {@code max(LEAF_MIN, limit / LEAF_SHARE)} seconds before it is split
   * instead: splitting early pays, because halving a box tightens every bound inside it (measured on ACAS Xu 1_1
   * property 3 with SCIP and interval bounds: 20 s with 0.5 s leaves, 50 s with 2 s leaves, 200 s with 10 s leaves;
   * the whole box unsplit took 177 s).
   */
  static final double LEAF_SHARE = 300;

  static final double LEAF_MIN = 1.0;

  /** Seconds between two progress reports of a disjunct's box search. */
  static final double PROGRESS_EVERY = 5.0;

  private final SolverBackend solver;
  private final SolverBackend lpSolver;
  private final BoundMethod bounds;
  private final ReluFormulation relu;
  private final double tolerance;
  private Consumer<String> progress = line -> {};
  private static final int CORES = Runtime.getRuntime().availableProcessors();
  /** Bound-tightening LPs at once in all (see {@link #withLpThreads}). */
  private int lpThreads = CORES;
  /** Bound-tightening LPs at once per box: what the box workers leave. */
  private volatile int obbtThreads = CORES;

  /**
   * @param backend the solver, used through the bridges and under the time-limit guard
   * @param lpSolver the LP solver of {@link BoundMethod#LP} bound tightening; may be null for the other methods
   * @param bounds how pre-activations are bounded on each box
   * @param relu how unstable ReLUs are encoded
   * @param tolerance the margin below which neither a proof nor a counterexample is accepted
   */
  public Verifier(SolverBackend backend, SolverBackend lpSolver, BoundMethod bounds, ReluFormulation relu,
      double tolerance) {
    if (!(tolerance > 0)) {
      throw new IllegalArgumentException("verification tolerance must be > 0, got " + tolerance);
    }
    if (bounds == BoundMethod.LP && lpSolver == null) {
      throw new IllegalArgumentException("LP bound tightening needs an LP solver");
    }
    this.solver = new TimeLimitGuard(new BridgingSolver(backend));
    this.lpSolver = lpSolver == null ? null : new BridgingSolver(lpSolver);
    this.bounds = bounds;
    this.relu = relu;
    this.tolerance = tolerance;
  }

  /**
   * Up to {@code n} bound-tightening LPs at once (default: one per core); 1 for an LP backend that does not allow
   * concurrent solves.
   */
  public Verifier withLpThreads(int n) {
    this.lpThreads = Math.max(1, n);
    this.obbtThreads = this.lpThreads;
    return this;
  }

  /** Where one-line progress reports of long searches go (every {@value #PROGRESS_EVERY} s); silent by default. */
  public Verifier withProgress(Consumer<String> sink) {
    this.progress = sink == null ? line -> {} : sink;
    return this;
  }

  public double tolerance() {
    return tolerance;
  }

  public BoundMethod bounds() {
    return bounds;
  }

  public VerificationResult verify(FixedNetwork network, VnnProperty property, SolveOptions options) {
    network.requireVerifiable();
    if (property.inputs() != network.inputs() || property.outputs() != network.outputs()) {
      throw new IllegalArgumentException(property.source() + " speaks of " + property.inputs() + " inputs and "
          + property.outputs() + " outputs, the network has " + network.inputs() + " and " + network.outputs());
    }
    long start = System.nanoTime();
    List<DisjunctResult> results = new ArrayList<>();
    boolean allHold = true;
    for (int d = 0; d < property.disjuncts().size(); d++) {
      double elapsed = since(start);
      SolveOptions remaining = options.hasTimeLimit()
          ? options.withTimeLimit(Math.max(0.5, options.timeLimitSeconds() - elapsed))
          : options;
      DisjunctResult r = verifyDisjunct(network, property.disjuncts().get(d), d, remaining);
      results.add(r);
      if (r.verdict() == Verdict.VIOLATED) {
        return new VerificationResult(Verdict.VIOLATED, "disjunct " + d + ": " + r.reason(), results, since(start));
      }
      allHold &= r.verdict() == Verdict.HOLDS;
    }
    if (allHold) {
      return new VerificationResult(Verdict.HOLDS, "every disjunct of the unsafe set is empty", results, since(start));
    }
    StringBuilder why = new StringBuilder();
    for (DisjunctResult r : results) {
      if (r.verdict() == Verdict.UNKNOWN) {
        why.append(why.length() == 0 ? "" : "; ").append("disjunct ").append(r.index()).append(": ").append(r.reason());
      }
    }
    return new VerificationResult(Verdict.UNKNOWN, why.toString(), results, since(start));
  }

  /**
   * One disjunct: its input box is searched depth first; each box is proven empty (symbolic bounds, LP relaxation or
   * MILP), yields a re-checked counterexample, or is halved along the input that weighs most in its bound.
   */
  DisjunctResult verifyDisjunct(FixedNetwork network, Conjunction disjunct, int index, SolveOptions options) {
    long start = System.nanoTime();
    Box box = Box.of(disjunct, network.inputs(), index);
    double[] lo = box.lo;
    double[] hi = box.hi;
    List<LinearAtom> rows = box.conditions;
    Stats stats = new Stats();
    if (box.empty != null) {
      stats.proven = 1;
      return stats.result(index, Verdict.HOLDS, box.empty, Leaf.proof(SolveStatus.INFEASIBLE,
          Double.NEGATIVE_INFINITY), start);
    }
    double total = options.hasTimeLimit() ? options.timeLimitSeconds() : Double.POSITIVE_INFINITY;
    double leafLimit = Double.isFinite(total) ? Math.max(LEAF_MIN, total / LEAF_SHARE) : 60.0;
    Search search = new Search("disjunct " + index, network, disjunct, rows, lo, hi, options.withThreads(1), total,
        leafLimit, start);
    int workers = Math.max(1, options.threads());
    obbtThreads = Math.max(1, lpThreads / workers);
    if (workers == 1) {
      search.work(stats);
    } else {
      List<Thread> threads = new ArrayList<>();
      List<Stats> perThread = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        Stats own = new Stats();
        perThread.add(own);
        Thread t = new Thread(() -> search.work(own), "milpnet-verify-" + w);
        t.setDaemon(true);
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) {
        try {
          t.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          search.stop(null);
        }
      }
      perThread.forEach(stats::add);
    }
    if (search.ending != null) {
      Ending e = search.ending;
      return e.leaf == null ? stats.unknown(index, e.reason, start) : stats.result(index, e.verdict, e.reason, e.leaf,
          start);
    }
    return stats.result(index, Verdict.HOLDS, stats.proven == 1
        ? "proven on the whole input box (" + stats.lastProof + ")"
        : "proven on all " + stats.proven + " boxes of " + stats.splits + " input splits (" + stats.symbolicProofs
            + " by symbolic bounds, " + stats.lpProofs + " by the LP relaxation, " + stats.milpProofs + " by MILP)",
        null, start);
  }

  /**
   * A disjunct's input box (from its single-input atoms) and its other atoms, the conditions; {@code empty} says why
   * the box is empty, or is null.
   */
  private record Box(double[] lo, double[] hi, List<LinearAtom> conditions, String empty) {
    static Box of(Conjunction disjunct, int n, int index) {
      double[] lo = new double[n];
      double[] hi = new double[n];
      Arrays.fill(lo, Double.NEGATIVE_INFINITY);
      Arrays.fill(hi, Double.POSITIVE_INFINITY);
      List<LinearAtom> rows = new ArrayList<>();
      for (LinearAtom a : disjunct.atoms()) {
        int i = a.singleInput();
        if (i < 0) {
          rows.add(a);
        } else if (a.x()[i] > 0) {
          hi[i] = Math.min(hi[i], a.bound() / a.x()[i]);
        } else {
          lo[i] = Math.max(lo[i], a.bound() / a.x()[i]);
        }
      }
      String empty = null;
      for (int i = 0; i < n; i++) {
        if (!Double.isFinite(lo[i]) || !Double.isFinite(hi[i])) {
          throw new IllegalArgumentException("disjunct " + index + " leaves input X_" + i + " unbounded ["
              + lo[i] + ", " + hi[i] + "]: every input needs a lower and an upper bound to derive big-M constants");
        }
        if (lo[i] > hi[i] && empty == null) {
          empty = "the input box is empty (X_" + i + " in [" + lo[i] + ", " + hi[i] + "])";
        }
      }
      return new Box(lo, hi, rows, empty);
    }
  }

  /**
   * The tightness of the encoding of one disjunct's whole input box, as one MILP that maximises the margin {@code t
   * <= b_k - a_k(X, Y)} (no splitting, no lower bound on t): its size, the stable ReLUs, the optimum of its LP
   * relaxation ({@code lpBound}, an upper bound of the margin), and the MILP's status, best margin, bound and nodes.
   * The verdict is sound as everywhere: holds when the proven bound is below {@code -tolerance}, violated when the
   * solver's point passes the double forward pass, unknown otherwise.
   */
  public record BoxMeasurement(int binaries, int constraints, int stable, int unstable, double lpBound,
      Solution milp, double boundSeconds, double seconds, Verdict verdict, String reason) {}

  /**
   * Measures disjunct {@code index} of the property on its whole box (see {@link BoxMeasurement}).
   *
   * @param lpRelaxSolver the LP solver of the relaxation's optimum
   */
  public BoxMeasurement measureWholeBox(FixedNetwork network, VnnProperty property, int index, SolveOptions options,
      SolverBackend lpRelaxSolver) {
    network.requireVerifiable();
    long start = System.nanoTime();
    Conjunction disjunct = property.disjuncts().get(index);
    Box box = Box.of(disjunct, network.inputs(), index);
    if (box.empty != null) {
      throw new IllegalArgumentException("disjunct " + index + ": " + box.empty + ", nothing to measure");
    }
    SymbolicBounds symbolic = bounds == BoundMethod.INTERVAL ? null : SymbolicBounds.over(network, box.lo, box.hi);
    double budget = options.hasTimeLimit() ? options.timeLimitSeconds() / 2 : 600;
    Encoding enc = encode(network, box.lo, box.hi, box.conditions, symbolic, tightener(budget, lpThreads));
    enc.model.setBounds(enc.margin.index(), Math.min(enc.marginLower, enc.marginUpper), enc.marginUpper);
    enc.model.setObjective(Sense.MAXIMIZE, LinearExpr.of(enc.margin));
    double lpBound = LpBoundTightener.relaxationOptimum(enc.model, lpRelaxSolver);
    double left = options.hasTimeLimit() ? Math.max(0.5, options.timeLimitSeconds() - since(start))
        : Double.POSITIVE_INFINITY;
    Solution s = solver.solve(enc.model, Double.isFinite(left) ? options.withTimeLimit(left) : options);
    Leaf leaf = judge(network, disjunct, enc, s, box.lo, box.hi);
    return new BoxMeasurement(enc.binaries(), enc.model.numConstraints() + enc.model.numIndicators(), enc.stable,
        enc.unstable, lpBound, s,
        enc.boundSeconds, since(start), leaf.verdict, leaf.reason.isEmpty() ? s.status().toString() : leaf.reason);
  }

  /**
   * The pre-activation bounds this verifier's bound method proves on the box {@code [lo, hi]} (per layer and unit),
   * as the encoding of a box uses them: for tests and for reports.
   */
  Interval[][] preActivationBounds(FixedNetwork network, double[] lo, double[] hi) {
    SymbolicBounds symbolic = bounds == BoundMethod.INTERVAL ? null : SymbolicBounds.over(network, lo, hi);
    return encode(network, lo, hi, List.of(), symbolic, tightener(600, lpThreads)).preActivationBounds();
  }

  /** The LP bound tightener of {@link BoundMethod#LP} (null for the other methods). */
  private LpBoundTightener tightener(double budgetSeconds, int threads) {
    return bounds == BoundMethod.LP ? new LpBoundTightener(lpSolver, budgetSeconds).withThreads(threads) : null;
  }

  /** Why a disjunct's search ended before every box was proven. */
  private record Ending(Verdict verdict, String reason, Leaf leaf) {}

  /**
   * The depth-first search over the boxes of one disjunct, shared by its workers ({@code --threads}): each takes the
   * most recently split box, so one worker searches depth first and several work on neighbouring boxes. The first
   * worker to find a counterexample, a box too close to call, or the time limit ends the search for all.
   */
  private final class Search {
    private final String label;
    private final FixedNetwork network;
    private final Conjunction disjunct;
    private final List<LinearAtom> rows;
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

    Search(String label, FixedNetwork network, Conjunction disjunct, List<LinearAtom> rows, double[] lo, double[] hi,
        SolveOptions options, double total, double leafLimit, long start) {
      this.label = label;
      this.network = network;
      this.disjunct = disjunct;
      this.rows = rows;
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
        double remaining = total - since(start);
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

    private synchronized void done(double[][][] halves, boolean proven, int milpSolves) {
      busy--;
      provenSoFar += proven ? 1 : 0;
      milpSoFar += milpSolves;
      if (halves != null) {
        open.push(halves[1]);
        open.push(halves[0]);
      }
      if (since(lastReport) >= PROGRESS_EVERY) {
        lastReport = System.nanoTime();
        progress.accept(String.format(Locale.ROOT, "%s: %d boxes proven, %d open, %d MILP solves, %.0f s", label,
            provenSoFar, open.size() + busy, milpSoFar, since(start)));
      }
      notifyAll();
    }

    void work(Stats stats) {
      double[][] box;
      while ((box = take()) != null) {
        int milpBefore = stats.milpSolves;
        double remaining = total - since(start);
        Leaf leaf = solveBox(network, disjunct, rows, box[0], box[1], options, Math.min(remaining, leafLimit), stats);
        double[][][] halves = null;
        if (leaf.verdict == Verdict.VIOLATED) {
          stop(new Ending(Verdict.VIOLATED, leaf.reason, leaf));
        } else if (leaf.verdict == Verdict.HOLDS) {
          stats.proven++;
        } else if (leaf.tooCloseToCall) {
          stop(new Ending(Verdict.UNKNOWN, leaf.reason, leaf));
        } else {
          halves = split(box, lo, hi, leaf.splitInput);
          if (halves == null) {
            stop(new Ending(Verdict.UNKNOWN, leaf.reason + "; the box cannot be split further", leaf));
          } else {
            stats.splits++;
          }
        }
        done(halves, leaf.verdict == Verdict.HOLDS, stats.milpSolves - milpBefore);
      }
    }
  }

  private static boolean interrupted(SolveOptions options) {
    return options.interrupt() != null && options.interrupt().isInterrupted();
  }

  /** Accumulated over the boxes of one disjunct. */
  private static final class Stats {
    int proven;
    int splits;
    int maxBinaries;
    int minStable = Integer.MAX_VALUE;
    double boundSeconds;
    int lpSolves;
    int milpSolves;
    int symbolicProofs;
    int lpProofs;
    int milpProofs;
    String lastProof = "";

    /** Adds another worker's counts. */
    void add(Stats o) {
      proven += o.proven;
      splits += o.splits;
      maxBinaries = Math.max(maxBinaries, o.maxBinaries);
      minStable = Math.min(minStable, o.minStable);
      boundSeconds += o.boundSeconds;
      lpSolves += o.lpSolves;
      milpSolves += o.milpSolves;
      symbolicProofs += o.symbolicProofs;
      lpProofs += o.lpProofs;
      milpProofs += o.milpProofs;
      if (!o.lastProof.isEmpty()) {
        lastProof = o.lastProof;
      }
    }

    DisjunctResult result(int index, Verdict v, String reason, Leaf leaf, long start) {
      return new DisjunctResult(index, v, reason, leaf == null ? SolveStatus.OPTIMAL : leaf.status,
          leaf == null ? Double.NaN : leaf.margin, leaf == null ? Double.NaN : leaf.bound, since(start), maxBinaries,
          minStable == Integer.MAX_VALUE ? 0 : minStable, boundSeconds, lpSolves, milpSolves,
          leaf == null ? null : leaf.input, leaf == null ? null : leaf.output, proven + (v == Verdict.HOLDS ? 0 : 1),
          splits);
    }

    DisjunctResult unknown(int index, String reason, long start) {
      return new DisjunctResult(index, Verdict.UNKNOWN, reason, SolveStatus.NO_SOLUTION, Double.NaN, Double.NaN,
          since(start), maxBinaries, minStable == Integer.MAX_VALUE ? 0 : minStable, boundSeconds, lpSolves,
          milpSolves, null, null, proven, splits);
    }
  }

  /** The outcome on one box of the input region; {@code splitInput} is the input to halve when undecided. */
  private record Leaf(Verdict verdict, String reason, boolean tooCloseToCall, SolveStatus status, double margin,
      double bound, double[] input, double[] output, int splitInput) {

    static Leaf proof(SolveStatus status, double bound) {
      return new Leaf(Verdict.HOLDS, "", false, status, Double.NaN, bound, null, null, -1);
    }

    Leaf splitAlong(int input) {
      return new Leaf(verdict, reason, tooCloseToCall, status, margin, bound, this.input, output, input);
    }
  }

  private Leaf solveBox(FixedNetwork network, Conjunction disjunct, List<LinearAtom> rows, double[] lo, double[] hi,
      SolveOptions options, double seconds, Stats stats) {
    long start = System.nanoTime();
    // A cheap try first: the box's centre may already be a counterexample.
    double[] centre = new double[lo.length];
    for (int i = 0; i < centre.length; i++) {
      centre[i] = 0.5 * (lo[i] + hi[i]);
    }
    double[] atCentre = network.evaluate(centre);
    if (disjunct.holdsAt(centre, atCentre)) {
      return new Leaf(Verdict.VIOLATED, "the centre of an input box is a counterexample (double forward pass)", false,
          SolveStatus.FEASIBLE, disjunct.margin(centre, atCentre), Double.NaN, centre, atCentre, -1);
    }
    SymbolicBounds symbolic = null;
    int splitInput = -1;
    if (bounds != BoundMethod.INTERVAL) {
      symbolic = SymbolicBounds.over(network, lo, hi);
      SymbolicProof proof = symbolicProof(symbolic, rows);
      stats.boundSeconds += since(start);
      if (proof.excess > tolerance) {
        stats.symbolicProofs++;
        stats.lastProof = "symbolic bounds: " + proof.what + " by at least " + proof.excess;
        return Leaf.proof(SolveStatus.OPTIMAL, -proof.excess);
      }
      splitInput = argmax(symbolic.influence(proof.line));
      if (proof.line.length > 0) {
        // The corner where the bound is weakest is the likeliest counterexample: one more forward pass.
        double[] corner = symbolic.minimiser(proof.line);
        double[] atCorner = network.evaluate(corner);
        if (disjunct.holdsAt(corner, atCorner)) {
          return new Leaf(Verdict.VIOLATED, "a corner of an input box is a counterexample (double forward pass)",
              false, SolveStatus.FEASIBLE, disjunct.margin(corner, atCorner), Double.NaN, corner, atCorner, -1);
        }
      }
      if (symbolic.unstable() > MILP_MAX_UNSTABLE && splitInput >= 0) {
        return new Leaf(Verdict.UNKNOWN, symbolic.unstable() + " unstable ReLUs", false, SolveStatus.NO_SOLUTION,
            Double.NaN, Double.NaN, null, null, splitInput);
      }
    }
    LpBoundTightener tightener = tightener(seconds / 2, obbtThreads);
    Encoding enc = encode(network, lo, hi, rows, symbolic, tightener);
    stats.maxBinaries = Math.max(stats.maxBinaries, enc.binaries());
    stats.minStable = Math.min(stats.minStable, enc.stable);
    stats.boundSeconds += enc.boundSeconds;
    stats.lpSolves += enc.lpSolves;
    if (enc.marginUpper < -tolerance) {
      stats.symbolicProofs++;
      stats.lastProof = "interval bounds: the margin is at most " + enc.marginUpper;
      return Leaf.proof(SolveStatus.OPTIMAL, enc.marginUpper);
    }
    if (tightener != null) {
      // The LP relaxation is a relaxation: a negative LP bound on the margin is a proof, and a cheap one.
      Interval lp = tightener.tighten(tightener.relax(enc.model), LinearExpr.of(enc.margin),
          new Interval(enc.model.lowerBound(enc.margin.index()), enc.model.upperBound(enc.margin.index())));
      stats.lpSolves += 2;
      if (lp.hi() < -tolerance) {
        stats.lpProofs++;
        stats.lastProof = "the LP relaxation bounds the margin by " + lp.hi();
        return Leaf.proof(SolveStatus.OPTIMAL, lp.hi());
      }
    }
    double left = Math.max(0.5, seconds - since(start));
    stats.milpSolves++;
    Solution s = solver.solve(enc.model, options.withTimeLimit(left).withRelativeGap(SIGN_GAP));
    Leaf leaf = judge(network, disjunct, enc, s, lo, hi);
    if (leaf.verdict == Verdict.UNKNOWN && s.hasSolution() && s.objective() >= 0 && enc.marginUpper >= tolerance) {
      // The solver's point satisfies the atoms only within its tolerances: look for one with a real margin.
      enc.model.setBounds(enc.margin.index(), tolerance, Math.max(tolerance, enc.marginUpper));
      stats.milpSolves++;
      Solution robust = solver.solve(enc.model, options.withTimeLimit(left).withRelativeGap(SIGN_GAP)
          .withStartValues(null));
      if (robust.hasSolution()) {
        Leaf retry = judge(network, disjunct, enc, robust, lo, hi);
        if (retry.verdict == Verdict.VIOLATED) {
          return retry;
        }
      }
      if (robust.status() == SolveStatus.INFEASIBLE || robust.status() == SolveStatus.OPTIMAL) {
        return new Leaf(Verdict.UNKNOWN, "the solver's counterexample fails the exact forward-pass re-check and no"
            + " input has a margin of " + tolerance + ": any violation lies within the tolerance of the property's"
            + " boundary", true, s.status(), s.objective(), s.bestBound(), null, null, -1);
      }
    }
    if (leaf.verdict == Verdict.HOLDS) {
      stats.milpProofs++;
      stats.lastProof = leaf.reason;
    }
    return leaf.splitAlong(splitInput);
  }

  /**
   * The best symbolic proof that the conditions cannot all hold in the box: {@code excess} is a lower bound of
   * {@code max_k (a_k - b_k)} over the box (> tolerance proves the box), {@code line} the linear lower bound it came
   * from (its coefficients say what to split). A single condition is bounded directly; for a conjunction, a convex
   * combination {@code sum_k lambda_k (a_k - b_k)} is a lower bound of the maximum for any multipliers on the
   * simplex, so the multipliers are searched (exponentiated supergradient ascent on the per-condition lines) and the
   * best combination is back-substituted once more as a whole, which is tighter still. Sound for any multipliers.
   */
  static SymbolicProof symbolicProof(SymbolicBounds symbolic, List<LinearAtom> atoms) {
    int k = atoms.size();
    if (k == 0) {
      return new SymbolicProof(Double.NEGATIVE_INFINITY, new double[0], "");
    }
    double[][] lines = new double[k][];
    SymbolicProof best = null;
    for (int a = 0; a < k; a++) {
      LinearAtom atom = atoms.get(a);
      lines[a] = symbolic.lowerLine(atom.x(), atom.y());
      lines[a][lines[a].length - 1] -= atom.bound();
      double excess = symbolic.minimum(lines[a]);
      if (best == null || excess > best.excess) {
        best = new SymbolicProof(excess, lines[a], atom.text() + " fails");
      }
    }
    if (k == 1) {
      return best;
    }
    int width = lines[0].length;
    double[] lambda = new double[k];
    Arrays.fill(lambda, 1.0 / k);
    double[] bestLambda = lambda.clone();
    double bestValue = Double.NEGATIVE_INFINITY;
    for (int it = 0; it < MULTIPLIER_STEPS; it++) {
      double[] combined = new double[width];
      for (int a = 0; a < k; a++) {
        for (int i = 0; i < width; i++) {
          combined[i] += lambda[a] * lines[a][i];
        }
      }
      double value = symbolic.minimum(combined);
      if (value > bestValue) {
        bestValue = value;
        bestLambda = lambda.clone();
      }
      // A supergradient of the concave dual function: each line's value at the corner minimising the combination.
      double[] corner = symbolic.minimiser(combined);
      double[] g = new double[k];
      double scale = 0;
      for (int a = 0; a < k; a++) {
        g[a] = lines[a][width - 1];
        for (int i = 0; i < width - 1; i++) {
          g[a] += lines[a][i] * corner[i];
        }
        scale = Math.max(scale, Math.abs(g[a]));
      }
      if (scale == 0) {
        break;
      }
      double step = 2.0 / (scale * Math.sqrt(it + 1));
      double sum = 0;
      for (int a = 0; a < k; a++) {
        lambda[a] *= Math.exp(step * g[a]);
        sum += lambda[a];
      }
      for (int a = 0; a < k; a++) {
        lambda[a] = Math.max(lambda[a] / sum, 1e-12);
      }
    }
    // The combination back-substituted as one function of the outputs: its relaxations are chosen for it.
    double[] cx = new double[atoms.get(0).x().length];
    double[] cy = new double[atoms.get(0).y().length];
    double rhs = 0;
    double total = 0;
    for (int a = 0; a < k; a++) {
      total += bestLambda[a];
    }
    for (int a = 0; a < k; a++) {
      LinearAtom atom = atoms.get(a);
      double w = bestLambda[a] / total;
      for (int i = 0; i < cx.length; i++) {
        cx[i] += w * atom.x()[i];
      }
      for (int j = 0; j < cy.length; j++) {
        cy[j] += w * atom.y()[j];
      }
      rhs += w * atom.bound();
    }
    double[] line = symbolic.lowerLine(cx, cy);
    line[width - 1] -= rhs;
    double joint = symbolic.minimum(line);
    if (joint > best.excess) {
      best = new SymbolicProof(joint, line, "the " + k + " conditions cannot hold together");
    }
    return best;
  }

  /** Steps of the multiplier search of {@link #symbolicProof}; each costs O(conditions x inputs). */
  static final int MULTIPLIER_STEPS = 60;

  /** A symbolic lower bound on how far the conditions miss, with the line it came from. */
  record SymbolicProof(double excess, double[] line, String what) {}

  /** The input with the largest influence, or -1 when none has any. */
  private static int argmax(double[] influence) {
    int best = -1;
    double max = 0;
    for (int i = 0; i < influence.length; i++) {
      if (influence[i] > max) {
        max = influence[i];
        best = i;
      }
    }
    return best;
  }

  /**
   * Halves the box along {@code input}, or, when that is negative or already tiny, along the input whose width
   * relative to the whole region is largest; null when every input is too narrow to split.
   */
  static double[][][] split(double[][] box, double[] lo0, double[] hi0, int input) {
    int best = -1;
    double widest = 0;
    for (int i = 0; i < lo0.length; i++) {
      double rel = relativeWidth(box, lo0, hi0, i);
      if (rel > widest) {
        widest = rel;
        best = i;
      }
    }
    if (best < 0 || widest < 1e-6) {
      return null;
    }
    if (input >= 0 && relativeWidth(box, lo0, hi0, input) >= 1e-6) {
      best = input;
    }
    double mid = 0.5 * (box[0][best] + box[1][best]);
    double[][] left = {box[0].clone(), box[1].clone()};
    double[][] right = {box[0].clone(), box[1].clone()};
    left[1][best] = mid;
    right[0][best] = mid;
    return new double[][][] {left, right};
  }

  private static double relativeWidth(double[][] box, double[] lo0, double[] hi0, int i) {
    double full = hi0[i] - lo0[i];
    return full > 0 ? (box[1][i] - box[0][i]) / full : 0;
  }

  private Leaf judge(FixedNetwork network, Conjunction disjunct, Encoding enc, Solution s, double[] lo,
      double[] hi) {
    double bound = s.bestBound();
    if (s.hasSolution()) {
      double[] x = new double[lo.length];
      for (int i = 0; i < x.length; i++) {
        x[i] = Math.max(lo[i], Math.min(hi[i], s.value(enc.inputs[i].index())));
      }
      double[] y = network.evaluate(x);
      if (disjunct.holdsAt(x, y)) {
        return new Leaf(Verdict.VIOLATED, "counterexample confirmed by the double forward pass", false, s.status(),
            s.objective(), bound, x, y, -1);
      }
    }
    if (s.status() == SolveStatus.INFEASIBLE) {
      return new Leaf(Verdict.HOLDS, "the solver proved that no input of the box comes within the tolerance of the"
          + " unsafe set", false, s.status(),
          Double.NaN, Double.NEGATIVE_INFINITY, null, null, -1);
    }
    boolean solved = s.status() == SolveStatus.OPTIMAL || s.status() == SolveStatus.FEASIBLE
        || s.status() == SolveStatus.NO_SOLUTION;
    if (solved && Double.isFinite(bound) && bound < -tolerance) {
      return new Leaf(Verdict.HOLDS, "the solver proved the margin at most " + bound, false, s.status(),
          s.hasSolution() ? s.objective() : Double.NaN, bound, null, null, -1);
    }
    boolean tooClose = s.status() == SolveStatus.OPTIMAL && Double.isFinite(bound) && bound >= -tolerance
        && bound < 0;
    String reason = switch (s.status()) {
      case NO_SOLUTION, FEASIBLE -> "stopped (time limit) with the margin in [" + (s.hasSolution() ? s.objective()
          : "?") + ", " + bound + "]";
      case ERROR -> "solver error: " + s.message();
      case UNBOUNDED -> "the solver reported an unbounded margin, which bounded inputs rule out: " + s.message();
      default -> tooClose
          ? "the best margin " + bound + " lies within the tolerance " + tolerance + " of 0: too close to call"
          : "no proof: status " + s.status() + ", bound " + bound;
    };
    return new Leaf(Verdict.UNKNOWN, reason, tooClose, s.status(), s.hasSolution() ? s.objective() : Double.NaN,
        bound, null, null, -1);
  }

  /** The model of one box and the handles the verdict needs. */
  private record Encoding(Model model, Var[] inputs, Var margin, double marginLower, double marginUpper, int stable,
      int unstable, double boundSeconds, int lpSolves, Interval[][] preActivationBounds) {
    int binaries() {
      return model.countVars(VarType.BINARY);
    }
  }

  private Encoding encode(FixedNetwork network, double[] lo, double[] hi, List<LinearAtom> atoms,
      SymbolicBounds symbolic, LpBoundTightener tightener) {
    long start = System.nanoTime();
    Model m = new Model("verify");
    Var[] x = new Var[lo.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = m.addContinuous(lo[i], hi[i], "X_" + i, "input");
    }
    BoxEncoder box = new BoxEncoder(m, symbolic, tightener, relu);
    Signal[] signals = box.encode(network, x);
    // t <= b_k - a_k(X, Y) for every atom.
    IntervalBounds intervals = IntervalBounds.of(m);
    List<LinearExpr> lhs = new ArrayList<>();
    double tUpper = Double.POSITIVE_INFINITY;
    double tLower = Double.POSITIVE_INFINITY;
    for (LinearAtom atom : atoms) {
      LinearExpr.Builder e = LinearExpr.builder();
      for (int i = 0; i < atom.x().length; i++) {
        if (atom.x()[i] != 0) {
          e.add(atom.x()[i], x[i]);
        }
      }
      for (int j = 0; j < atom.y().length; j++) {
        if (atom.y()[j] != 0) {
          e.add(atom.y()[j], signals[j].expr());
        }
      }
      LinearExpr expr = e.build();
      Interval range = intervals.range(expr);
      tUpper = Math.min(tUpper, atom.bound() - range.lo());
      tLower = Math.min(tLower, atom.bound() - range.hi());
      lhs.add(expr);
    }
    if (atoms.isEmpty()) {
      // The unsafe set is the input region itself: any point of it is a counterexample.
      tUpper = 0;
      tLower = 0;
    }
    // Only inputs within the tolerance of the unsafe set are of interest: t >= -tolerance makes the model infeasible
    // exactly when the box is safe, which solvers prove far faster than they bound an optimum (ACAS Xu 1_1
    // property 4: 2 s instead of 78 s).
    Var t = m.addContinuous(Math.min(-tolerance, tUpper), tUpper, "margin", "margin");
    for (int k = 0; k < atoms.size(); k++) {
      m.addLessOrEqual("atom" + k, LinearExpr.builder().add(lhs.get(k)).add(t).build(), atoms.get(k).bound());
    }
    m.setObjective(Sense.MAXIMIZE, LinearExpr.of(t));
    return new Encoding(m, x, t, tLower, tUpper, box.stable, box.unstable, since(start),
        tightener == null ? 0 : tightener.lpSolves(), box.ranges());
  }

  private static double since(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
