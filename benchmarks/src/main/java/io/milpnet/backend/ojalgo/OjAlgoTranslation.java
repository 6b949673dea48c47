package io.milpnet.backend.ojalgo;

import io.milpnet.core.model.Model;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;

/**
 * The ojAlgo backend's translation step, opened to the benchmarks. The translator is package-private in
 * {@code backend-ojalgo}; this class sits in the same package (in the benchmarks jar only), so the benchmarks measure
 * exactly what the backend runs without widening the backend's API.
 */
public final class OjAlgoTranslation {
  private final OjAlgoModelTranslator translator = new OjAlgoModelTranslator();

  /** The model as {@code OjAlgoBackend.solve} builds it, with fresh default options as the backend uses. */
  public ExpressionsBasedModel translate(Model model) {
    return translator.translate(model, new Optimisation.Options()).model();
  }
}
