package io.milpnet.backend.ortools;

import com.google.ortools.Loader;

/**
 * Loads OR-Tools' native libraries at most once per process (OR-Tools unpacks about 65 MB into the temp directory on
 * each load). The JVM's class initialisation makes the holder idiom both lazy and thread-safe; a failure is kept and
 * reported as the backend's unavailability rather than thrown at every call.
 */
final class OrToolsNatives {
  private OrToolsNatives() {}

  private static final class Holder {
    static final String ERROR = load();

    private static String load() {
      try {
        Loader.loadNativeLibraries();
        return null;
      } catch (Throwable t) { // UnsatisfiedLinkError, IOException wrapped in RuntimeException...
        return "OR-Tools native libraries failed to load: " + t;
      }
    }
  }

  /** Null when the libraries are loaded, otherwise why not. */
  static String loadError() {
    return Holder.ERROR;
  }
}
