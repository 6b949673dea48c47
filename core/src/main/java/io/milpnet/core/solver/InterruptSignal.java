package io.milpnet.core.solver;

import java.util.ArrayList;
import java.util.List;

/**
 * Lets another thread (a Ctrl-C handler, a benchmark watchdog) stop a running solve. A backend registers how to stop
 * its native solver; {@link #interrupt()} runs those actions once. A backend that cannot be interrupted registers
 * nothing and declares so in its {@link Capabilities}.
 */
public final class InterruptSignal {
  private final List<Runnable> actions = new ArrayList<>();
  private boolean interrupted;

  /** Registers an action; runs it at once when the signal was already raised. */
  public void onInterrupt(Runnable action) {
    boolean runNow;
    synchronized (this) {
      runNow = interrupted;
      if (!runNow) {
        actions.add(action);
      }
    }
    if (runNow) {
      action.run();
    }
  }

  /** Removes a registered action (a backend does this when its solve returns). */
  public synchronized void remove(Runnable action) {
    actions.remove(action);
  }

  public void interrupt() {
    List<Runnable> toRun;
    synchronized (this) {
      if (interrupted) {
        return;
      }
      interrupted = true;
      toRun = new ArrayList<>(actions);
      actions.clear();
    }
    toRun.forEach(Runnable::run);
  }

  public synchronized boolean isInterrupted() {
    return interrupted;
  }
}
