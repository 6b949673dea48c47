package io.milpnet.formulation.layer.conv;

import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Var;
import io.milpnet.formulation.encode.BinaryProductFormulation;
import io.milpnet.formulation.encode.ReluFormulation;
import io.milpnet.formulation.layer.dense.EncodedDenseLayer;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.spec.Shape;
import io.milpnet.formulation.train.EncodedActivation;
import io.milpnet.formulation.train.EncodedLayer;
import io.milpnet.formulation.train.Encoding;
import io.milpnet.formulation.train.GradientDescent;
import io.milpnet.formulation.train.LayerAssembly;
import io.milpnet.formulation.train.LayerSignals;
import io.milpnet.formulation.train.SymmetryBreaking;
import io.milpnet.formulation.train.TrainingConfig;
import io.milpnet.formulation.train.WeightDomain;
import io.milpnet.formulation.train.WeightDomainPolicy;
import io.milpnet.formulation.train.WeightParams;

/**
 * A convolution of the training MILP: one kernel per output channel, shared by every position, so sample i's unit
 * (c, y, x) has the pre-activation {@code b_c + sum_{ci,dy,dx} K_c[ci][dy][dx] x_i[ci][y S + dy][x S + dx]}. Fed by
 * data the kernels are continuous and the sum is linear in them; fed by hidden activations they are on a grid and
 * each product is exact (as in a dense layer). With {@code --filter-penalty} a binary f_c per filter zeroes its
 * kernel and bias when 0; interchangeable filters are ordered (active first, then biases descending).
 */
public final class EncodedConvLayer extends EncodedLayer {
  final ConvSpec spec;
  final Shape in;
  final Shape out;
  public final WeightDomain domain;
  final boolean gridBias;
  final double biasBound;
  final int kernelSize;
  /** Kernel parameter {@code ((c * Cin + ci) * K + dy) * K + dx}. */
  WeightParams kernels;
  WeightParams biases;
  /** Filter masks f_c (null without filter pruning). */
  Var[] filterMasks;

  EncodedConvLayer(int layer, ConvSpec spec, Shape in, WeightDomain domain, boolean gridBias, double biasBound,
      int samples) {
    super(layer, true, spec.outputShape(in).size(), in.size(), samples);
    this.spec = spec;
    this.in = in;
    this.out = spec.outputShape(in);
    this.domain = domain;
    this.gridBias = gridBias;
    this.biasBound = biasBound;
    this.kernelSize = spec.kernel();
  }

  int param(int c, int ci, int dy, int dx) {
    return ((c * in.channels() + ci) * kernelSize + dy) * kernelSize + dx;
  }

  int perFilter() {
    return in.channels() * kernelSize * kernelSize;
  }

