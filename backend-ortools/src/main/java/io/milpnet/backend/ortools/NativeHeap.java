package io.milpnet.backend.ortools;

import com.sun.jna.Function;

/**
 * Hands the C heap's free memory back to the operating system after a large native solve ({@code malloc_trim(0)} of
 * glibc). SCIP frees its memory when a solve ends, but glibc keeps freed chunks mapped in its arenas for reuse: in the
 * hybrid strategy's local search at MNIST scale, rounds of a few seconds each, the resident memory grew by about 2 GB
 * over 67 rounds while the JVM's heap stayed at 0.4 GB (docs/benchmarks.md, "Memory at MNIST scale"). Where the C
 * library has no {@code malloc_trim} (musl, macOS) this does nothing.
 */
final class NativeHeap {
  private static final Function TRIM = CLibrary.function("malloc_trim");

  private NativeHeap() {}

  /** Whether this C library can trim its heap. */
  static boolean available() {
    return TRIM != null;
  }

  /** {@code malloc_trim(0)}; false where unavailable. */
  static boolean trim() {
    if (TRIM == null) {
      return false;
    }
    TRIM.invokeInt(new Object[] {0});
    return true;
  }
}
