package io.milpnet.cli;

import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress of a benchmark suite's jobs. On a terminal (and when asked for): a progress bar of jobs ended against
 * jobs in the suite, with the job in progress as its message, while the solves show none of their own. Elsewhere (CI
 * logs, pipes, a job array's log): a line per change.
 */
final class SuiteProgress implements AutoCloseable {
  private final int total;
  private final PrintWriter out;
  private final ProgressBar bar;
  private final boolean quietBefore;
  private int reported = -1;

  SuiteProgress(String task, int total, PrintWriter out, boolean barWanted) {
    this.total = total;
    this.out = out;
    this.quietBefore = SolveProgress.quiet;
    this.bar = barWanted && System.console() != null ? new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err)).build() : null;
    if (bar != null) {
      SolveProgress.quiet = true;
    }
  }

  /** Job {@code index} (from 0) starts: the bar's message, or a line. */
  void started(int index, String label) {
    if (bar != null) {
      bar.setExtraMessage(label);
    } else {
      out.printf(Locale.ROOT, "run %d/%d: %s%n", index + 1, total, label);
      out.flush();
    }
  }

  /** {@code ended} jobs have ended, with {@code running} ones still running (-1: not known): shown when it changed. */
  void ended(int ended, int running) {
    if (bar != null) {
      bar.stepTo(ended);
      if (running >= 0) {
        bar.setExtraMessage(running + " running");
      }
    } else if (ended != reported) {
      out.printf(Locale.ROOT, "  %d/%d run(s) ended%n", ended, total);
      out.flush();
    }
    reported = ended;
  }

  /** {@code ended} jobs have ended (the bar only: the lines name each job as it starts). */
  void stepTo(int ended) {
    if (bar != null) {
      bar.stepTo(ended);
    }
  }

  @Override
  public void close() {
    SolveProgress.quiet = quietBefore;
    if (bar != null) {
      bar.close();
    }
  }
}
