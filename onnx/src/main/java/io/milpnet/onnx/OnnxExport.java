package io.milpnet.onnx;

import io.milpnet.core.io.AtomicTextFile;
import io.milpnet.formulation.data.MinMaxScaler;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.formulation.network.OperatorGraph;
import io.milpnet.formulation.network.OutputKind;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.spec.Shape;
import io.milpnet.onnx.proto.OnnxProto.AttributeProto;
import io.milpnet.onnx.proto.OnnxProto.GraphProto;
import io.milpnet.onnx.proto.OnnxProto.ModelProto;
import io.milpnet.onnx.proto.OnnxProto.NodeProto;
import io.milpnet.onnx.proto.OnnxProto.OperatorSetIdProto;
import io.milpnet.onnx.proto.OnnxProto.StringStringEntryProto;
import io.milpnet.onnx.proto.OnnxProto.TensorProto;
import io.milpnet.onnx.proto.OnnxProto.TensorShapeProto;
import io.milpnet.onnx.proto.OnnxProto.TypeProto;
import io.milpnet.onnx.proto.OnnxProto.ValueInfoProto;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Writes a trained network as an ONNX model (opset 13, float32) that onnxruntime and PyTorch run without milpnet:
 * input {@code input} [1, features] of raw feature values, the network's min-max scaling ({@code Sub}, {@code Div},
 * and {@code Clip} to [0, 1] when the network clips), then per layer its standard operators (dense: {@code Gemm};
 * convolution: {@code Conv}; pooling: {@code MaxPool}, {@code AveragePool}; a gate: {@code Where(GreaterOrEqual(U x
 * + c, 0), W x + b, 0)}, its exact form), output {@code output} [1, outputs] (a regression output in the target's
 * units). Between layers the tensor is flat [1, n]; images are reshaped around convolutions and pooling. Each layer and
 * activation states its operators itself ({@link NetworkLayer#export}, {@link OperatorGraph}); this class knows ONNX
 * and no layer kind.
 */
public final class OnnxExport {
  static final long OPSET = 13;

  private final GraphProto.Builder graph = GraphProto.newBuilder().setName("milpnet");
  private int counter;
  private String current = "input";

  private OnnxExport() {}

  /**
   * The network as an ONNX model.
   *
   * @throws OnnxModelException naming the layer when a layer kind or activation has no ONNX form
   */
  public static ModelProto model(TrainedNetwork net) {
    return new OnnxExport().build(net);
  }

  /** Writes the model to {@code file} atomically (a temporary file in its directory, then a move). */
  public static void write(TrainedNetwork net, Path file) {
    AtomicTextFile.writeBytes(file, model(net).toByteArray());
  }

  private ModelProto build(TrainedNetwork net) {
    int features = net.numInputs();
    graph.addInput(info("input", features));
    scaling(net.scaler());
    for (int l = 0; l < net.layers().size(); l++) {
      layer(net.layers().get(l), l + 1);
    }
    int outputs = net.layers().get(net.layers().size() - 1).units();
    if (net.outputKind() == OutputKind.REGRESSION) {
      double range = net.targetRange()[1] - net.targetRange()[0];
      String scaled = node("Mul", current, constant(new double[] {range == 0.0 ? 1.0 : range}));
      current = node("Add", scaled, constant(new double[] {net.targetRange()[0]}));
    }
    current = node("Identity", current);
    graph.getNodeBuilder(graph.getNodeCount() - 1).setOutput(0, "output");
    graph.addOutput(info("output", outputs));
    ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(7).setProducerName("milpnet")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET)).setGraph(graph);
    metadata(model, "milpnet.inputFeatures", String.join(",", net.inputFeatures()));
    metadata(model, "milpnet.outputKind", net.outputKind().name());
    metadata(model, "milpnet.classLabels",
        Arrays.stream(net.classLabels()).mapToObj(Integer::toString).collect(Collectors.joining(",")));
    return model.build();
  }

  private static void metadata(ModelProto.Builder model, String key, String value) {
    model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value));
  }

  /** {@code (x - min) / range} (a constant feature's range counts as 1, as in milpnet), clipped to [0, 1] if so. */
  private void scaling(MinMaxScaler scaler) {
    int n = scaler.numFeatures();
    double[] range = new double[n];
    for (int j = 0; j < n; j++) {
      double r = scaler.max()[j] - scaler.min()[j];
      range[j] = r == 0.0 ? 1.0 : r;
    }
    String shifted = node("Sub", current, constant(scaler.min(), 1, n));
    current = node("Div", shifted, constant(range, 1, n));
    if (scaler.clip()) {
      current = node("Clip", current, constant(new double[] {0.0}), constant(new double[] {1.0}));
    }
  }

  /** The layer's operators on the current tensor, as its kind states them ({@link NetworkLayer#export}). */
  private void layer(NetworkLayer layer, int index) {
    try {
      current = layer.export(operators, current);
    } catch (UnsupportedOperationException e) {
      throw new OnnxModelException("layer " + index + " (" + layer.kindKey() + "): " + e.getMessage());
    }
  }

  /** The standard ONNX operators the layers and activations state themselves in. */
  private final OperatorGraph operators = new OperatorGraph() {
    @Override
    public String gemm(String in, double[][] w, double[] b) {
      int inputs = w.length == 0 ? 0 : w[0].length;
      double[] flat = new double[w.length * inputs];
      for (int j = 0; j < w.length; j++) {
        System.arraycopy(w[j], 0, flat, j * inputs, inputs);
      }
      String out = node("Gemm", in, constant(flat, w.length, inputs), constant(b, b.length));
      attribute(AttributeProto.newBuilder().setName("transB").setType(AttributeProto.AttributeType.INT).setI(1)
          .build());
      return out;
    }

    @Override
    public String conv(String in, Shape shape, double[][][][] kernels, double[] bias, int stride) {
      int size = kernels.length == 0 ? 0 : kernels[0][0].length;
      double[] k = new double[kernels.length * shape.channels() * size * size];
      int t = 0;
      for (double[][][] kernel : kernels) {
        for (double[][] plane : kernel) {
          for (double[] row : plane) {
            for (double w : row) {
              k[t++] = w;
            }
          }
        }
      }
      String conv = node("Conv", image(in, shape), constant(k, kernels.length, shape.channels(), size, size),
          constant(bias, bias.length));
      attribute(ints("kernel_shape", size, size));
      attribute(ints("strides", stride, stride));
      return node("Flatten", conv);
    }

    @Override
    public String maxPool(String in, Shape shape, int size, int stride, int pad) {
      return pool("MaxPool", in, shape, size, stride, pad);
    }

    @Override
    public String averagePool(String in, Shape shape, int size) {
      return pool("AveragePool", in, shape, size, size, 0);
    }

    private String pool(String op, String in, Shape shape, int size, int stride, int pad) {
      String pooled = node(op, image(in, shape));
      attribute(ints("kernel_shape", size, size));
      attribute(ints("strides", stride, stride));
      if (pad > 0) {
        attribute(ints("pads", pad, pad, pad, pad));
      }
      return node("Flatten", pooled);
    }

    private String image(String in, Shape shape) {
      return reshape(in, 1, shape.channels(), shape.height(), shape.width());
    }

    @Override
    public String relu(String in) {
      return node("Relu", in);
    }

    @Override
    public String leakyRelu(String in, double slope) {
      String out = node("LeakyRelu", in);
      attribute(AttributeProto.newBuilder().setName("alpha").setType(AttributeProto.AttributeType.FLOAT)
          .setF((float) slope).build());
      return out;
    }

    @Override
    public String clip(String in, double lo, double hi) {
      return node("Clip", in, constant(new double[] {lo}), constant(new double[] {hi}));
    }

    @Override
    public String scalar(double value) {
      return constant(new double[] {value});
    }

    @Override
    public String whereNonNegative(String test, String then, String otherwise) {
      return node("Where", node("GreaterOrEqual", test, constant(new double[] {0.0})), then, otherwise);
    }
  };

  private String reshape(String input, long... dims) {
    TensorProto.Builder shape = TensorProto.newBuilder().setName("shape" + (++counter))
        .setDataType(TensorProto.DataType.INT64_VALUE).addDims(dims.length);
    for (long d : dims) {
      shape.addInt64Data(d);
    }
    graph.addInitializer(shape);
    return node("Reshape", input, shape.getName());
  }

  /** A float initializer (float32: what onnxruntime computes in; milpnet's weights are rounded to it). */
  private String constant(double[] values, long... dims) {
    TensorProto.Builder t = TensorProto.newBuilder().setName("c" + (++counter))
        .setDataType(TensorProto.DataType.FLOAT_VALUE);
    for (long d : dims) {
      t.addDims(d);
    }
    for (double v : values) {
      t.addFloatData((float) v);
    }
    graph.addInitializer(t);
    return t.getName();
  }

  private String node(String op, String... inputs) {
    String out = op.toLowerCase() + (++counter);
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(out).addOutput(out);
    for (String in : inputs) {
      n.addInput(in);
    }
    graph.addNode(n);
    return out;
  }

  /** Adds an attribute to the node added last. */
  private void attribute(AttributeProto a) {
    graph.getNodeBuilder(graph.getNodeCount() - 1).addAttribute(a);
  }

  private static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  private static ValueInfoProto info(String name, int width) {
    TensorShapeProto shape = TensorShapeProto.newBuilder()
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(1))
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width)).build();
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
  }
}
