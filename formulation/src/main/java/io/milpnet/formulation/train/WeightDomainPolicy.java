package io.milpnet.formulation.train;

import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.encode.Signal;
import io.milpnet.formulation.layer.conv.ConvSpec;
import io.milpnet.formulation.layer.dense.DenseKind;
import io.milpnet.formulation.layer.dense.DenseSpec;
import io.milpnet.formulation.layer.dense.EncodedDenseLayer;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.spec.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Which values a problem's parameters may take: the weight domain of each trainable layer (continuous where data feeds
 * it, a grid elsewhere, signs for the output of one ReLU hidden layer), its bias bound (configured, derived from the
 * data, or a reference problem's), and what the encoding is then exact for.
 */
public final class WeightDomainPolicy {
  private final TrainingConfig config;
  private final ActivationRanges restriction;
  private final List<Double> biasBounds = new ArrayList<>();

  WeightDomainPolicy(TrainingConfig config, ActivationRanges restriction) {
    this.config = config;
    this.restriction = restriction;
  }

  /**
   * A layer fed by data (constant signals, possibly pooled) may have continuous weights: its pre-activation is linear
   * in them. Any other layer multiplies weights by variables and needs a grid.
   */
  public WeightDomain domainOf(boolean fedByData, boolean signOutput) {
    return domainOf(config, fedByData, signOutput);
  }

  /**
   * One ReLU hidden layer and one output: the output weights are signs, which loses nothing (the magnitudes move into
   * the first layer by positive homogeneity).
   */
  static boolean signOutput(TrainingData data, List<LayerSpec> hidden) {
    return hidden.size() == 1 && DenseKind.isRelu(hidden.get(0)) && data.outputs() == 1;
  }

  /**
   * The weight domain of every layer of the network the architecture describes (as {@link Architecture#zeroNetwork}
   * lists them; null for layers without weights), for this configuration, before any model is built.
   */
  static List<WeightDomain> weightDomains(TrainingData data, List<LayerSpec> hidden, TrainingConfig config) {
    boolean signOutput = signOutput(data, hidden);
    List<LayerSpec> specs = new ArrayList<>(hidden);
    specs.add(new DenseSpec(data.outputs(), Activation.LINEAR));
    List<WeightDomain> domains = new ArrayList<>();
    boolean fedByData = true;
    for (LayerSpec spec : specs) {
      if (!spec.hasLayer()) {
        continue;
      }
      if (!spec.trains()) {
        domains.add(null);
        continue;
      }
      domains.add(domainOf(config, fedByData, signOutput));
      fedByData = false;
    }
    return domains;
  }

  private static WeightDomain domainOf(TrainingConfig config, boolean fedByData, boolean signOutput) {
    if (fedByData) {
      return config.firstLayerDomain() != null
          ? config.firstLayerDomain()
          : new WeightDomain.Continuous(config.weightBound());
    }
    if (signOutput) {
      return new WeightDomain.Sign();
    }
    return config.hiddenDomain() != null ? config.hiddenDomain() : new WeightDomain.Ternary(config.gridScale());
  }

  public static boolean constant(LayerSignals in) {
    for (Signal[] row : in.signals()) {
      for (Signal s : row) {
        if (!s.isConstant()) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The bias bound of the next trainable layer, recorded in {@link #biasBounds}; a restricted problem takes its
   * reference problem's (derived from the whole problem's bounds, not from the restricted ones), so that the
   * restriction narrows the activations and nothing else.
   */
  public double biasBound(WeightDomain domain, LayerSignals in, ConvSpec conv, Shape shape) {
    double b = restriction != null ? restriction.biasBound(biasBounds.size())
        : derivedBiasBound(domain, in, conv, shape);
    biasBounds.add(b);
    return b;
  }

  /** Bias bounds of the trainable layers, in order. */
  List<Double> biasBounds() {
    return List.copyOf(biasBounds);
  }

  /**
   * The configured bias bound, or else the largest magnitude a unit's weighted input sum can reach on the training
   * data ({@code max_i sum_k maxAbs(w) * max|x_ik|}, over the inputs the unit reads: all of them for a dense layer,
   * one window for a convolution). A larger bias would only make the unit constant over the data; a smaller one
   * would exclude hyperplanes that cut it.
   */
  private double derivedBiasBound(WeightDomain domain, LayerSignals in, ConvSpec conv, Shape shape) {
    if (config.gridBiases()) {
      return domain.maxAbs();
    }
    if (!Double.isNaN(config.biasBound())) {
      return config.biasBound();
    }
    double max = 0;
    for (Signal[] row : in.signals()) {
      if (conv == null) {
        double sum = 0;
        for (Signal s : row) {
          sum += s.bounds().magnitude();
        }
        max = Math.max(max, sum);
        continue;
      }
      Shape out = conv.outputShape(shape);
      for (int y = 0; y < out.height(); y++) {
        for (int x = 0; x < out.width(); x++) {
          double sum = 0;
          for (int ci = 0; ci < shape.channels(); ci++) {
            for (int dy = 0; dy < conv.kernel(); dy++) {
              for (int dx = 0; dx < conv.kernel(); dx++) {
                sum += row[shape.index(ci, y * conv.stride() + dy, x * conv.stride() + dx)].bounds().magnitude();
              }
            }
          }
          max = Math.max(max, sum);
        }
      }
    }
    return domain.maxAbs() * max;
  }

  /** What the MILP's encoding of a trainable layer is exact for, in words (the summary's exactness). */
  public LayerExactness describe(boolean fedByData, WeightDomain domain, double biasBound, boolean signOutput,
      int number) {
    String bias = config.gridBiases() ? EncodedDenseLayer.biasGrid(domain).describe() : "continuous[-" + biasBound
        + "," + biasBound + "]";
    String note;
    if (fedByData && domain instanceof WeightDomain.Continuous) {
      note = "exact: fed by data, so the pre-activation is linear in the weights";
    } else if (domain instanceof WeightDomain.Sign) {
      note = "exact" + (config.firstLayerDomain() == null
          ? ", and no loss of generality: one ReLU hidden layer and one output, so output weight magnitudes move into"
              + " the first layer (positive homogeneity of ReLU)"
          : ": sign weights (the first layer is on a grid, so this restricts the network)");
    } else if (fedByData) {
      note = "exact for weights on the grid " + domain.describe() + " (a restriction of real weights)";
    } else {
      note = "exact for weights on the grid " + domain.describe()
          + ": each weight-times-activation product is linearised exactly with binaries (a restriction of real"
          + " weights, not a relaxation)";
    }
    return new LayerExactness(number, domain.describe(), bias, true, note);
  }
}
