package io.milpnet.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Output paths checked before any work ({@code --out}, {@code --export-model}, {@code --write-split}), so that a run
 * that cannot write its results fails at once with the reason, not after the whole solve with a temporary path. The
 * check is a real write: a hidden probe created and removed in the directory that will receive the results (a
 * permission test alone says yes to the superuser on a read-only file system, and nothing on {@code /proc}).
 */
final class OutputPaths {
  private OutputPaths() {}

  /** A directory the run will create or fill: every existing part of the path a directory, the deepest writable. */
  static void checkDirectory(String option, Path dir) {
    if (dir.toString().isEmpty()) {
      throw new UserInputException(option + " '' is empty: give a directory (it is created if missing)");
    }
    if (Files.isRegularFile(dir)) {
      throw new UserInputException(option + " '" + dir + "' is a file: give a directory (it is created if missing)");
    }
    // The run's files are staged next to the directory and moved into place, so its parent must take new entries.
    Path absolute = dir.toAbsolutePath().normalize();
    probe(option, dir, absolute.getParent() == null ? absolute : absolute.getParent());
  }

  /** A file the run will write: not a directory, its directory existing and writable. */
  static void checkFile(String option, Path file) {
    if (file.toString().isEmpty()) {
      throw new UserInputException(option + " '' is empty: give a file name");
    }
    if (Files.isDirectory(file)) {
      throw new UserInputException(option + " '" + file + "' is a directory: give a file name");
    }
    Path parent = file.toAbsolutePath().normalize().getParent();
    if (parent != null && !Files.exists(parent)) {
      throw new UserInputException(option + " '" + file + "': directory '" + parent + "' does not exist");
    }
    probe(option, file, parent);
  }

  /** Creates and removes a hidden directory in the deepest existing ancestor of {@code where}. */
  private static void probe(String option, Path given, Path where) {
    Path existing = where;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return; // nothing of the path exists, not even a root: the write will say why
    }
    if (!Files.isDirectory(existing)) {
      throw new UserInputException(option + " '" + given + "': '" + existing + "' is a file, not a directory");
    }
    try {
      Files.delete(Files.createTempDirectory(existing, ".milpnet-probe-"));
    } catch (IOException e) {
      throw new UserInputException(option + " '" + given + "' cannot be written: " + reason(existing, e));
    }
  }

  static String reason(Path dir, IOException e) {
    String why = e instanceof AccessDeniedException ? "permission denied"
        : e instanceof FileSystemException f && f.getReason() != null ? f.getReason().toLowerCase(java.util.Locale.ROOT)
        : String.valueOf(e.getMessage());
    return "cannot create files in '" + dir + "' (" + why + ")";
  }
}
