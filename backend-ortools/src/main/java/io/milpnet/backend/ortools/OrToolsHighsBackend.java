package io.milpnet.backend.ortools;

import com.google.ortools.modelbuilder.ModelBuilder;
import com.google.ortools.modelbuilder.ModelBuilderHelper;
import com.google.ortools.modelbuilder.ModelSolver;
import com.google.ortools.modelbuilder.SolveStatus;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Sense;
import io.milpnet.core.model.VarType;
import io.milpnet.core.solver.Availability;
import io.milpnet.core.solver.Capabilities;
import io.milpnet.core.solver.Capabilities.Feature;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolutionCheck;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.core.solver.UnsupportedModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * HiGHS through OR-Tools' model builder ({@link ModelSolver}), the only OR-Tools route that honours a time limit for
 * HiGHS (through {@code MPSolver} HiGHS ignores it). Measured quirks of OR-Tools 9.14, and what this class does:
 *
 * <ul>
 *   <li>At the time limit the wrapper drops HiGHS's incumbent (status UNKNOWN or FEASIBLE with objective 0). HiGHS
 *       itself writes its incumbent to a solution file ({@code write_solution_to_file}), so the backend reads it from
 *       there and re-checks it against the model before reporting FEASIBLE. Every returned point, optimal or not,
 *       passes core's shared check ({@link SolutionCheck}, relative tolerance 1e-6) or is reported as an ERROR.
 *   <li>HiGHS's dual bound is not reported at a time limit: the best bound is only known at optimality, so {@link
 *       Capabilities#bestBound()} is false and a FEASIBLE solution carries no bound (its gap is unknown, not 0).
 *   <li>Solution hints crash the JVM: start values are declared unsupported and never passed.
 *   <li>{@code interruptSolve} returns true but HiGHS keeps running: no interrupt capability.
 *   <li>No indicator constraints: the bridges turn them into big-M rows.
 * </ul>
 */
public final class OrToolsHighsBackend implements SolverBackend {
  static final String NAME = "ortools-highs";
  private static final Capabilities CAPABILITIES = Capabilities.of(Feature.INTEGERS, Feature.RANGE_ROWS,
      Feature.TIME_LIMIT, Feature.CONCURRENT_SOLVES);

  private volatile String version;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String version() {
    String v = version;
    if (v == null) {
      if (OrToolsNatives.loadError() != null) {
        return "unavailable";
      }
      v = "HiGHS (OR-Tools " + com.google.ortools.init.OrToolsVersion.getVersionString() + ", model builder)";
      version = v;
    }
    return v;
  }

