package io.milpnet.cli;

import io.milpnet.core.solver.InterruptSignal;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C during a solve stops the solver instead of killing the run: the shutdown hook raises the interrupt, then
 * waits (up to a grace period) for the command to write its results with the incumbent found so far.
 */
final class InterruptOnShutdown implements AutoCloseable {
  private static final long GRACE_SECONDS = 60;
  /** Set once a hook ran: a signal (not the command's own exit) started the JVM's shutdown. */
  private static final AtomicBoolean SIGNALLED = new AtomicBoolean();

  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;

  InterruptOnShutdown(InterruptSignal signal) {
    this(signal, GRACE_SECONDS);
  }

  /** With the grace period the hook waits for {@link #close} (a benchmark suite waits for its job's own). */
  InterruptOnShutdown(InterruptSignal signal, long graceSeconds) {
    hook = new Thread(() -> {
      SIGNALLED.set(true);
      signal.interrupt();
      try {
        finished.await(graceSeconds, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "milpnet-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Whether a signal started the JVM's shutdown while a command was at work: the JVM then ends with the signal's exit
   * code (130, 143) once the hooks return, and {@link Main} must not race it with the command's own code.
   */
  static boolean signalled() {
    return SIGNALLED.get();
  }

  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is already exiting (Ctrl-C): the hook returns now that the results are written.
    }
  }
}
