package io.milpnet.formulation.verify;

import io.milpnet.core.bounds.Interval;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.formulation.encode.LpBoundTightener;
import io.milpnet.formulation.encode.ReluFormulation;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * The work on one box of a disjunct's input region: the centre and the weakest corner of the symbolic bound tried as
 * counterexamples (double forward pass); a symbolic proof; the margin model ({@link MarginModel}) with its interval,
 * LP-relaxation and MILP proofs; a counterexample of the solver accepted only after the exact re-check, and one more
 * solve for a robust one when it fails it.
 */
final class BoxProver implements BoxSearch.Prover {
  private final SolverBackend solver;
  private final BoundMethod bounds;
  private final ReluFormulation relu;
  private final double tolerance;
  private final DoubleFunction<LpBoundTightener> tighteners;
  private final FixedNetwork network;
  private final Conjunction disjunct;
  private final List<LinearAtom> rows;
  private final SolveOptions options;
  private final Falsifier attack;
  private final double[] regionLo;
  private final double[] regionHi;

  /**
   * @param tighteners the LP bound tightener of a box with the given budget in seconds (null values for the bound
   *     methods without LP)
   * @param rows the disjunct's conditions (its atoms that are not input bounds)
   * @param attack the gradient attack tried on a box before its MILP, or null for none
   * @param regionLo the lower corner of the disjunct's whole input box (the splits' widths are relative to it)
   * @param regionHi its upper corner
   */
  BoxProver(SolverBackend solver, BoundMethod bounds, ReluFormulation relu, double tolerance,
      DoubleFunction<LpBoundTightener> tighteners, FixedNetwork network, Conjunction disjunct,
      List<LinearAtom> rows, SolveOptions options, Falsifier attack, double[] regionLo, double[] regionHi) {
    this.solver = solver;
    this.bounds = bounds;
    this.relu = relu;
    this.tolerance = tolerance;
    this.tighteners = tighteners;
    this.network = network;
    this.disjunct = disjunct;
    this.rows = rows;
    this.options = options;
    this.attack = attack;
    this.regionLo = regionLo;
    this.regionHi = regionHi;
  }

  /** Starts of the gradient attack on a box before its MILP (the centre and random points), and their seed. */
  static final int LEAF_ATTACK_STARTS = 3;

  static final long LEAF_ATTACK_SEED = 1;

