package io.milpnet.formulation.train;

import io.milpnet.formulation.network.ConvLayer;
import io.milpnet.formulation.network.DenseLayer;
import io.milpnet.formulation.network.GateLayer;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.PoolLayer;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.spec.Activation;
import io.milpnet.formulation.spec.ArchitectureParser;
import io.milpnet.formulation.spec.ConvSpec;
import io.milpnet.formulation.spec.DenseSpec;
import io.milpnet.formulation.spec.FlattenSpec;
import io.milpnet.formulation.spec.GateSpec;
import io.milpnet.formulation.spec.LayerSpec;
import io.milpnet.formulation.spec.PoolSpec;
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
    for (int s = 0; s < specs.size(); s++) {
      LayerSpec spec = specs.get(s);
      Shape in = shapes.get(s);
      if (spec instanceof FlattenSpec) {
        continue;
      }
      if (spec instanceof DenseSpec dense) {
        layers.add(new DenseLayer(new double[dense.units()][in.size()], new double[dense.units()], dense.activation(),
            "float"));
      } else if (spec instanceof GateSpec gate) {
        layers.add(new GateLayer(new double[gate.units()][in.size()], new double[gate.units()],
            new double[gate.units()][in.size()], new double[gate.units()], "float"));
      } else if (spec instanceof ConvSpec conv) {
        layers.add(new ConvLayer(in, conv.stride(), new double[conv.channels()][in.channels()][conv.kernel()]
            [conv.kernel()], new double[conv.channels()], conv.activation(), "float"));
      } else if (spec instanceof PoolSpec pool) {
        layers.add(new PoolLayer(pool.kind(), in, pool.size()));
      } else {
        throw new IllegalArgumentException("no network layer for the layer kind " + spec.token());
      }
    }
    return new TrainedNetwork(data.featureNames(), data.scaler(), layers, data.outputKind(), data.classLabels(),
        data.targetRange());
  }
}
