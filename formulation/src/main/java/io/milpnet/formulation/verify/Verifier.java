package io.milpnet.formulation.verify;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.bridge.BridgingSolver;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Sense;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.core.solver.TimeLimitGuard;
import io.milpnet.formulation.encode.LpBoundTightener;
import io.milpnet.formulation.encode.ReluFormulation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * The most a disjunct's gradient attack ({@link Falsifier}) may take, and at most a twentieth of the time limit:
   * {@value Falsifier#RESTARTS} starts of {@value Falsifier#STEPS} forward and backward passes take milliseconds on
   * ACAS Xu and a fraction of a second on the MNIST networks of VNN-COMP. It runs once per disjunct, before any box
   * search, unless the symbolic bounds prove the disjunct's whole box at once (then it pays nothing for it).
   */
  static final double ATTACK_SECONDS = 2.0;

  /**
   * Steps of the optimisation of the lower slopes of unstable ReLUs ({@link SymbolicBounds#optimisedLowerLine}) on a
   * box whose plain symbolic bound does not prove it; each costs one back-substitution of the property's line.
   */
  static final int SLOPE_STEPS = 12;

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
  /** Whether each disjunct is attacked by gradient descent before its box search (see {@link #withAttack}). */
  private boolean attack = true;

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
    return this;
  }

  /**
   * Whether a gradient attack ({@link Falsifier}) looks for a counterexample of every disjunct whose whole box the
   * bounds do not prove, before any box search (default true). It changes how fast a violation is found, never an answer: its points pass the same double
   * forward-pass re-check. Off, every counterexample comes from the box search (its centres, corners and MILP solves).
   */
  public Verifier withAttack(boolean on) {
    this.attack = on;
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
    // One attack for the property: the disjuncts' first attacks and the boxes' attacks before their MILPs share it.
    Falsifier falsifier = attack ? new Falsifier(network) : null;
    if (falsifier != null) {
      DisjunctResult found = attackAll(network, property, options, falsifier);
      if (found != null) {
        results.add(found);
        return new VerificationResult(Verdict.VIOLATED, "disjunct " + found.index() + ": " + found.reason(), results,
            since(start));
      }
    }
    boolean allHold = true;
    for (int d = 0; d < property.disjuncts().size(); d++) {
      double elapsed = since(start);
      SolveOptions remaining = options.hasTimeLimit()
          ? options.withTimeLimit(Math.max(0.5, options.timeLimitSeconds() - elapsed))
          : options;
      DisjunctResult r = verifyDisjunct(network, property.disjuncts().get(d), d, remaining, falsifier);
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
   * The gradient attack ({@link Falsifier}) on every disjunct whose whole box its bounds do not prove, before any box
   * search: a disjunct searched first can take the whole time limit while another's counterexample is found in
   * milliseconds. The first re-checked counterexample, or null.
   */
  private DisjunctResult attackAll(FixedNetwork network, VnnProperty property, SolveOptions options,
      Falsifier falsifier) {
    double total = options.hasTimeLimit() ? options.timeLimitSeconds() : Double.POSITIVE_INFINITY;
    Map<Integer, DisjunctBox> open = new LinkedHashMap<>();
    for (int d = 0; d < property.disjuncts().size(); d++) {
      DisjunctBox box = DisjunctBox.of(property.disjuncts().get(d), network.inputs(), d);
      // A disjunct the bounds prove at once needs no attack: none can succeed.
      boolean proven = box.empty() != null || bounds != BoundMethod.INTERVAL && SymbolicProof.of(
          SymbolicBounds.over(network, box.lo(), box.hi()), box.conditions()).excess() > tolerance;
      if (!proven) {
        open.put(d, box);
      }
    }
    if (open.isEmpty()) {
      return null;
    }
    // Two rounds: the centre and one random start on every open disjunct, then the other starts.
    int[][] rounds = {{0, 2}, {2, Falsifier.RESTARTS}};
    for (int[] round : rounds) {
      for (Map.Entry<Integer, DisjunctBox> e : open.entrySet()) {
        long start = System.nanoTime();
        int d = e.getKey();
        Leaf found = falsifier.search(property.disjuncts().get(d), e.getValue(),
            Math.min(ATTACK_SECONDS, total / 20) / rounds.length, d, round[0], round[1]);
        if (found != null) {
          return new SearchStats().result(d, Verdict.VIOLATED, found.reason(), found, start);
        }
      }
    }
    return null;
  }

  /**
   * One disjunct: its input box is searched depth first; each box is proven empty (symbolic bounds, LP relaxation or
   * MILP), yields a re-checked counterexample, or is halved ({@link BoxSplit#input}).
   *
   * @param falsifier the gradient attack tried on a box before its MILP, or null for none ({@link #withAttack})
   */
  DisjunctResult verifyDisjunct(FixedNetwork network, Conjunction disjunct, int index, SolveOptions options,
      Falsifier falsifier) {
    long start = System.nanoTime();
    DisjunctBox box = DisjunctBox.of(disjunct, network.inputs(), index);
    double[] lo = box.lo();
    double[] hi = box.hi();
    List<LinearAtom> rows = box.conditions();
    SearchStats stats = new SearchStats();
    if (box.empty() != null) {
      stats.proven = 1;
      return stats.result(index, Verdict.HOLDS, box.empty(), Leaf.proof(SolveStatus.INFEASIBLE,
          Double.NEGATIVE_INFINITY), start);
    }
    double total = options.hasTimeLimit() ? options.timeLimitSeconds() : Double.POSITIVE_INFINITY;
    double leafLimit = Double.isFinite(total) ? Math.max(LEAF_MIN, total / LEAF_SHARE) : 60.0;
    int workers = Math.max(1, options.threads());
    int obbtThreads = Math.max(1, lpThreads / workers);
    BoxProver prover = new BoxProver(solver, bounds, relu, tolerance, seconds -> tightener(seconds, obbtThreads),
        network, disjunct, rows, options.withThreads(1), falsifier, lo, hi);
    BoxSearch search = new BoxSearch("disjunct " + index, prover, progress, lo, hi, options.withThreads(1), total,
        leafLimit, start);
    if (workers == 1) {
      search.work(stats);
    } else {
      List<Thread> threads = new ArrayList<>();
      List<SearchStats> perThread = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        SearchStats own = new SearchStats();
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
      BoxSearch.Ending e = search.ending;
      return e.leaf() == null
          ? stats.unknown(index, e.reason(), start)
          : stats.result(index, e.verdict(), e.reason(), e.leaf(), start);
    }
    return stats.result(index, Verdict.HOLDS, stats.proven == 1
        ? "proven on the whole input box (" + stats.lastProof + ")"
        : "proven on all " + stats.proven + " boxes of " + stats.splits + " input splits (" + stats.symbolicProofs
            + " by symbolic bounds, " + stats.lpProofs + " by the LP relaxation, " + stats.milpProofs + " by MILP)",
        null, start);
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
    DisjunctBox box = DisjunctBox.of(disjunct, network.inputs(), index);
    if (box.empty() != null) {
      throw new IllegalArgumentException("disjunct " + index + ": " + box.empty() + ", nothing to measure");
    }
    SymbolicBounds symbolic = bounds == BoundMethod.INTERVAL ? null : SymbolicBounds.over(network, box.lo(), box.hi());
    double budget = options.hasTimeLimit() ? options.timeLimitSeconds() / 2 : 600;
    MarginModel enc = MarginModel.of(network, box.lo(), box.hi(), box.conditions(), symbolic,
        tightener(budget, lpThreads), relu, tolerance);
    enc.model().setBounds(enc.margin().index(), Math.min(enc.marginLower(), enc.marginUpper()), enc.marginUpper());
    enc.model().setObjective(Sense.MAXIMIZE, LinearExpr.of(enc.margin()));
    double lpBound = LpBoundTightener.relaxationOptimum(enc.model(), lpRelaxSolver);
    double left = options.hasTimeLimit() ? Math.max(0.5, options.timeLimitSeconds() - since(start))
        : Double.POSITIVE_INFINITY;
    Solution s = solver.solve(enc.model(), Double.isFinite(left) ? options.withTimeLimit(left) : options);
    Leaf leaf = BoxProver.judge(network, disjunct, enc, s, box.lo(), box.hi(), tolerance);
    return new BoxMeasurement(enc.binaries(), enc.model().numConstraints() + enc.model().numIndicators(), enc.stable(),
        enc.unstable(), lpBound, s, enc.boundSeconds(), since(start), leaf.verdict(),
        leaf.reason().isEmpty() ? s.status().toString() : leaf.reason());
  }

  /**
   * The pre-activation bounds this verifier's bound method proves on the box {@code [lo, hi]} (per layer and unit),
   * as the encoding of a box uses them: for tests and for reports.
   */
  Interval[][] preActivationBounds(FixedNetwork network, double[] lo, double[] hi) {
    SymbolicBounds symbolic = bounds == BoundMethod.INTERVAL ? null : SymbolicBounds.over(network, lo, hi);
    return MarginModel.of(network, lo, hi, List.of(), symbolic, tightener(600, lpThreads), relu, tolerance)
        .preActivationBounds();
  }

  /** The LP bound tightener of {@link BoundMethod#LP} (null for the other methods). */
  private LpBoundTightener tightener(double budgetSeconds, int threads) {
    return bounds == BoundMethod.LP ? new LpBoundTightener(lpSolver, budgetSeconds).withThreads(threads) : null;
  }


  static double since(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
