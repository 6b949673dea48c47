package io.milpnet.formulation.train;

import io.milpnet.formulation.encode.ReluOutput;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.TrainedNetwork;
import java.util.ArrayList;
import java.util.List;

/**
 * A solution's network: each encoded layer decodes its own parameters (weights rounded onto their grids, pruned
 * weights exactly 0); layers with step activations then have a solver tolerance's shortfall repaired (below).
 */
final class SolutionDecoder {
  private final List<EncodedLayer> layers;
  private final TrainingData data;

  SolutionDecoder(List<EncodedLayer> layers, TrainingData data) {
    this.layers = layers;
    this.data = data;
  }

  /** The network the solution describes (weights rounded onto their grids, pruned weights exactly 0). */
  TrainedNetwork decode(double[] values) {
    List<NetworkLayer> decoded = new ArrayList<>();
    double[][] in = null;
    for (EncodedLayer layer : layers) {
      NetworkLayer d = layer.decode(values);
      if (layer.activation != null && layer.activation.hasSteps()) {
        if (in == null) {
          in = forwardTo(decoded, data.rows());
        }
        d = snapSteps(layer, d, in, values);
      }
      decoded.add(d);
      if (in != null) {
        for (int i = 0; i < in.length; i++) {
          in[i] = d.outputs(in[i]);
        }
      }
    }
    return new TrainedNetwork(data.featureNames(), data.scaler(), decoded, data.outputKind(), data.classLabels(),
        data.targetRange());
  }

  /** Largest shortfall below 0 of an active step's pre-activation that decoding repairs: a few solver tolerances. */
  static final double STEP_SNAP = 1e-5;

  private static double[][] forwardTo(List<NetworkLayer> layers, double[][] rows) {
    double[][] in = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      double[] x = rows[i];
      for (NetworkLayer l : layers) {
        x = l.outputs(x);
      }
      in[i] = x;
    }
    return in;
  }

  /**
   * A step unit the solution declares active ({@code z = 1 => a >= 0}) may sit a solver tolerance below 0 in the
   * double forward pass, which then outputs 0: each such unit's (or channel's) bias is raised by its largest
   * shortfall, up to {@link #STEP_SNAP}. Inactive units keep {@code a <= -}{@link
   * io.milpnet.formulation.encode.StepFormulation#GAP}, far below the shift, so the repaired network computes exactly
   * what the MILP claims; a larger shortfall is left for the audit to report.
   */
  private static NetworkLayer snapSteps(EncodedLayer layer, NetworkLayer decoded, double[][] in, double[] values) {
    double[] raise = null;
    for (int i = 0; i < in.length; i++) {
      double[] a = decoded.preActivations(in[i]);
      for (int j = 0; j < a.length; j++) {
        ReluOutput step = layer.activation.step(i, j);
        boolean active = step.phase() != null ? Math.rint(values[step.phase().index()]) == 1.0
            : step.stability() == ReluOutput.Stability.STABLY_ACTIVE;
        if (active && a[j] < 0 && -a[j] <= STEP_SNAP) {
          raise = raise == null ? new double[a.length] : raise;
          raise[j] = Math.max(raise[j], -a[j]);
        }
      }
    }
    return raise == null ? decoded : layer.withRaisedBiases(decoded, raise);
  }
}
