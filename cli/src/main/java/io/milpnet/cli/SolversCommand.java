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
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"backend", "available", "version", "capabilities"});
    List<String> reasons = new ArrayList<>();
    for (SolverBackend backend : registry.all().values()) {
      Availability a = backend.availability();
      rows.add(new String[] {backend.name(), a.available() ? "yes" : "no", a.available() ? backend.version() : "-",
          describe(backend.capabilities())});
      reasons.add(a.available() ? null : a.reason());
    }
    int[] width = new int[3];
    for (String[] row : rows) {
      for (int c = 0; c < width.length; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    String format = "%-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %s%n";
    for (int r = 0; r < rows.size(); r++) {
      out.printf(format, (Object[]) rows.get(r));
      String reason = r == 0 ? null : reasons.get(r - 1);
      if (reason != null) {
        out.println(" ".repeat(width[0] + 2) + reason);
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
    if (c.memoryLimit()) {
      parts.add("memory-limit");
    }
    if (c.solverParameters()) {
      parts.add("solver-parameters");
    }
    return String.join(", ", parts);
  }
}
