package io.milpnet.formulation.train;

import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.layer.LayerKinds;
import io.milpnet.formulation.layer.dense.DenseSpec;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.spec.ArchitectureParser;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.spec.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The network an architecture describes, without a MILP: the hidden layers of {@code --arch} and the linear output
 * layer the data asks for, all weights 0, as the layers {@link TrainingProblem} encodes (flatten moves no data and has
 * no layer). The float network of the gradient stage is trained from it before any domain is chosen.
 */
final class Architecture {
  private Architecture() {}

  static TrainedNetwork zeroNetwork(TrainingData data, List<LayerSpec> hidden, Shape inputShape) {
    List<LayerSpec> specs = new ArrayList<>(hidden);
    specs.add(new DenseSpec(data.outputs(), Activation.LINEAR));
    List<Shape> shapes = new ArchitectureParser().shapes(specs, inputShape, data.features());
    List<NetworkLayer> layers = new ArrayList<>();
    LayerKinds kinds = LayerKinds.standard();
    for (int s = 0; s < specs.size(); s++) {
      NetworkLayer layer = kinds.zeroLayer(specs.get(s), shapes.get(s));
      if (layer != null) {
        layers.add(layer);
      }
    }
    return new TrainedNetwork(data.featureNames(), data.scaler(), layers, data.outputKind(), data.classLabels(),
        data.targetRange());
  }
}
