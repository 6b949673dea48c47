package io.milpnet.cli;

import io.milpnet.core.solver.InterruptSignal;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The default executor of {@code milpnet bench}: a suite's jobs one after another in this process, the tables
 * rewritten after each job, so that an interrupted suite keeps the rows already done. Ctrl-C or SIGTERM: the job in
 * progress stops with its incumbent (its own hook) and writes its results, the suite its rows, and no job starts.
 */
final class LocalSuite {
  private final SuiteJobs jobs;
  private final PrintWriter out;
  private final PrintWriter err;

  LocalSuite(SuiteJobs jobs, PrintWriter out, PrintWriter err) {
    this.jobs = jobs;
    this.out = out;
    this.err = err;
  }

  int run(Path file, Path dir) throws IOException {
    List<String> names = jobs.names();
    jobs.prepare(dir);
    out.printf(Locale.ROOT, "milpnet bench: %s (%s), %d run(s), results in %s%n", file, jobs.kind(), names.size(),
        dir);
    out.flush();
    Map<String, Integer> codes = new LinkedHashMap<>();
    int rows = 0;
    InterruptSignal stop = new InterruptSignal();
    // The hook waits for this suite's rows longer than the job's own grace period.
    try (InterruptOnShutdown guard = new InterruptOnShutdown(stop, 120)) {
      try (SuiteProgress progress = new SuiteProgress("bench", names.size(), out, jobs.quiet())) {
        for (int j = 0; j < names.size() && !stop.isInterrupted(); j++) {
          String name = names.get(j);
          progress.started(j, jobs.label(name));
          codes.put(name, jobs.run(name, dir, out, err));
          rows = jobs.tabulate(dir, codes);
          progress.stepTo(j + 1);
        }
      }
      out.println((stop.isInterrupted() ? "interrupted: kept " : "wrote ") + rows + " row(s) in "
          + dir.resolve("results.csv") + " and results.md");
      out.flush();
    }
    return jobs.exitCode(codes);
  }
}
