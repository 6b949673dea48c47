package io.milpnet.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a text file so that readers see either the old file or the complete new one, never a half-written file: the
 * text goes to a temporary file in the same directory (same file system, so the rename can be atomic), which is then
 * moved over the target.
 */
public final class AtomicTextFile {
  /** Writes the whole text to an open writer. */
  public interface Body {
    void writeTo(Writer out) throws IOException;
  }

  private AtomicTextFile() {}

  public static void write(Path file, Body body) {
    replace(file, tmp -> {
      try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        body.writeTo(out);
      }
    });
  }

  /** Writes {@code bytes} (a binary format: ONNX) the same way: the old file or the complete new one. */
  public static void writeBytes(Path file, byte[] bytes) {
    replace(file, tmp -> Files.write(tmp, bytes));
  }

  /** Fills a temporary file. */
  private interface Fill {
    void into(Path tmp) throws IOException;
  }

  private static void replace(Path file, Fill fill) {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
      fill.into(tmp);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write '" + file + "': " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // The write already failed; that failure is the one to report.
        }
      }
    }
  }
}
