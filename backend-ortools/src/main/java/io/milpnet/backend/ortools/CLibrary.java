package io.milpnet.backend.ortools;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/** Functions of the C library through JNA, for the few calls the backend makes outside the solvers. */
final class CLibrary {
  private CLibrary() {}

  /** The C library's function {@code name}, or null where the library or the function cannot be reached. */
  static Function function(String name) {
    try {
      return NativeLibrary.getInstance("c").getFunction(name);
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return null;
    }
  }
}
