package io.milpnet.core.solver;

import io.milpnet.core.model.Model;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes sure no solve outlives its time limit by more than a grace period, whatever the backend does: the solve runs
 * on a daemon thread; at limit + grace the guard raises the interrupt, and if the backend still has not returned
 * after another grace period, the guard returns {@link SolveStatus#NO_SOLUTION} and abandons the thread (a native
 * solver that ignores its limit cannot be killed from Java; the thread dies with the process).
 */
public final class TimeLimitGuard extends ForwardingSolverBackend {

  public TimeLimitGuard(SolverBackend inner) {
    super(inner);
  }

  /** Grace after the limit: 10% of it, at least 2 seconds. */
  static double graceSeconds(double limit) {
    return Math.max(2.0, 0.1 * limit);
  }

  @Override
  public Solution solve(Model model, SolveOptions options) {
    if (!options.hasTimeLimit()) {
      return inner().solve(model, options);
    }
    InterruptSignal signal = options.interrupt() != null ? options.interrupt() : new InterruptSignal();
    SolveOptions withSignal = options.withInterrupt(signal);
    long start = System.nanoTime();
    CompletableFuture<Solution> future = new CompletableFuture<>();
    Thread worker = new Thread(() -> {
      try {
        future.complete(inner().solve(model, withSignal));
      } catch (Throwable t) {
        future.completeExceptionally(t);
      }
    }, "milpnet-solve-" + name());
    worker.setDaemon(true);
    worker.start();
    double limit = options.timeLimitSeconds();
    double grace = graceSeconds(limit);
    try {
      return await(future, limit + grace);
    } catch (TimeoutException first) {
      signal.interrupt();
      try {
        return await(future, grace);
      } catch (TimeoutException second) {
        return Solution.withoutValues(SolveStatus.NO_SOLUTION, (System.nanoTime() - start) / 1e9,
            "backend " + name() + " did not stop at its time limit of " + limit + " s nor when interrupted;"
                + " its solve was abandoned");
      }
    }
  }

  private static Solution await(CompletableFuture<Solution> future, double seconds) throws TimeoutException {
    try {
      return future.get((long) Math.ceil(seconds * 1000), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the solver", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
