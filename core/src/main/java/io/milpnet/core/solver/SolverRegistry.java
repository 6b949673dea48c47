package io.milpnet.core.solver;

import jakarta.inject.Inject;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** The backends known to this process, by name; filled by dependency injection (each backend contributes one). */
public final class SolverRegistry {
  private final Map<String, SolverBackend> backends;

  @Inject
  public SolverRegistry(Map<String, SolverBackend> backends) {
    this.backends = new TreeMap<>(Objects.requireNonNull(backends, "backends"));
  }

  public Map<String, SolverBackend> all() {
    return java.util.Collections.unmodifiableMap(backends);
  }

  /** The backend of that name; throws with the list of known names when there is none. */
  public SolverBackend resolve(String name) {
    SolverBackend backend = backends.get(name);
    if (backend == null) {
      throw new UnknownBackendException(
          "unknown backend '" + name + "': choose one of " + String.join(", ", backends.keySet()));
    }
    return backend;
  }
}
