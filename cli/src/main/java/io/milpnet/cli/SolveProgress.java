package io.milpnet.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows that a long solve is alive. On a terminal: a progress bar of elapsed time against the time limit. Elsewhere
 * (CI logs, pipes): a line every 30 seconds. The solver gives no callbacks through its Java API, so time is what we
 * can show; the solver's own log is {@code --verbose}.
 */
final class SolveProgress implements AutoCloseable {
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "milpnet-progress");
    t.setDaemon(true);
    return t;
  });
  private final long startNanos = System.nanoTime();
  /** Set while a benchmark suite shows its own progress bar: solves then show none. */
  static volatile boolean quiet;
  private final ProgressBar bar;

  SolveProgress(String task, double timeLimitSeconds, boolean enabled, PrintStream err) {
    boolean terminal = System.console() != null;
    enabled &= !quiet;
    if (enabled && terminal) {
      long max = Double.isFinite(timeLimitSeconds) ? (long) Math.ceil(timeLimitSeconds) : -1;
      bar = new ProgressBarBuilder()
          .setTaskName(task)
          .setInitialMax(max)
          .setUnit(" s", 1)
          .setStyle(ProgressBarStyle.ASCII)
          .setUpdateIntervalMillis(500)
          .setConsumer(new ConsoleProgressBarConsumer(err))
          .hideEta()
          .build();
      ticker.scheduleAtFixedRate(() -> bar.stepTo(elapsedSeconds()), 1, 1, TimeUnit.SECONDS);
    } else {
      bar = null;
      if (enabled) {
        ticker.scheduleAtFixedRate(
            () -> err.println("  ... " + task + ": " + elapsedSeconds() + " s elapsed"
                + (Double.isFinite(timeLimitSeconds) ? " of " + (long) timeLimitSeconds + " s" : "")),
            30, 30, TimeUnit.SECONDS);
      }
    }
  }

  private long elapsedSeconds() {
    return Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    if (bar != null) {
      bar.close();
    }
  }
}
