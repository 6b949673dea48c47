package io.milpnet.cli;

import io.milpnet.core.solver.Availability;
import io.milpnet.core.solver.Capabilities;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.core.solver.SolverRegistry;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code milpnet solvers}: every registered backend with its version, capabilities and availability. */
@Command(name = "solvers", mixinStandardHelpOptions = true,
    description = "List the solver backends, their versions, capabilities and availability.")
public final class SolversCommand implements Callable<Integer> {
  private final SolverRegistry registry;

  @Spec
  CommandSpec spec;

  @Inject
  SolversCommand(SolverRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%-14s %-9s %-44s %s%n", "backend", "available", "version", "capabilities");
    for (SolverBackend backend : registry.all().values()) {
      Availability a = backend.availability();
      out.printf("%-14s %-9s %-44s %s%n", backend.name(), a.available() ? "yes" : "no",
          a.available() ? backend.version() : "-", describe(backend.capabilities()));
      if (!a.available()) {
        out.println("               " + a.reason());
      }
    }
    out.flush();
    return ExitCode.OK;
  }

  static String describe(Capabilities c) {
    List<String> parts = new ArrayList<>();
    parts.add(c.integers() ? "MILP" : "LP only");
    if (c.indicators()) {
      parts.add("indicators");
    }
    if (c.timeLimit()) {
      parts.add("time-limit");
    }
    if (c.startValues()) {
      parts.add("start-values");
    }
    if (c.bestBound()) {
      parts.add("best-bound");
    }
    if (c.interrupt()) {
      parts.add("interrupt");
    }
    return String.join(", ", parts);
  }
}
