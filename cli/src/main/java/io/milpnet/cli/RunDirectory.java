package io.milpnet.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a run's result files all or nothing: files are staged in a hidden sibling directory, which
 * {@link #commit()} moves into place as a whole. A run that fails before committing leaves no trace in the output
 * directory, and a run that replaces an earlier one never leaves a mix of both.
 */
final class RunDirectory {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final Path target;
  private final Map<String, String> files = new LinkedHashMap<>();
  private boolean replaced;

  private RunDirectory(Path target) {
    this.target = target;
  }

  /**
   * The output directory: {@code out} if given, else {@code runs/<timestamp>} under the working directory. Checked
   * before any work is done, so a bad path fails fast: it must be writable (the reason otherwise). See
   * {@link #commit()} for how an existing directory is written.
   */
  static RunDirectory resolve(Path out, String defaultParent) {
    if (out == null) {
      Path parent = Path.of(defaultParent);
      String stamp = LocalDateTime.now().format(STAMP);
      Path candidate = parent.resolve(stamp);
      for (int n = 2; Files.exists(candidate); n++) {
        candidate = parent.resolve(stamp + "-" + n);
      }
      OutputPaths.checkDirectory("--out", candidate);
      return new RunDirectory(candidate);
    }
    OutputPaths.checkDirectory("--out", out);
    return new RunDirectory(out);
  }

  /** What a run writes; a directory holding only these (or nothing) is an earlier run, replaced whole. */
  private static final Set<String> RUN_FILES = Set.of("summary.json", "network.json");

  private static List<String> foreignEntries(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      // By name (and a directory of a run file's name): an entry that vanishes while racing runs swap the directory
      // is no file of the user's.
      return entries.filter(p -> !RUN_FILES.contains(p.getFileName().toString()) || Files.isDirectory(p))
          .map(p -> p.getFileName().toString()).sorted().toList();
    } catch (NoSuchFileException gone) {
      return List.of(); // another run is replacing it right now
    } catch (IOException e) {
      throw new UserInputException("--out '" + dir + "' cannot be listed: " + e.getMessage());
    }
  }

  Path path() {
    return target;
  }

  /** Stages a file's content; nothing touches the disk until {@link #commit()}. */
  void put(String fileName, String content) {
    files.put(fileName, content);
  }

  /**
   * Writes every staged file into a temporary sibling directory, then moves that directory into place as a whole:
   * readers see the earlier run or this one, never a mix of their files. An earlier run there (a directory of run
   * files only) is first moved aside and deleted; when another run races for the same directory, each attempt replaces
   * the other's whole, and the last one stays. A directory that also holds other files keeps them: the run's files are
   * moved in one by one under a lock, and run files of an earlier run that this one does not write are removed.
   *
   * @return whether an earlier run was replaced
   */
  boolean commit() {
    Path absolute = target.toAbsolutePath().normalize();
    Path parent = absolute.getParent();
    Path staging = null;
    boolean replaced = false;
    try {
      Files.createDirectories(parent);
      staging = Files.createTempDirectory(parent, "." + absolute.getFileName() + ".tmp-");
      for (Map.Entry<String, String> f : files.entrySet()) {
        Files.writeString(staging.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
      }
      if (Files.isDirectory(absolute) && !foreignEntries(absolute).isEmpty()) {
        // A directory with files of the user's (--out . in a project, notes beside the results) is not replaced
        // whole, which would delete them: the run's files are moved in under a lock, and an earlier run's files
        // this run does not write are removed, so no pair of two runs' files stays behind.
        try {
          this.replaced = commitBeside(absolute, staging);
          return this.replaced;
        } catch (NoSuchFileException movedAway) {
          // a racing run replaced the directory whole meanwhile: put this one in place the same way
        }
      }
      for (int attempt = 0; ; attempt++) {
        try {
          // rename(2) puts a directory in place atomically; it replaces an empty directory and refuses a full one.
          Files.move(staging, absolute, StandardCopyOption.ATOMIC_MOVE);
          staging = null;
          this.replaced = replaced;
          return replaced;
        } catch (FileSystemException e) {
          boolean inTheWay = Files.isDirectory(absolute);
          if (attempt >= 100 || e instanceof AccessDeniedException || (!inTheWay && Files.exists(absolute))) {
            throw e;
          }
          if (inTheWay) {
            // An earlier run (or a racing one): move it aside whole, then delete it.
            // Named after this run's staging directory, which no other run shares.
            Path aside = parent.resolve(staging.getFileName() + "-replaced");
            try {
              Files.move(absolute, aside, StandardCopyOption.ATOMIC_MOVE);
              replaced = true;
              deleteQuietly(aside);
            } catch (FileSystemException raced) {
              if (raced instanceof AccessDeniedException) {
                throw raced;
              }
              // another run moved it first, or put its own in place: try again
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UserInputException("could not write the results to '" + target + "': "
          + (e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage()));
    } finally {
      if (staging != null) {
        deleteQuietly(staging);
      }
    }
  }

  private boolean commitBeside(Path dir, Path staging) throws IOException {
    try (FileChannel lockFile = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
      boolean earlier = false;
      for (String name : RUN_FILES) {
        earlier |= Files.exists(dir.resolve(name));
      }
      for (String name : files.keySet()) {
        Files.move(staging.resolve(name), dir.resolve(name), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      }
      for (String name : RUN_FILES) {
        if (!files.containsKey(name)) {
          Files.deleteIfExists(dir.resolve(name));
        }
      }
      return earlier;
    }
  }

  /** Serialises runs that write into one directory of the user's (kept: removing it would break the exclusion). */
  private static final String LOCK = ".milpnet.lock";

  /** After {@link #commit()}: words for the "wrote" line when an earlier run was replaced, else nothing. */
  String replacedNote() {
    return replaced ? " (replacing the earlier run there)" : "";
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
