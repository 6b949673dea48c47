package io.milpnet.formulation.pipeline;

import io.milpnet.core.model.Model;
import java.util.function.Supplier;

/** What a {@link TrainingPipeline} tells its caller while it runs: its progress lines, the model, the solve. */
public interface PipelineListener {
  /** One line of progress for the user. */
  void line(String text);

  /** The training MILP is built (after its size, tightening and LP bound lines): e.g. to export it. */
  default void modelBuilt(Model model) {}

  /** Runs the solve; a caller may wrap it, e.g. in a progress display. */
  default <T> T solving(Supplier<T> solve) {
    return solve.get();
  }

  /** A listener that drops every line. */
  static PipelineListener silent() {
    return line -> {};
  }
}