  void encode(Model model, LayerSignals input, TrainingConfig cfg, ReluFormulation reluFormulation,
      BinaryProductFormulation products) {
    int params = spec.channels() * perFilter();
    java.util.function.IntFunction<String> name = p -> "[l" + layer + ",f" + (p / perFilter()) + ",k"
        + (p % perFilter()) + "]";
    if (domain instanceof WeightDomain.Sign) {
      throw new IllegalArgumentException("sign weights are not a convolution domain");
    }
    kernels = WeightParams.of(model, domain, params, name, "weight", "weight");
    java.util.function.IntFunction<String> biasName = c -> "[l" + layer + ",f" + c + "]";
    biases = gridBias
        ? WeightParams.of(model, EncodedDenseLayer.biasGrid(domain), spec.channels(), biasName, "bias", "bias")
        : WeightParams.continuous(model, biasBound, spec.channels(), biasName, "bias", "bias");
    for (int p = 0; kernels.isGrid() && p < params; p++) {
      model.addLessOrEqual("wtern" + name.apply(p), kernels.used(p), 1.0);
    }
    for (int c = 0; gridBias && biases.isGrid() && c < spec.channels(); c++) {
      model.addLessOrEqual("btern" + biasName.apply(c), biases.used(c), 1.0);
    }
    if (cfg.pruneFilters()) {
      filterMasks = new Var[spec.channels()];
      for (int c = 0; c < spec.channels(); c++) {
        filterMasks[c] = model.addBinary("F" + biasName.apply(c), "filter-mask");
        regularisation = regularisation.plus(LinearExpr.term(cfg.filterPenalty(), filterMasks[c]));
        for (int q = 0; q < perFilter(); q++) {
          kernels.zeroUnless(model, c * perFilter() + q, filterMasks[c], "fltmask" + name.apply(c * perFilter() + q));
        }
        biases.zeroUnless(model, c, filterMasks[c], "fltmask_b" + biasName.apply(c));
      }
    }
    regularisation = regularisation.plus(kernels.regularise(model, cfg.l1(), cfg.l0(), name));

    LinearExpr[][] exprs = new LinearExpr[samples][units];
    for (int i = 0; i < samples; i++) {
      for (int c = 0; c < out.channels(); c++) {
        for (int y = 0; y < out.height(); y++) {
          for (int x = 0; x < out.width(); x++) {
            int j = out.index(c, y, x);
            LinearExpr.Builder a = LinearExpr.builder(perFilter() + 2).add(biases.expr(c));
            for (int ci = 0; ci < in.channels(); ci++) {
              for (int dy = 0; dy < kernelSize; dy++) {
                for (int dx = 0; dx < kernelSize; dx++) {
                  int k = in.index(ci, y * spec.stride() + dy, x * spec.stride() + dx);
                  a.add(kernels.times(model, param(c, ci, dy, dx), input.signals()[i][k], products, i, k,
                      "[l" + layer + ",s" + i + ",u" + j + ",i" + k + "]"));
                }
              }
            }
            exprs[i][j] = a.build();
          }
        }
      }
    }
    pre = bounded(model, exprs, spec.activation() == io.milpnet.formulation.activation.Activation.LINEAR);
    activation = new EncodedActivation(model, spec.activation(), pre, reluFormulation,
        cfg.encoding() == Encoding.INDICATOR, "l" + layer);
    output = new LayerSignals(activation.output, null);
    if (cfg.symmetryBreaking()) {
      SymmetryBreaking.order(model, filterMasks, biases, gridBias ? domain.maxAbs() : biasBound, "l" + layer);
    }
  }

  /** The convolution of {@code spec}, encoded: its domain, bias bound, kernels and activation. */
  static EncodedLayer build(LayerSpec spec, int number, Shape in, boolean hidden, LayerSignals signals,
      LayerAssembly a) {
    ConvSpec conv = (ConvSpec) spec;
    boolean fedByData = WeightDomainPolicy.constant(signals);
    WeightDomain domain = a.domains().domainOf(fedByData, a.signOutput());
    double biasBound = a.domains().biasBound(domain, signals, conv, in);
    EncodedConvLayer layer = new EncodedConvLayer(number, conv, in, domain, a.config().gridBiases(), biasBound,
        signals.samples());
    layer.tightener = a.bounds();
    layer.restriction = a.restriction();
    layer.encode(a.model(), signals, a.config(), a.relu(), a.products());
    a.exactness().add(a.domains().describe(fedByData, domain, biasBound, a.signOutput(), number));
    return layer;
  }

  @Override
  protected boolean ordersGroups() {
    return hidden;
  }

  @Override
  protected boolean[] canonicalLiveness(TrainedNetwork current, int l) {
    if (filterMasks == null) {
      return null;
    }
    ConvLayer conv = (ConvLayer) current.layers().get(l);
    boolean[] used = new boolean[conv.channels()];
    for (int c = 0; c < used.length; c++) {
      used[c] = filterUsed(conv, c);
    }
    return used;
  }

  @Override
  protected NetworkLayer zeroLayer() {
    return new ConvLayer(in, spec.stride(), new double[spec.channels()][in.channels()][kernelSize][kernelSize],
        new double[spec.channels()], spec.activation(), domain.describe());
  }

