package io.milpnet.formulation.train;

import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.encode.ReluOutput;
import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.layer.dense.EncodedDenseLayer;
import io.milpnet.formulation.network.ForwardPass;
import io.milpnet.formulation.network.TrainedNetwork;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --implies}: on every training sample, when one hidden ReLU unit is active another is too,
 * {@code z_a <= z_b} for their phase binaries. A phase fixed by the bounds enters as its constant (an always-active a
 * forces b active; an always-inactive b forces a inactive). With z = 1 meaning {@code a >= 0} and z = 0 meaning
 * {@code a <= 0}: a unit with pre-activation > 0 has z = 1, so the other unit has pre-activation >= 0. Layers and
 * units count from 1 among the hidden dense layers.
 */
public final class ImplicationConstraint implements DomainConstraint {
  private final List<Implication> implications;
  private final List<EncodedLayer> layers;
  private final double[][] samples;

  ImplicationConstraint(List<Implication> implications, List<EncodedLayer> layers, double[][] samples) {
    this.implications = implications;
    this.layers = layers;
    this.samples = samples;
  }

  /** Whether implication constraints name hidden dense layer {@code number} (counting from 1 among dense layers). */
  public static boolean names(List<Implication> implications, int number) {
    return implications.stream().anyMatch(im -> im.ifLayer() == number || im.thenLayer() == number);
  }

  @Override
  public void encode(Model model, Signal[][] rows) {
    for (Implication im : implications) {
      EncodedDenseLayer a = reluLayer(im, im.ifLayer(), im.ifUnit());
      EncodedDenseLayer b = reluLayer(im, im.thenLayer(), im.thenUnit());
      for (int i = 0; i < samples.length; i++) {
        LinearExpr za = phase(a, i, im.ifUnit() - 1);
        LinearExpr zb = phase(b, i, im.thenUnit() - 1);
        model.addLessOrEqual("implies[" + im + ",s" + i + "]", za.plus(zb.times(-1.0)), 0.0);
      }
    }
  }

  private List<EncodedDenseLayer> denseLayers() {
    List<EncodedDenseLayer> dense = new ArrayList<>();
    for (EncodedLayer layer : layers) {
      layer.asDense().ifPresent(dense::add);
    }
    return dense;
  }

  /** The hidden dense layer an implication names, with its ReLU; an error naming the implication otherwise. */
  private EncodedDenseLayer reluLayer(Implication im, int layer, int unit) {
    List<EncodedDenseLayer> dense = denseLayers();
    if (layer > dense.size() - 1 || unit > dense.get(layer - 1).units) {
      throw new IllegalArgumentException("implication " + im + " names unit " + layer + ":" + unit + ", which this"
          + " architecture does not have (" + (dense.size() - 1) + " hidden dense layer(s))");
    }
    EncodedDenseLayer d = dense.get(layer - 1);
    if (d.spec.activation() != Activation.RELU) {
      throw new IllegalArgumentException("implication " + im + ": layer " + layer + " is not a ReLU layer");
    }
    return d;
  }

  private static LinearExpr phase(EncodedDenseLayer layer, int i, int j) {
    ReluOutput relu = layer.activation.firstPiece(i, j);
    if (relu.phase() != null) {
      return LinearExpr.of(relu.phase());
    }
    return LinearExpr.constant(relu.stability() == ReluOutput.Stability.STABLY_ACTIVE ? 1.0 : 0.0);
  }

  @Override
  public List<String> violations(TrainedNetwork network, double tolerance) {
    if (implications.isEmpty()) {
      return List.of();
    }
    List<Integer> denseIndex = new ArrayList<>();
    for (int l = 0; l < layers.size(); l++) {
      if (layers.get(l).asDense().isPresent()) {
        denseIndex.add(l);
      }
    }
    ForwardPass forward = new ForwardPass(network);
    for (int i = 0; i < samples.length; i++) {
      ForwardPass.Trace t = forward.trace(samples[i]);
      for (Implication im : implications) {
        double a = t.pre()[denseIndex.get(im.ifLayer() - 1)][im.ifUnit() - 1];
        double b = t.pre()[denseIndex.get(im.thenLayer() - 1)][im.thenUnit() - 1];
        if (a > tolerance && b < -tolerance) {
          return List.of("sample " + i + " breaks implication " + im + ": pre-activations " + a + " and " + b);
        }
      }
    }
    return List.of();
  }
}
