package io.milpnet.formulation.train;

import io.milpnet.core.model.Model;
import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.network.ForwardPass;
import io.milpnet.formulation.network.OutputKind;
import io.milpnet.formulation.network.TrainedNetwork;
import java.util.ArrayList;
import java.util.List;

/**
 * Anchors: anchor a must be predicted as class c. With one score, {@code o >= GAP} for class 1 and {@code o <= 0} for
 * class 0; with one output per class, {@code o_c - o_j >= GAP} for j < c and {@code >= 0} for j > c (the forward pass
 * takes the first of equal maxima). {@value #GAP} stands in for a strict inequality, as for the step activation: a
 * restriction by a sliver, so every solution's forward pass predicts the anchors as asked.
 */
final class AnchorConstraint implements DomainConstraint {
  static final double GAP = 1e-4;

  private final TrainingData data;

  AnchorConstraint(TrainingData data) {
    this.data = data;
  }

  @Override
  public void encode(Model model, Signal[][] rows) {
    for (int a = 0; a < data.anchors(); a++) {
      Signal[] o = rows[data.samples() + a];
      int c = data.anchorY()[a];
      String n = "[anchor" + (a + 1) + "]";
      if (data.outputKind() == OutputKind.BINARY_SCORE) {
        if (c == 1) {
          model.addGreaterOrEqual("anchor" + n, o[0].expr(), GAP);
        } else {
          model.addLessOrEqual("anchor" + n, o[0].expr(), 0.0);
        }
      } else {
        for (int j = 0; j < o.length; j++) {
          if (j != c) {
            model.addGreaterOrEqual("anchor" + n + "[vs" + j + "]", o[c].expr().plus(o[j].expr().times(-1.0)),
                j < c ? GAP : 0.0);
          }
        }
      }
    }
  }

  /** Every anchor the forward pass predicts as another class than its own. */
  @Override
  public List<String> violations(TrainedNetwork network, double tolerance) {
    ForwardPass forward = new ForwardPass(network);
    List<String> out = new ArrayList<>();
    for (int a = 0; a < data.anchors(); a++) {
      int predicted = forward.classOf(forward.outputs(data.anchorX()[a]));
      if (predicted != data.anchorY()[a]) {
        out.add("anchor " + (a + 1) + " is predicted as class " + predicted + ", not " + data.anchorY()[a]);
      }
    }
    return out;
  }

  /** The network predicts every anchor as its class with the rows' gaps (the brute-force tests' filter). */
  boolean holdsWithGaps(TrainedNetwork network) {
    ForwardPass forward = new ForwardPass(network);
    for (int a = 0; a < data.anchors(); a++) {
      double[] o = forward.outputs(data.anchorX()[a]);
      int c = data.anchorY()[a];
      boolean ok;
      if (o.length == 1) {
        ok = c == 1 ? o[0] >= GAP : o[0] <= 0;
      } else {
        ok = true;
        for (int j = 0; j < o.length; j++) {
          ok &= j == c || o[c] - o[j] >= (j < c ? GAP : 0.0);
        }
      }
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
