package io.milpnet.backend.lpsolve;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.ptr.IntByReference;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Finds and loads {@code liblpsolve55} at most once per instance, on first use, and keeps either the loaded library
 * and its version or the reason it is missing.
 *
 * <p>Where it looks, in order: the file named by {@code MILPNET_LPSOLVE_LIB} when set (and nowhere else, so a wrong
 * override fails loudly instead of silently picking another copy); the {@code lp_solve} subfolder of each system
 * library directory, then the directory itself (Debian's {@code lp-solve} package puts the shared library in
 * {@code /usr/lib/lp_solve/}, off the loader's default path); finally the bare name {@code lpsolve55} through JNA's
 * own search ({@code jna.library.path}, {@code LD_LIBRARY_PATH}, the linker cache).
 *
 * <p>Candidate files are resolved here and loaded by absolute path rather than registered with {@code
 * NativeLibrary.addSearchPath}: search paths are process-global and cannot be removed, so one backend's folders would
 * leak into every other instance and make the "library missing" case untestable in the same JVM.
 */
final class LpSolveNatives {
  static final String LIBRARY_NAME = "lpsolve55";
  static final String ENVIRONMENT_OVERRIDE = "MILPNET_LPSOLVE_LIB";
  static final String UNAVAILABLE =
      "backend lpsolve unavailable: install the lp-solve package (apt-get install lp-solve)";

  private static final List<Path> SYSTEM_LIBRARY_DIRECTORIES = List.of(
      Path.of("/usr/lib"),
      Path.of("/usr/lib64"),
      Path.of("/usr/lib/x86_64-linux-gnu"),
      Path.of("/usr/lib/aarch64-linux-gnu"),
      Path.of("/usr/local/lib"));

  private final Path explicitFile;
  private final List<Path> directories;
  private final boolean systemSearch;
  private volatile Loaded loaded;

  /** What one load attempt produced: a library and its version, or an error message. */
  record Loaded(LpSolveLibrary library, String version, String error) {}

  /**
   * @param explicitFile a library file to load and nothing else (nullable)
   * @param directories folders searched for the library file, in order
   * @param systemSearch also try the bare library name through JNA's default search
   */
  LpSolveNatives(Path explicitFile, List<Path> directories, boolean systemSearch) {
    this.explicitFile = explicitFile;
    this.directories = List.copyOf(directories);
    this.systemSearch = systemSearch;
  }

  /** The standard search, honouring {@code MILPNET_LPSOLVE_LIB}. */
  static LpSolveNatives fromEnvironment() {
    String override = System.getenv(ENVIRONMENT_OVERRIDE);
    Path file = override == null || override.isBlank() ? null : Path.of(override.trim());
    List<Path> dirs = new ArrayList<>();
    for (Path base : SYSTEM_LIBRARY_DIRECTORIES) {
      dirs.add(base.resolve("lp_solve"));
      dirs.add(base);
    }
    return new LpSolveNatives(file, dirs, true);
  }

  /** Loads on first call; later calls return the same outcome. */
  Loaded get() {
    Loaded l = loaded;
    if (l == null) {
      synchronized (this) {
        l = loaded;
        if (l == null) {
          l = load();
          loaded = l;
        }
      }
    }
    return l;
  }

  private Loaded load() {
    if (explicitFile != null) {
      if (!Files.isRegularFile(explicitFile)) {
        return failure(ENVIRONMENT_OVERRIDE + "=" + explicitFile + " is not a file; point it at liblpsolve55 or unset it");
      }
      try {
        return open(explicitFile.toAbsolutePath().toString());
      } catch (Throwable t) { // UnsatisfiedLinkError, a missing symbol, a wrong architecture...
        return failure(ENVIRONMENT_OVERRIDE + "=" + explicitFile + " could not be loaded (" + describe(t)
            + "); point it at liblpsolve55 or unset it");
      }
    }
    String fileName = System.mapLibraryName(LIBRARY_NAME);
    List<String> problems = new ArrayList<>();
    for (Path dir : directories) {
      Path candidate = dir.resolve(fileName);
      if (!Files.isRegularFile(candidate)) {
        continue;
      }
      try {
        return open(candidate.toAbsolutePath().toString());
      } catch (Throwable t) {
        problems.add(candidate + ": " + describe(t));
      }
    }
    if (systemSearch) {
      try {
        return open(LIBRARY_NAME);
      } catch (Throwable t) {
        // Not on the default path either: fall through to the message below.
      }
    }
    StringBuilder why = new StringBuilder("no loadable ").append(fileName).append(" in ").append(directories);
    if (systemSearch) {
      why.append(" or on the system library path");
    }
    if (!problems.isEmpty()) {
      why.append(" (").append(String.join("; ", problems)).append(')');
    }
    why.append("; or set ").append(ENVIRONMENT_OVERRIDE).append(" to the library file");
    return failure(why.toString());
  }

  private static Loaded open(String nameOrPath) {
    LpSolveLibrary lib = Native.load(nameOrPath, LpSolveLibrary.class);
    // Interface mapping binds symbols lazily; look every one up now so that an old or foreign library is reported as
    // unavailable here instead of failing half-way through a model.
    NativeLibrary nativeLibrary = ((Library.Handler) Proxy.getInvocationHandler(lib)).getNativeLibrary();
    for (Method m : LpSolveLibrary.class.getMethods()) {
      if (!m.isDefault() && !Modifier.isStatic(m.getModifiers())) {
        nativeLibrary.getFunction(m.getName());
      }
    }
    IntByReference major = new IntByReference();
    IntByReference minor = new IntByReference();
    IntByReference release = new IntByReference();
    IntByReference build = new IntByReference();
    lib.lp_solve_version(major, minor, release, build);
    if (major.getValue() != 5 || minor.getValue() != 5) {
      throw new UnsatisfiedLinkError("it is lp_solve " + major.getValue() + "." + minor.getValue() + ", not 5.5");
    }
    String version = "lp_solve " + major.getValue() + "." + minor.getValue() + "." + release.getValue() + "."
        + build.getValue();
    return new Loaded(lib, version, null);
  }

  private static Loaded failure(String detail) {
    return new Loaded(null, null, UNAVAILABLE + "; " + Objects.requireNonNull(detail));
  }

  /** JNA's load errors span several lines (one per place tried): one line, capped, is enough for a message. */
  private static String describe(Throwable t) {
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      return t.getClass().getSimpleName();
    }
    String line = m.replaceAll("\\s+", " ").trim();
    return line.length() <= 300 ? line : line.substring(0, 300) + "...";
  }
}
