package io.milpnet.backend.lpsolve;

import com.sun.jna.Pointer;
import io.milpnet.core.model.Model;

/**
 * The lp_solve backend's translation step, opened to the benchmarks. The translator and the library loader are
 * package-private in {@code backend-lpsolve}; this class sits in the same package (in the benchmarks jar only), so the
 * benchmarks measure exactly what the backend runs without widening the backend's API. The library is looked for as
 * the backend looks for it (including {@code MILPNET_LPSOLVE_LIB}).
 */
public final class LpSolveTranslation {
  private final LpSolveNatives natives = LpSolveNatives.fromEnvironment();
  private final LpSolveModelTranslator translator = new LpSolveModelTranslator();

  /** Null when {@code liblpsolve55} is loaded (loading it on the first call), otherwise why not. */
  public String loadError() {
    return natives.get().error();
  }

  /**
   * What {@code LpSolveBackend.solve} does before solving: a fresh {@code lprec} of the model's columns, silenced,
   * filled by the translator; then deleted, releasing its native memory.
   */
  public void load(Model model) {
    LpSolveNatives.Loaded loaded = natives.get();
    if (loaded.error() != null) {
      throw new IllegalStateException(loaded.error());
    }
    LpSolveLibrary lib = loaded.library();
    Pointer lp = lib.make_lp(0, model.numVars());
    if (lp == null) {
      throw new IllegalStateException("lp_solve could not create a problem with " + model.numVars() + " columns");
    }
    try {
      lib.set_verbose(lp, LpSolveLibrary.NEUTRAL);
      lib.set_outputfile(lp, "");
      translator.load(lib, lp, model);
    } finally {
      lib.delete_lp(lp);
    }
  }
}
