package io.milpnet.backend.ortools;

import com.sun.jna.Function;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Captures what native code writes to the process's standard error (file descriptor 2) while a call runs: SCIP and
 * OR-Tools print a refused parameter there, several lines each, where milpnet says it in one line of its own. Only for
 * short calls before any solve (every thread's native stderr goes to the capture meanwhile). Where the C library's
 * {@code dup}/{@code dup2} cannot be reached, the call runs uncaptured.
 */
final class NativeStderr {
  private static final int STDERR = 2;
  private static final int O_WRONLY = 1;
  private static final Function DUP = CLibrary.function("dup");
  private static final Function DUP2 = CLibrary.function("dup2");
  private static final Function OPEN = CLibrary.function("open");
  private static final Function CLOSE = CLibrary.function("close");

  private NativeStderr() {}

  /** The call's result and the text native code wrote to stderr during it (empty when it could not be captured). */
  record Captured(boolean result, String text) {}

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  static synchronized Captured capture(BooleanSupplier call) {
    if (DUP == null || DUP2 == null || OPEN == null || CLOSE == null) {
      return new Captured(call.getAsBoolean(), "");
    }
    Path file;
    try {
      file = Files.createTempFile("milpnet-stderr", ".txt");
    } catch (IOException e) {
      return new Captured(call.getAsBoolean(), "");
    }
    try {
      int target = OPEN.invokeInt(new Object[] {file.toString(), O_WRONLY});
      int saved = target < 0 ? -1 : DUP.invokeInt(new Object[] {STDERR});
      if (saved < 0) {
        if (target >= 0) {
          CLOSE.invokeInt(new Object[] {target});
        }
        return new Captured(call.getAsBoolean(), "");
      }
      boolean result;
      DUP2.invokeInt(new Object[] {target, STDERR});
      try {
        result = call.getAsBoolean();
      } finally {
        DUP2.invokeInt(new Object[] {saved, STDERR});
        CLOSE.invokeInt(new Object[] {saved});
        CLOSE.invokeInt(new Object[] {target});
      }
      return new Captured(result, read(file));
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a temporary file left behind
      }
    }
  }
}
