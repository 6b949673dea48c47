package io.milpnet.formulation.train;

import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.TrainedNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The canonical order of a network's hidden units that the symmetry-breaking rows demand: in every layer whose rows
 * order it ({@link EncodedLayer#ordersGroups}), live groups first where they are masked, then biases descending,
 * stably. What reads the layer is permuted to match: pooling keeps channels apart, so a convolution's permutation
 * passes through it to the next convolution's input channels or to the column blocks of the dense layer after
 * flatten; a switched-off (identity) layer takes its inputs' order and passes it on. The network computes the same
 * function, in the order the model accepts as a start.
 */
final class CanonicalOrder {
  private CanonicalOrder() {}

  static TrainedNetwork of(List<EncodedLayer> layers, TrainedNetwork network) {
    List<NetworkLayer> out = new ArrayList<>(network.layers());
    for (int l = 0; l + 1 < out.size(); l++) {
      EncodedLayer encoded = layers.get(l);
      if (!encoded.ordersGroups()) {
        continue;
      }
      NetworkLayer layer = out.get(l);
      boolean[] live = encoded.canonicalLiveness(with(network, out), l);
      double[] bias = layer.differentiable().biases();
      Integer[] order = new Integer[bias.length];
      for (int g = 0; g < order.length; g++) {
        order[g] = g;
      }
      Arrays.sort(order, (a, b) -> {
        if (live != null && live[a] != live[b]) {
          return live[a] ? -1 : 1;
        }
        return Double.compare(bias[b], bias[a]);
      });
      out.set(l, layer.withGroupsPermuted(order));
      int block = layer.groupSize();
      for (int cur = l + 1; cur < out.size(); cur++) {
        NetworkLayer next = out.get(cur);
        if (!next.trains()) {
          block = next.groupSize(); // pooling: the channels pass through
          continue;
        }
        boolean follows = layers.get(cur).followsInputOrder() && next.passesThrough() && cur + 1 < out.size();
        NetworkLayer permuted = next.withInputGroupsPermuted(order, block);
        out.set(cur, follows ? permuted.withGroupsPermuted(order) : permuted);
        if (!follows) {
          break;
        }
      }
    }
    return with(network, out);
  }

  private static TrainedNetwork with(TrainedNetwork network, List<NetworkLayer> layers) {
    return new TrainedNetwork(network.inputFeatures(), network.scaler(), layers, network.outputKind(),
        network.classLabels(), network.targetRange());
  }
}
