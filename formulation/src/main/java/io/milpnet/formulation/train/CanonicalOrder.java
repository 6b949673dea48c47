package io.milpnet.formulation.train;

import io.milpnet.formulation.network.ConvLayer;
import io.milpnet.formulation.network.DenseLayer;
import io.milpnet.formulation.network.GateLayer;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.PoolLayer;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.spec.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The canonical order of a network's hidden units that the symmetry-breaking rows demand (live units first, then
 * biases descending, stably), with what reads each layer permuted to match: the same function, in the order the
 * model accepts as a start.
 */
final class CanonicalOrder {
  private CanonicalOrder() {}

  /** Reorders hidden units: live ones first, then by bias descending (stable), permuting the next layer's columns. */
  static TrainedNetwork of(List<EncodedLayer> layers, TrainedNetwork network) {
    List<NetworkLayer> out = new ArrayList<>(network.layers());
    for (int l = 0; l + 1 < out.size(); l++) {
      if (layers.get(l) instanceof EncodedConvLayer conv) {
        orderFilters(out, l, conv.filterMasks != null);
        continue;
      }
      if (layers.get(l) instanceof EncodedGateLayer) {
        orderGates(out, l);
        continue;
      }
      if (!(layers.get(l) instanceof EncodedDenseLayer encoded) || encoded.layerSwitch != null || encoded.pinned) {
        continue; // a switchable layer has no ordering of its own (it follows its inputs' order, below)
      }
      DenseLayer layer = (DenseLayer) out.get(l);
      TrainedNetwork current = new TrainedNetwork(network.inputFeatures(), network.scaler(), out,
          network.outputKind(), network.classLabels(), network.targetRange());
      Integer[] order = new Integer[layer.units()];
      boolean[] alive = new boolean[layer.units()];
      for (int j = 0; j < order.length; j++) {
        order[j] = j;
        alive[j] = TrainingProblem.isAlive(current, l, j);
      }
      boolean masked = layers.get(l).masks != null;
      Arrays.sort(order, (a, b) -> {
        if (masked && alive[a] != alive[b]) {
          return alive[a] ? -1 : 1;
        }
        return Double.compare(layer.bias()[b], layer.bias()[a]);
      });
      double[][] w = new double[layer.units()][];
      double[] bias = new double[layer.units()];
      for (int j = 0; j < order.length; j++) {
        w[j] = layer.weights()[order[j]].clone();
        bias[j] = layer.bias()[order[j]];
      }
      out.set(l, new DenseLayer(w, bias, layer.activation(), layer.domain()));
      // The next layer's columns follow; an identity layer stays the identity when its units follow too, and so on.
      int cur = l + 1;
      while (true) {
        if (out.get(cur) instanceof GateLayer gate) {
          double[][] gw = new double[gate.units()][order.length];
          double[][] gu = new double[gate.units()][order.length];
          for (int r = 0; r < gate.units(); r++) {
            for (int j = 0; j < order.length; j++) {
              gw[r][j] = gate.weights()[r][order[j]];
              gu[r][j] = gate.gateWeights()[r][order[j]];
            }
          }
          out.set(cur, new GateLayer(gw, gate.bias(), gu, gate.gateBias(), gate.domain()));
          break;
        }
        DenseLayer next = (DenseLayer) out.get(cur);
        boolean follows = layers.get(cur) instanceof EncodedDenseLayer d && d.layerSwitch != null
            && next.passesThrough() && cur + 1 < out.size();
        double[][] nw = new double[next.units()][];
        double[] nb = new double[next.units()];
        for (int r = 0; r < next.units(); r++) {
          int row = follows ? order[r] : r;
          nw[r] = new double[order.length];
          for (int j = 0; j < order.length; j++) {
            nw[r][j] = next.weights()[row][order[j]];
          }
          nb[r] = next.bias()[row];
        }
        out.set(cur, new DenseLayer(nw, nb, next.activation(), next.domain()));
        if (!follows) {
          break;
        }
        cur++;
      }
    }
    return new TrainedNetwork(network.inputFeatures(), network.scaler(), out, network.outputKind(),
        network.classLabels(), network.targetRange());
  }

