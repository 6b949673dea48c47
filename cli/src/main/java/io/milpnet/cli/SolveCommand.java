package io.milpnet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milpnet.core.bridge.BridgingSolver;
import io.milpnet.core.io.MpsFormatException;
import io.milpnet.core.io.MpsReader;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.VarType;
import io.milpnet.core.solver.InterruptSignal;
import io.milpnet.core.solver.Solution;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolveStatus;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.core.solver.SolverRegistry;
import io.milpnet.core.solver.TimeLimitGuard;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code milpnet solve MODEL.mps}: any MPS model on any backend, for solver comparisons. */
@Command(name = "solve", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Solve an MPS model (fixed or free format) with a backend and print status, objective, bound, time.")
public final class SolveCommand implements Callable<Integer> {
  private final SolverRegistry registry;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL.mps", description = "The model, in fixed or free MPS format.")
  Path modelFile;

  @Mixin
  SolverFlags solver;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Inject
  SolveCommand(SolverRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Integer call() throws IOException {
    solver.validate();
    SolverBackend backend = solver.backend(registry);
    Model model;
    try {
      model = new MpsReader().read(modelFile);
    } catch (MpsFormatException e) {
      throw new UserInputException(e.getMessage());
    }
    InterruptSignal interrupt = new InterruptSignal();
    SolveOptions options = solver.options(interrupt, backend);
    // The guard stays open until the result is printed: Ctrl-C stops the solver, and the shutdown hook waits for the
    // incumbent to be printed (closing it right after the solve let the JVM exit before the print).
    try (InterruptOnShutdown guard = new InterruptOnShutdown(interrupt)) {
      Solution s = new TimeLimitGuard(new BridgingSolver(backend)).solve(model, options);
      return print(model, backend, s, interrupt.isInterrupted());
    }
  }

  private int print(Model model, SolverBackend backend, Solution s, boolean interrupted) throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(toJson(model, backend, s));
    } else {
      out.printf(Locale.ROOT, "%s: %d variables (%d integer), %d constraints%n", modelFile, model.numVars(),
          model.numVars() - model.countVars(VarType.CONTINUOUS), model.numConstraints());
      out.printf(Locale.ROOT, "status %s  objective %s  best bound %s  gap %s  %.3f s  nodes %s  (%s)%n", s.status(),
          TrainCommand.fmt(s.objective()), TrainCommand.fmt(s.bestBound()), TrainCommand.percent(s.gap()),
          s.seconds(), s.nodes() < 0 ? "?" : s.nodes(), backend.name());
      if (!s.message().isEmpty()) {
        out.println(s.message());
      }
      if (interrupted) {
        out.println("interrupted: the solver was stopped early; the status above is what it had found");
      }
    }
    out.flush();
    return s.status() == SolveStatus.NO_SOLUTION || s.status() == SolveStatus.ERROR
        ? ExitCode.NO_SOLUTION
        : ExitCode.OK;
  }

  private static String toJson(Model model, SolverBackend solver, Solution s) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("status", s.status().name());
    Json.number(root, "objective", s.objective());
    Json.number(root, "bestBound", s.bestBound());
    Json.number(root, "gap", s.gap());
    root.put("seconds", s.seconds());
    Json.count(root, "nodes", s.nodes());
    root.put("backend", solver.name());
    root.put("backendVersion", solver.version());
    root.put("message", s.message());
    ObjectNode m = root.putObject("model");
    m.put("name", model.name());
    m.put("variables", model.numVars());
    m.put("integers", model.numVars() - model.countVars(VarType.CONTINUOUS));
    m.put("constraints", model.numConstraints());
    return mapper.writeValueAsString(root);
  }
}
