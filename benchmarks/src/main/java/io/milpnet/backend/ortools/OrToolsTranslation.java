package io.milpnet.backend.ortools;

import com.google.ortools.linearsolver.MPModelProto;
import com.google.ortools.linearsolver.MPSolver;
import io.milpnet.core.model.Model;

/**
 * The OR-Tools backend's translation steps, opened to the benchmarks. The translator and the solver table are
 * package-private in {@code backend-ortools}; this class sits in the same package (in the benchmarks jar only), so
 * the benchmarks measure exactly what the backend runs without widening the backend's API.
 */
public final class OrToolsTranslation {
  private final OrToolsModelTranslator translator = new OrToolsModelTranslator();

  /** Null when OR-Tools' native libraries are loaded (loading them on the first call), otherwise why not. */
  public static String loadError() {
    return OrToolsNatives.loadError();
  }

  /** The model as the backend hands it to OR-Tools, without names (as {@code OrToolsBackend.solve} does). */
  public MPModelProto proto(Model model) {
    return translator.translate(model, false);
  }

  /**
   * What {@code OrToolsBackend.solve} does before solving: translates the model, creates an {@link MPSolver} of the
   * given kind ({@code SCIP}, {@code CBC} or {@code GLOP}) and loads the model into it; then deletes the solver,
   * releasing its native memory.
   */
  public void load(Model model, String solver) {
    OrToolsSolver kind = OrToolsSolver.valueOf(solver);
    MPSolver mp = MPSolver.createSolver(kind.solverId);
    if (mp == null) {
      throw new IllegalStateException("this OR-Tools build has no " + kind.solverId + " solver");
    }
    try {
      String error = mp.loadModelFromProto(proto(model));
      if (!error.isEmpty()) {
        throw new IllegalStateException("OR-Tools " + kind.solverId + " rejected model " + model.name() + ": " + error);
      }
    } finally {
      mp.delete();
    }
  }
}
