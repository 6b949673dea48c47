package io.milpnet.formulation.train;

import io.milpnet.core.bridge.IndicatorToBigMBridge;
import io.milpnet.core.bridge.LpRelaxation;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.VarType;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.formulation.network.TrainedNetwork;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the root gap of a training MILP comes from: the LP relaxation solved again with one kind of binaries (ReLU
 * phases, grid weights and their products, L0 and structure indicators, 0-1 loss indicators) fixed to an incumbent
 * network's values ({@code fixed}: how much of the gap that piece's relaxation carries when the others stay relaxed),
 * and with every binary fixed except that kind ({@code alone}: the bound when only that piece is relaxed). With every
 * binary fixed the LP is the incumbent's pattern's own problem, whose optimum is at most the incumbent's objective.
 *
 * <p>A diagnosis, not a bound: the fixings are the incumbent's, so the raised LP values hold for networks with those
 * binaries only.
 */
public final class GapDiagnosis {

  /**
   * One kind of binaries.
   *
   * @param name what they encode
   * @param binaries how many the model has
   * @param fixed the LP bound with these fixed to the incumbent (the others relaxed)
   * @param alone the LP bound with every other binary fixed to the incumbent (these relaxed)
   */
  public record Piece(String name, int binaries, double fixed, double alone) {}

  /**
   * @param lpBound the plain LP relaxation's optimum
   * @param allFixed the LP optimum with every binary at the incumbent's value
   * @param incumbent the incumbent's objective
   * @param pieces one entry per kind of binaries present
   */
  public record Result(double lpBound, double allFixed, double incumbent, List<Piece> pieces) {
    /** One line per piece, for the run's log. */
    public List<String> lines() {
      List<String> out = new ArrayList<>();
      out.add(String.format(java.util.Locale.ROOT, "gap diagnosis: LP %s, every binary at the incumbent's value %s,"
          + " incumbent %s", fmt(lpBound), fmt(allFixed), fmt(incumbent)));
      for (Piece p : pieces) {
        out.add(String.format(java.util.Locale.ROOT, "  %-34s %5d binaries: LP with them fixed %s (%s of the gap);"
            + " LP with only them relaxed %s", p.name(), p.binaries(), fmt(p.fixed()), share(p.fixed()),
            fmt(p.alone())));
      }
      return out;
    }

    private String share(double v) {
      double gap = incumbent - lpBound;
      // LP noise of a few ulps must not print as -0%.
      return gap <= 0 || Double.isNaN(v) ? "-" : String.format(java.util.Locale.ROOT, "%.0f%%",
          Math.max(0, 100 * (v - lpBound) / gap));
    }
  }

  private GapDiagnosis() {}

  /** Kinds of binaries by their variable tag; tags not named here are grouped under their own tag. */
  static String kind(String tag) {
    if (tag == null) {
      return "other";
    }
    return switch (tag) {
      case "relu-phase", "step-phase", "maxpool-choice" -> "activation phases (ReLU, step, max)";
      case "weight", "bias" -> "grid weights (and their products)";
      case "weight-nonzero", "neuron-mask", "feature-mask", "filter-mask", "layer-switch" ->
          "L0, neuron and structure indicators";
      case "loss" -> "loss indicators (0-1)";
      default -> tag;
    };
  }

  /**
   * Diagnoses the problem's root gap at {@code incumbent} (a network of the problem's domains, e.g. the solver's best)
   * with {@code lp} solving the relaxations.
   */
  public static Result of(TrainingProblem problem, TrainedNetwork incumbent, double incumbentObjective,
      SolverBackend lp) {
    Model model = problem.model();
    Model bigM = model.numIndicators() > 0 ? new IndicatorToBigMBridge().apply(model) : model;
    double[] values = problem.startValues(incumbent);
    Map<String, List<Integer>> kinds = new LinkedHashMap<>();
    for (int v = 0; v < model.numVars(); v++) {
      if (model.varType(v) != VarType.CONTINUOUS) {
        kinds.computeIfAbsent(kind(model.varTag(v)), k -> new ArrayList<>()).add(v);
      }
    }
    double lpBound = solve(lp, bigM, values, List.of());
    List<Integer> all = new ArrayList<>();
    kinds.values().forEach(all::addAll);
    double allFixed = solve(lp, bigM, values, all);
    List<Piece> pieces = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> e : kinds.entrySet()) {
      List<Integer> others = new ArrayList<>(all);
      others.removeAll(e.getValue());
      pieces.add(new Piece(e.getKey(), e.getValue().size(), solve(lp, bigM, values, e.getValue()),
          solve(lp, bigM, values, others)));
    }
    return new Result(lpBound, allFixed, incumbentObjective, pieces);
  }

  private static double solve(SolverBackend lp, Model bigM, double[] values, List<Integer> fix) {
    Model relaxed = new LpRelaxation().apply(bigM);
    for (int v : fix) {
      double x = Math.rint(values[v]);
      relaxed.setBounds(v, x, x);
    }
    Solution s = lp.solve(relaxed, SolveOptions.defaults().withRelativeGap(0));
    return s.status() == SolveStatus.OPTIMAL ? s.objective() : Double.NaN;
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "-" : String.format(java.util.Locale.ROOT, "%.4g", v);
  }
}