  @Override
  protected ConvLayer decode(double[] values) {
    double[][][][] k = new double[spec.channels()][in.channels()][kernelSize][kernelSize];
    double[] bias = new double[spec.channels()];
    for (int c = 0; c < spec.channels(); c++) {
      boolean off = filterMasks != null && Math.rint(values[filterMasks[c].index()]) == 0.0;
      for (int ci = 0; ci < in.channels(); ci++) {
        for (int dy = 0; dy < kernelSize; dy++) {
          for (int dx = 0; dx < kernelSize; dx++) {
            k[c][ci][dy][dx] = off ? 0.0 : kernels.decode(values, param(c, ci, dy, dx));
          }
        }
      }
      bias[c] = off ? 0.0 : biases.decode(values, c);
    }
    return new ConvLayer(in, spec.stride(), k, bias, spec.activation(), domain.describe());
  }

  @Override
  protected ConvLayer magnitude() {
    double[][][][] k = new double[spec.channels()][in.channels()][kernelSize][kernelSize];
    for (double[][][] filter : k) {
      for (double[][] channel : filter) {
        for (double[] row : channel) {
          java.util.Arrays.fill(row, kernels.maxAbs());
        }
      }
    }
    return new ConvLayer(in, spec.stride(), k, new double[spec.channels()],
        io.milpnet.formulation.activation.Activation.LINEAR, "magnitude");
  }

  /** A filter counts as active (mask 1) when its kernel or bias is nonzero. */
  @Override
  protected double addStructurePrice(double total, NetworkLayer layer, double[] values, boolean[] inputAlive,
      TrainingConfig config) {
    if (filterMasks != null) {
      for (int c = 0; c < filterMasks.length; c++) {
        total += config.filterPenalty() * (values == null ? (filterUsed((ConvLayer) layer, c) ? 1 : 0)
            : Math.rint(values[filterMasks[c].index()]));
      }
    }
    return total;
  }

  static boolean filterUsed(ConvLayer layer, int c) {
    return layer.filterActive(c) || layer.bias()[c] != 0.0;
  }

  @Override
  protected double[][] assign(double[] values, NetworkLayer layerParams, double[][] inputValues, boolean[] unitAlive,
      boolean[] inputAlive) {
    ConvLayer params = (ConvLayer) layerParams;
    if (params.channels() != spec.channels() || params.kernel() != kernelSize || params.stride() != spec.stride()
        || !params.inputShape().equals(in)) {
      throw new IllegalArgumentException("layer " + layer + " is not a " + spec.token() + " convolution on " + in);
    }
    for (int c = 0; c < spec.channels(); c++) {
      for (int ci = 0; ci < in.channels(); ci++) {
        for (int dy = 0; dy < kernelSize; dy++) {
          for (int dx = 0; dx < kernelSize; dx++) {
            kernels.assign(values, param(c, ci, dy, dx), params.kernels()[c][ci][dy][dx],
                "layer " + layer + " kernel weight (" + c + "," + ci + "," + dy + "," + dx + ")");
          }
        }
      }
      biases.assign(values, c, params.bias()[c], "layer " + layer + " bias " + c);
      if (filterMasks != null) {
        values[filterMasks[c].index()] = filterUsed(params, c) ? 1 : 0;
      }
    }
    kernels.assignProducts(values, inputValues);
    return assignActivations(values, params, inputValues);
  }

  @Override
  protected GradientDescent.Domain parameterDomain() {
    return new GradientDescent.Domain(domain, biasBound, gridBias);
  }

  @Override
  protected ConvLayer withRaisedBiases(NetworkLayer decoded, double[] raise) {
    ConvLayer c = (ConvLayer) decoded;
    double[] b = c.bias().clone();
    int plane = out.height() * out.width();
    double[] perChannel = new double[b.length];
    for (int j = 0; j < raise.length; j++) {
      perChannel[j / plane] = Math.max(perChannel[j / plane], raise[j]);
    }
    for (int ch = 0; ch < b.length; ch++) {
      b[ch] += 2 * perChannel[ch];
    }
    return new ConvLayer(c.inputShape(), c.stride(), c.kernels(), b, c.activation(), c.domain());
  }
}
