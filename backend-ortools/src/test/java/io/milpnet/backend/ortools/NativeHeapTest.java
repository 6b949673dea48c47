package io.milpnet.backend.ortools;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** glibc's {@code malloc_trim} is found and runs (the Linux machines milpnet is built and measured on are glibc). */
class NativeHeapTest {
  @Test
  @EnabledOnOs(OS.LINUX)
  void glibcTrimsItsHeap() {
    assertTrue(NativeHeap.available(), "malloc_trim is found in the C library");
    assertTrue(NativeHeap.trim());
  }
}