  /** Orders gated units by bias, descending (stably), and the next layer's columns with them. */
  private static void orderGates(List<NetworkLayer> out, int l) {
    GateLayer gate = (GateLayer) out.get(l);
    Integer[] order = new Integer[gate.units()];
    for (int j = 0; j < order.length; j++) {
      order[j] = j;
    }
    Arrays.sort(order, (a, b) -> Double.compare(gate.bias()[b], gate.bias()[a]));
    double[][] w = new double[order.length][];
    double[][] u = new double[order.length][];
    double[] b = new double[order.length];
    double[] c = new double[order.length];
    for (int j = 0; j < order.length; j++) {
      w[j] = gate.weights()[order[j]];
      u[j] = gate.gateWeights()[order[j]];
      b[j] = gate.bias()[order[j]];
      c[j] = gate.gateBias()[order[j]];
    }
    out.set(l, new GateLayer(w, b, u, c, gate.domain()));
    java.util.function.UnaryOperator<double[][]> columns = m -> {
      double[][] p = new double[m.length][order.length];
      for (int r = 0; r < m.length; r++) {
        for (int j = 0; j < order.length; j++) {
          p[r][j] = m[r][order[j]];
        }
      }
      return p;
    };
    NetworkLayer next = out.get(l + 1);
    if (next instanceof GateLayer g) {
      out.set(l + 1, new GateLayer(columns.apply(g.weights()), g.bias(), columns.apply(g.gateWeights()),
          g.gateBias(), g.domain()));
    } else {
      DenseLayer d = (DenseLayer) next;
      out.set(l + 1, new DenseLayer(columns.apply(d.weights()), d.bias(), d.activation(), d.domain()));
    }
  }

  /**
   * Puts the filters of convolution {@code l} in canonical order (active first when filters are masked, then biases
   * descending, stably) and permutes what reads its channels to match: pooling keeps channels apart, so the
   * permutation passes through it to the next convolution's input channels or to the columns of the dense layer after
   * flatten. The network computes the same function.
   */
  private static void orderFilters(List<NetworkLayer> out, int l, boolean masked) {
    ConvLayer conv = (ConvLayer) out.get(l);
    Integer[] order = new Integer[conv.channels()];
    for (int c = 0; c < order.length; c++) {
      order[c] = c;
    }
    Arrays.sort(order, (a, b) -> {
      boolean ua = EncodedConvLayer.filterUsed(conv, a);
      boolean ub = EncodedConvLayer.filterUsed(conv, b);
      if (masked && ua != ub) {
        return ua ? -1 : 1;
      }
      return Double.compare(conv.bias()[b], conv.bias()[a]);
    });
    double[][][][] kernels = new double[order.length][][][];
    double[] bias = new double[order.length];
    for (int c = 0; c < order.length; c++) {
      kernels[c] = conv.kernels()[order[c]];
      bias[c] = conv.bias()[order[c]];
    }
    out.set(l, new ConvLayer(conv.inputShape(), conv.stride(), kernels, bias, conv.activation(), conv.domain()));
    Shape shape = conv.outputShape();
    int next = l + 1;
    while (out.get(next) instanceof PoolLayer pool) {
      shape = pool.outputShape();
      next++;
    }
    NetworkLayer reader = out.get(next);
    if (reader instanceof ConvLayer nc) {
      double[][][][] k = new double[nc.channels()][][][];
      for (int c = 0; c < k.length; c++) {
        k[c] = new double[order.length][][];
        for (int ci = 0; ci < order.length; ci++) {
          k[c][ci] = nc.kernels()[c][order[ci]];
        }
      }
      out.set(next, new ConvLayer(nc.inputShape(), nc.stride(), k, nc.bias(), nc.activation(), nc.domain()));
    } else {
      DenseLayer dense = (DenseLayer) reader;
      int plane = shape.height() * shape.width();
      double[][] w = new double[dense.units()][dense.inputs()];
      for (int j = 0; j < w.length; j++) {
        for (int c = 0; c < order.length; c++) {
          System.arraycopy(dense.weights()[j], order[c] * plane, w[j], c * plane, plane);
        }
      }
      out.set(next, new DenseLayer(w, dense.bias(), dense.activation(), dense.domain()));
    }
  }
}
