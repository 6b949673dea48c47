package io.milpnet.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a run's result files all or nothing: files are staged in a hidden sibling directory and moved into place
 * only by {@link #commit()}. A run that fails before committing leaves no trace in the output directory.
 */
final class RunDirectory {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final Path target;
  private final Map<String, String> files = new LinkedHashMap<>();

  private RunDirectory(Path target) {
    this.target = target;
  }

  /**
   * The output directory: {@code out} if given (it may exist, but must not be a file), else {@code runs/<timestamp>}
   * under the working directory. Checked before any work is done, so a bad path fails fast.
   */
  static RunDirectory resolve(Path out, String defaultParent) {
    if (out == null) {
      Path parent = Path.of(defaultParent);
      String stamp = LocalDateTime.now().format(STAMP);
      Path candidate = parent.resolve(stamp);
      for (int n = 2; Files.exists(candidate); n++) {
        candidate = parent.resolve(stamp + "-" + n);
      }
      return new RunDirectory(candidate);
    }
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new UserInputException("--out '" + out + "' is a file: give a directory (it is created if missing)");
    }
    return new RunDirectory(out);
  }

  Path path() {
    return target;
  }

  /** Stages a file's content; nothing touches the disk until {@link #commit()}. */
  void put(String fileName, String content) {
    files.put(fileName, content);
  }

  /** Writes every staged file: into a temporary sibling directory, then moved atomically into the target. */
  void commit() {
    Path absolute = target.toAbsolutePath().normalize();
    Path parent = absolute.getParent();
    Path staging = null;
    try {
      Files.createDirectories(parent);
      staging = Files.createTempDirectory(parent, "." + absolute.getFileName() + ".tmp-");
      for (Map.Entry<String, String> f : files.entrySet()) {
        Files.writeString(staging.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
      }
      if (!Files.exists(absolute)) {
        try {
          Files.move(staging, absolute, StandardCopyOption.ATOMIC_MOVE);
          staging = null;
          return;
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException raced) {
          Files.createDirectories(absolute);
        }
      }
      for (String name : files.keySet()) {
        Files.move(staging.resolve(name), absolute.resolve(name), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UserInputException("could not write the results to '" + target + "': " + e.getMessage());
    } finally {
      if (staging != null) {
        deleteQuietly(staging);
      }
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException ignored) {
      // Best effort: a stray hidden staging directory is harmless and named as such.
    }
  }
}
