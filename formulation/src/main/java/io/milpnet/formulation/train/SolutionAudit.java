package io.milpnet.formulation.train;

import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.network.ForwardPass;
import io.milpnet.formulation.network.TrainedNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The audit of a solution against the double forward pass of its decoded network, sample by sample: every claimed
 * pre-activation, activation phase and activation, the kind's own claims ({@link EncodedLayer#checkSample}: a gate's
 * state; {@link EncodedLayer#checkSolution}: a switched-off layer is the identity), every output, the predicted class
 * and the loss; then the anchors, implications and monotone constraints. A sample counts once however many of its
 * claims disagree.
 */
final class SolutionAudit {
  private final TrainingProblem problem;
  private final List<EncodedLayer> layers;
  private final TrainingData data;
  private final TrainingConfig config;
  private final EncodedLoss loss;

  SolutionAudit(TrainingProblem problem) {
    this.problem = problem;
    this.layers = problem.encodedLayers();
    this.data = problem.data();
    this.config = problem.config();
    this.loss = problem.loss();
  }

  /**
   * Audits a solution against the double forward pass of its decoded network, sample by sample: every claimed
   * pre-activation, ReLU phase and activation, every output, the predicted class and the loss. A sample counts once
   * however many of its claims disagree. {@code tolerance} is absolute for values up to 1 and relative above.
   */
  DecodeReport check(double[] values, TrainedNetwork network, double tolerance) {
    ForwardPass forward = new ForwardPass(network);
    int mismatches = 0;
    List<String> details = new ArrayList<>();
    double[] sampleLosses = new double[data.samples()];
    int[] predictions = new int[data.samples()];
    for (int i = 0; i < data.samples(); i++) {
      ForwardPass.Trace trace = forward.trace(data.x()[i]);
      String issue = null;
      for (int l = 0; l < layers.size() && issue == null; l++) {
        issue = checkLayer(layers.get(l), i, values, trace.pre()[l], trace.post()[l], tolerance);
        if (issue == null) {
          issue = layers.get(l).checkSample(network.layers().get(l), i, values,
              l == 0 ? data.x()[i] : trace.post()[l - 1], tolerance);
        }
      }
      double[] out = trace.post()[layers.size() - 1];
      double[] claimedOut = new double[out.length];
      Signal[] outSignals = layers.get(layers.size() - 1).output.signals()[i];
      for (int c = 0; c < out.length; c++) {
        claimedOut[c] = outSignals[c].expr().evaluate(values);
      }
      if (!data.regression()) {
        predictions[i] = forward.classOf(out);
        int claimedClass = forward.classOf(claimedOut);
        if (issue == null && claimedClass != predictions[i] && decisionMargin(forward, out) > tolerance) {
          issue = "predicted class " + predictions[i] + " but the MILP claims " + claimedClass;
        }
      }
      double sampleLoss = loss.lossOf(out, i);
      sampleLosses[i] = sampleLoss;
      double claimed = loss.claimedLoss(values, i);
      if (issue == null && lossExceedsClaim(out, i, claimed, tolerance)) {
        issue = "forward loss " + sampleLoss + " exceeds the MILP's " + claimed;
      }
      if (issue != null) {
        mismatches++;
        if (details.size() < 10) {
          details.add("sample " + i + ": " + issue);
        }
      }
    }
    for (DomainConstraint constraint : problem.constraints()) {
      for (String breach : constraint.violations(network, tolerance)) {
        mismatches++;
        details.add(breach);
      }
    }
    for (int l = 0; l < layers.size(); l++) {
      String claim = layers.get(l).checkSolution(network.layers().get(l), values);
      if (claim != null) {
        mismatches++;
        details.add(claim);
      }
    }
    double forwardLoss = loss.total(sampleLosses);
    return new DecodeReport(mismatches, details, forwardLoss, forwardLoss + problem.regularisationOf(network, values),
        predictions);
  }

  private String checkLayer(EncodedLayer layer, int i, double[] values, double[] pre, double[] post,
      double tolerance) {
    for (int j = 0; j < layer.units; j++) {
      double claimedPre = layer.pre[i][j].expr().evaluate(values);
      if (!close(claimedPre, pre[j], tolerance)) {
        return "layer " + layer.layer + " unit " + j + " pre-activation " + pre[j] + " vs MILP " + claimedPre;
      }
      double claimedPost = layer.output.signals()[i][j].expr().evaluate(values);
      if (!close(claimedPost, post[j], tolerance)) {
        return "layer " + layer.layer + " unit " + j + " activation " + post[j] + " vs MILP " + claimedPost;
      }
      for (EncodedActivation.Phase p : layer.phases(i, j)) {
        boolean claimedActive = Math.rint(values[p.unit().phase().index()]) == 1.0;
        double shifted = pre[j] - p.threshold();
        if ((claimedActive && shifted < -tolerance) || (!claimedActive && shifted > tolerance)) {
          return "layer " + layer.layer + " unit " + j + " phase " + (claimedActive ? "active" : "inactive")
              + " at " + p.threshold() + " but the pre-activation is " + pre[j];
        }
      }
    }
    return null;
  }

  private boolean lossExceedsClaim(double[] out, int i, double claimed, double tolerance) {
    if (config.loss() != LossKind.ZERO_ONE) {
      // Hinge and regression errors: the forward loss must not exceed the MILP's claim.
      return loss.lossOf(out, i) > claimed + tolerance * Math.max(1.0, claimed);
    }
    // 0-1: a claim of 0 promises the margin; the forward pass must keep it (within the tolerance).
    return claimed == 0.0 && loss.marginOf(out, i) < config.margin() - tolerance;
  }

  /** How far the forward outputs are from a tie between the predicted class and the runner-up. */
  private static double decisionMargin(ForwardPass forward, double[] out) {
    if (out.length == 1) {
      return Math.abs(out[0]);
    }
    double[] sorted = out.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length - 1] - sorted[sorted.length - 2];
  }

  private static boolean close(double claimed, double actual, double tolerance) {
    return Math.abs(claimed - actual) <= tolerance * Math.max(1.0, Math.abs(actual));
  }
}