  @Override
  public Leaf prove(double[] lo, double[] hi, double seconds, SearchStats stats) {
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
      SymbolicProof plain = SymbolicProof.of(symbolic, rows);
      SymbolicProof proof = plain.excess() <= tolerance ? plain.optimised(symbolic, Verifier.SLOPE_STEPS) : plain;
      stats.boundSeconds += Verifier.since(start);
      if (proof.excess() > tolerance) {
        stats.symbolicProofs++;
        stats.lastProof = "symbolic bounds: " + proof.what() + " by at least " + proof.excess();
        return Leaf.proof(SolveStatus.OPTIMAL, -proof.excess());
      }
      // The plain line steers the split: the optimised one's coefficients chose worse inputs (ACAS Xu 1_2 property 3:
      // more than 8,000 boxes instead of 502 with the smear of the line alone).
      splitInput = BoxSplit.input(plain.line(), tolerance - plain.excess(), lo, hi, regionLo, regionHi);
      if (proof.line().length > 0) {
        // The corner where the bound is weakest is the likeliest counterexample: one more forward pass.
        double[] corner = symbolic.minimiser(proof.line());
        double[] atCorner = network.evaluate(corner);
        if (disjunct.holdsAt(corner, atCorner)) {
          return new Leaf(Verdict.VIOLATED, "a corner of an input box is a counterexample (double forward pass)",
              false, SolveStatus.FEASIBLE, disjunct.margin(corner, atCorner), Double.NaN, corner, atCorner, -1);
        }
      }
      if (symbolic.unstable() > Verifier.MILP_MAX_UNSTABLE && splitInput >= 0) {
        return new Leaf(Verdict.UNKNOWN, symbolic.unstable() + " unstable ReLUs", false, SolveStatus.NO_SOLUTION,
            Double.NaN, Double.NaN, null, null, splitInput, upperFirst(centre, lo, hi, splitInput));
      }
    }
    if (attack != null) {
      // A few gradient-attack starts cost a fraction of a MILP solve and find counterexamples in narrow bands that
      // the attack on the whole box missed (ACAS Xu 1_2 property 2).
      Leaf found = attack.search(disjunct, new DisjunctBox(lo, hi, rows, null), seconds, LEAF_ATTACK_SEED, 0,
          LEAF_ATTACK_STARTS);
      if (found != null) {
        return found;
      }
    }
    LpBoundTightener tightener = tighteners.apply(seconds / 2);
    MarginModel enc = MarginModel.of(network, lo, hi, rows, symbolic, tightener, relu, tolerance);
    stats.maxBinaries = Math.max(stats.maxBinaries, enc.binaries());
    stats.minStable = Math.min(stats.minStable, enc.stable());
    stats.boundSeconds += enc.boundSeconds();
    stats.lpSolves += enc.lpSolves();
    if (enc.marginUpper() < -tolerance) {
      stats.symbolicProofs++;
      stats.lastProof = "interval bounds: the margin is at most " + enc.marginUpper();
      return Leaf.proof(SolveStatus.OPTIMAL, enc.marginUpper());
    }
    if (tightener != null) {
      // The LP relaxation is a relaxation: a negative LP bound on the margin is a proof, and a cheap one.
      Interval lp = tightener.tighten(tightener.relax(enc.model()), LinearExpr.of(enc.margin()),
          new Interval(enc.model().lowerBound(enc.margin().index()), enc.model().upperBound(enc.margin().index())));
      stats.lpSolves += 2;
      if (lp.hi() < -tolerance) {
        stats.lpProofs++;
        stats.lastProof = "the LP relaxation bounds the margin by " + lp.hi();
        return Leaf.proof(SolveStatus.OPTIMAL, lp.hi());
      }
    }
    double left = Math.max(0.5, seconds - Verifier.since(start));
    stats.milpSolves++;
    Solution s = solver.solve(enc.model(), options.withTimeLimit(left).withRelativeGap(Verifier.SIGN_GAP));
    Leaf leaf = judge(network, disjunct, enc, s, lo, hi, tolerance);
    if (leaf.verdict() == Verdict.UNKNOWN && s.hasSolution() && s.objective() >= 0 && enc.marginUpper() >= tolerance) {
      // The solver's point satisfies the atoms only within its tolerances: look for one with a real margin.
      enc.model().setBounds(enc.margin().index(), tolerance, Math.max(tolerance, enc.marginUpper()));
      stats.milpSolves++;
      Solution robust = solver.solve(enc.model(), options.withTimeLimit(left).withRelativeGap(Verifier.SIGN_GAP)
          .withStartValues(null));
      if (robust.hasSolution()) {
        Leaf retry = judge(network, disjunct, enc, robust, lo, hi, tolerance);
        if (retry.verdict() == Verdict.VIOLATED) {
          return retry;
        }
      }
      if (robust.status() == SolveStatus.INFEASIBLE || robust.status() == SolveStatus.OPTIMAL) {
        return new Leaf(Verdict.UNKNOWN, "the solver's counterexample fails the exact forward-pass re-check and no"
            + " input has a margin of " + tolerance + ": any violation lies within the tolerance of the property's"
            + " boundary", true, s.status(), s.objective(), s.bestBound(), null, null, -1);
      }
    }
    if (leaf.verdict() == Verdict.HOLDS) {
      stats.milpProofs++;
      stats.lastProof = leaf.reason();
    }
    return leaf.splitAlong(splitInput, splitInput >= 0 && upperFirst(centre, lo, hi, splitInput));
  }

  /**
   * Whether the upper half of the box, halved along {@code input}, comes closer to the unsafe set at its centre than
   * the lower half does (two forward passes): the search takes it first, as the likelier to hold a counterexample.
   * Only the order of the search changes, never what it proves.
   */
  private boolean upperFirst(double[] centre, double[] lo, double[] hi, int input) {
    double[] x = centre.clone();
    x[input] = lo[input] + 0.25 * (hi[input] - lo[input]);
    double lower = disjunct.margin(x, network.evaluate(x));
    x[input] = lo[input] + 0.75 * (hi[input] - lo[input]);
    return disjunct.margin(x, network.evaluate(x)) > lower;
  }

  /**
   * The verdict of a solve of a box's margin model: violated when the solver's point, clamped into the box, passes
   * the double forward pass; holds on a proof of infeasibility or a proven bound below {@code -tolerance}; unknown
   * otherwise, with the reason.
   */
  static Leaf judge(FixedNetwork network, Conjunction disjunct, MarginModel enc, Solution s, double[] lo,
      double[] hi, double tolerance) {
    double bound = s.bestBound();
    if (s.hasSolution()) {
      double[] x = new double[lo.length];
      for (int i = 0; i < x.length; i++) {
        x[i] = Math.max(lo[i], Math.min(hi[i], s.value(enc.inputs()[i].index())));
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
}
