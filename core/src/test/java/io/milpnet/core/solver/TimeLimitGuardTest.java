package io.milpnet.core.solver;

import io.milpnet.core.solver.Capabilities.Feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.core.model.Model;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class TimeLimitGuardTest {
  /** A backend that sleeps for a while, optionally honouring interrupts. */
  static SolverBackend sleeper(double seconds, boolean interruptible) {
    return new SolverBackend() {
      public String name() {
        return "sleeper";
      }

      public String version() {
        return "0";
      }

      public Availability availability() {
        return Availability.yes();
      }

      public Capabilities capabilities() {
        return interruptible ? Capabilities.of(Feature.INTEGERS, Feature.RANGE_ROWS, Feature.INTERRUPT)
            : Capabilities.of(Feature.INTEGERS, Feature.RANGE_ROWS);
      }

      public Solution solve(Model model, SolveOptions options) {
        CountDownLatch stop = new CountDownLatch(1);
        if (interruptible) {
          options.interrupt().onInterrupt(stop::countDown);
        }
        try {
          stop.await((long) (seconds * 1000), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new Solution(SolveStatus.FEASIBLE, 1, Double.NaN, new double[0], seconds, -1, "slept");
      }
    };
  }

  @Test
  void aBackendThatIgnoresItsLimitIsAbandonedAfterTheGrace() {
    long start = System.nanoTime();
    Solution s = new TimeLimitGuard(sleeper(60, false)).solve(new Model("m"), SolveOptions.defaults().withTimeLimit(0.5));
    double elapsed = (System.nanoTime() - start) / 1e9;
    assertEquals(SolveStatus.NO_SOLUTION, s.status());
    assertTrue(s.message().contains("did not stop at its time limit"), s.message());
    assertTrue(elapsed < 0.5 + 2 * TimeLimitGuard.graceSeconds(0.5) + 1, "returned after " + elapsed + " s");
  }

  @Test
  void anInterruptibleBackendIsStoppedAndItsAnswerKept() {
    Solution s = new TimeLimitGuard(sleeper(60, true)).solve(new Model("m"), SolveOptions.defaults().withTimeLimit(0.5));
    assertEquals(SolveStatus.FEASIBLE, s.status());
    assertEquals("slept", s.message());
  }

  @Test
  void aBackendWithinItsLimitIsUntouched() {
    Solution s = new TimeLimitGuard(sleeper(0.05, false)).solve(new Model("m"), SolveOptions.defaults().withTimeLimit(5));
    assertEquals(SolveStatus.FEASIBLE, s.status());
  }

  @Test
  void exceptionsPropagate() {
    SolverBackend failing = new SolverBackend() {
      public String name() {
        return "f";
      }

      public String version() {
        return "0";
      }

      public Availability availability() {
        return Availability.yes();
      }

      public Capabilities capabilities() {
        return Capabilities.of(Feature.INTEGERS, Feature.RANGE_ROWS, Feature.TIME_LIMIT);
      }

      public Solution solve(Model model, SolveOptions options) {
        throw new UnsupportedModelException("no");
      }
    };
    assertThrows(UnsupportedModelException.class,
        () -> new TimeLimitGuard(failing).solve(new Model("m"), SolveOptions.defaults().withTimeLimit(5)));
  }
}
