package io.milpnet.formulation.train;

import io.milpnet.core.model.Model;
import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.network.TrainedNetwork;
import java.util.List;

/**
 * A constraint on the networks the MILP may return beyond its architecture and domains ({@code --monotone},
 * {@code --implies}, anchors): its rows, and the check the audit runs on a decoded network so that a solution that
 * breaks it is never reported as good.
 */
interface DomainConstraint {
  /**
   * Adds the constraint's rows.
   *
   * @param rows the output signals of every row the model encodes (training samples, then anchors)
   */
  void encode(Model model, Signal[][] rows);

  /** How the network breaks the constraint, one line per breach; empty when it holds. */
  List<String> violations(TrainedNetwork network, double tolerance);
}