  @Override
  public Availability availability() {
    String error = OrToolsNatives.loadError();
    if (error != null) {
      return Availability.no(error);
    }
    return new ModelSolver("highs").solverIsSupported()
        ? Availability.yes()
        : Availability.no("this OR-Tools build has no HiGHS solver");
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public Solution solve(Model model, SolveOptions options) {
    long start = System.nanoTime();
    String error = OrToolsNatives.loadError();
    if (error != null) {
      return Solution.withoutValues(io.milpnet.core.solver.SolveStatus.ERROR, 0, error);
    }
    if (model.numIndicators() > 0) {
      throw new UnsupportedModelException(NAME + " has no indicator constraints: solve through the bridges");
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("milpnet-highs-");
      Path solutionFile = dir.resolve("incumbent.sol");
      ModelBuilder builder = translate(model);
      ModelSolver solver = new ModelSolver("highs");
      if (options.hasTimeLimit()) {
        solver.setTimeLimit(Duration.ofMillis((long) Math.ceil(options.timeLimitSeconds() * 1000)));
      }
      solver.enableOutput(options.log());
      solver.setSolverSpecificParameters(String.join("\n",
          "output_flag=" + options.log(),
          "mip_rel_gap=" + options.relativeGap(),
          "random_seed=" + Math.abs(options.seed()),
          "write_solution_to_file=true",
          "solution_file=" + solutionFile,
          "write_solution_style=0"));
      SolveStatus status = solver.solve(builder);
      return readSolution(model, builder, solver, status, solutionFile, seconds(start));
    } catch (IOException | RuntimeException e) {
      return Solution.withoutValues(io.milpnet.core.solver.SolveStatus.ERROR, seconds(start), NAME + " failed: " + e);
    } finally {
      deleteQuietly(dir);
    }
  }

  private static ModelBuilder translate(Model model) {
    ModelBuilder builder = new ModelBuilder();
    ModelBuilderHelper h = builder.getHelper();
    LinearExpr objective = model.objective();
    double[] objCoef = new double[model.numVars()];
    for (int k = 0; k < objective.size(); k++) {
      objCoef[objective.var(k)] += objective.coef(k);
    }
    for (int v = 0; v < model.numVars(); v++) {
      int idx = h.addVar();
      h.setVarLowerBound(idx, model.lowerBound(v));
      h.setVarUpperBound(idx, model.upperBound(v));
      h.setVarIntegrality(idx, model.varType(v) != VarType.CONTINUOUS);
      h.setVarObjectiveCoefficient(idx, objCoef[v]);
    }
    for (int r = 0; r < model.numConstraints(); r++) {
      int c = h.addLinearConstraint();
      h.setConstraintLowerBound(c, model.rowLowerBound(r));
      h.setConstraintUpperBound(c, model.rowUpperBound(r));
      for (int k = 0; k < model.rowSize(r); k++) {
        h.addConstraintTerm(c, model.rowVar(r, k), model.rowCoef(r, k));
      }
    }
    h.setMaximize(model.sense() == Sense.MAXIMIZE);
    h.setObjectiveOffset(objective.constant());
    return builder;
  }

  private Solution readSolution(Model model, ModelBuilder builder, ModelSolver solver, SolveStatus status,
      Path solutionFile, double seconds) throws IOException {
    if (status == SolveStatus.OPTIMAL && solver.hasSolution()) {
      double[] values = new double[model.numVars()];
      for (int v = 0; v < values.length; v++) {
        values[v] = solver.getValue(builder.varFromIndex(v));
      }
      double objective = solver.getObjectiveValue();
      return SolutionCheck.checked(NAME, model, new Solution(io.milpnet.core.solver.SolveStatus.OPTIMAL, objective,
          solver.getBestObjectiveBound(), values, seconds, -1, ""));
    }
    if (status == SolveStatus.INFEASIBLE) {
      return Solution.withoutValues(io.milpnet.core.solver.SolveStatus.INFEASIBLE, seconds, "");
    }
    if (status == SolveStatus.UNBOUNDED) {
      return Solution.withoutValues(io.milpnet.core.solver.SolveStatus.UNBOUNDED, seconds, "");
    }
    if (status == SolveStatus.FEASIBLE || status == SolveStatus.UNKNOWN_STATUS || status == SolveStatus.NOT_SOLVED
        || status == SolveStatus.CANCELLED_BY_USER) {
      double[] values = readIncumbent(solutionFile, model.numVars());
      if (values == null) {
        return Solution.withoutValues(io.milpnet.core.solver.SolveStatus.NO_SOLUTION, seconds,
            "stopped before finding a feasible solution (time limit)");
      }
      return SolutionCheck.checked(NAME + " (incumbent file)", model, new Solution(
          io.milpnet.core.solver.SolveStatus.FEASIBLE, model.objective().evaluate(values), Double.NaN, values, seconds,
          -1, "stopped with an incumbent before proving optimality; HiGHS reports no bound here"));
    }
    return Solution.withoutValues(io.milpnet.core.solver.SolveStatus.ERROR, seconds, "HiGHS returned " + status);
  }

  /**
   * Reads HiGHS's raw solution file ({@code write_solution_style=0}): after {@code # Primal solution values} comes
   * {@code Feasible} (or {@code Infeasible}/{@code None}), {@code Objective v}, {@code # Columns n} and n lines
   * {@code name value} in column order. Returns null when there is no feasible solution.
   */
  static double[] readIncumbent(Path file, int numVars) throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    List<String> lines = Files.readAllLines(file);
    int i = lines.indexOf("# Primal solution values");
    if (i < 0 || i + 1 >= lines.size() || !lines.get(i + 1).trim().toLowerCase(Locale.ROOT).equals("feasible")) {
      return null;
    }
    int columns = -1;
    for (int k = i + 2; k < lines.size(); k++) {
      if (lines.get(k).startsWith("# Columns")) {
        columns = k;
        break;
      }
    }
    if (columns < 0) {
      return null;
    }
    int n = Integer.parseInt(lines.get(columns).substring("# Columns".length()).trim());
    if (n != numVars || columns + n >= lines.size()) {
      throw new IOException("HiGHS solution file has " + n + " columns, the model " + numVars);
    }
    double[] values = new double[n];
    for (int v = 0; v < n; v++) {
      String[] parts = lines.get(columns + 1 + v).trim().split("\\s+");
      values[v] = Double.parseDouble(parts[parts.length - 1]);
    }
    return values;
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.deleteIfExists(p);
      }
      Files.deleteIfExists(dir);
    } catch (IOException ignored) {
      // a leftover temp file is harmless
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
