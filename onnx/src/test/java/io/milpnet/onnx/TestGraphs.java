package io.milpnet.onnx;

import io.milpnet.onnx.proto.OnnxProto.AttributeProto;
import io.milpnet.onnx.proto.OnnxProto.GraphProto;
import io.milpnet.onnx.proto.OnnxProto.ModelProto;
import io.milpnet.onnx.proto.OnnxProto.NodeProto;
import io.milpnet.onnx.proto.OnnxProto.OperatorSetIdProto;
import io.milpnet.onnx.proto.OnnxProto.TensorProto;
import io.milpnet.onnx.proto.OnnxProto.TensorShapeProto;
import io.milpnet.onnx.proto.OnnxProto.TypeProto;
import io.milpnet.onnx.proto.OnnxProto.ValueInfoProto;
import java.util.Random;

/** Builds small ONNX models in tests with the generated protobuf classes, one node at a time. */
final class TestGraphs {
  private final GraphProto.Builder graph = GraphProto.newBuilder().setName("test");
  private int nodes;

  TestGraphs input(String name, long... dims) {
    graph.addInput(info(name, dims));
    return this;
  }

  TestGraphs output(String name, long... dims) {
    graph.addOutput(info(name, dims));
    return this;
  }

  static ValueInfoProto info(String name, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
          : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
  }

  /** A float initializer (in float_data, the layout without raw_data). */
  TestGraphs constant(String name, double[] values, long... dims) {
    graph.addInitializer(tensor(name, values, dims));
    return this;
  }

  static TensorProto tensor(String name, double[] values, long... dims) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
    for (long d : dims) {
      t.addDims(d);
    }
    for (double v : values) {
      t.addFloatData((float) v);
    }
    return t.build();
  }

  static TensorProto longs(String name, long... values) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
        .addDims(values.length);
    for (long v : values) {
      t.addInt64Data(v);
    }
    return t.build();
  }

  TestGraphs longConstant(String name, long... values) {
    graph.addInitializer(longs(name, values));
    return this;
  }

  /** Adds a node; attributes as name, value pairs (Long, Double, String, long[], TensorProto). */
  TestGraphs node(String op, String[] inputs, String output, Object... attributes) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(op.toLowerCase() + (++nodes))
        .addOutput(output);
    for (String in : inputs) {
      n.addInput(in);
    }
    for (int i = 0; i < attributes.length; i += 2) {
      AttributeProto.Builder a = AttributeProto.newBuilder().setName((String) attributes[i]);
      Object v = attributes[i + 1];
      if (v instanceof Long l) {
        a.setType(AttributeProto.AttributeType.INT).setI(l);
      } else if (v instanceof Double d) {
        a.setType(AttributeProto.AttributeType.FLOAT).setF(d.floatValue());
      } else if (v instanceof String s) {
        a.setType(AttributeProto.AttributeType.STRING).setS(com.google.protobuf.ByteString.copyFromUtf8(s));
      } else if (v instanceof long[] ls) {
        a.setType(AttributeProto.AttributeType.INTS);
        for (long l : ls) {
          a.addInts(l);
        }
      } else if (v instanceof TensorProto t) {
        a.setType(AttributeProto.AttributeType.TENSOR).setT(t);
      } else {
        throw new IllegalArgumentException("attribute value " + v);
      }
      n.addAttribute(a);
    }
    graph.addNode(n);
    return this;
  }

  ModelProto model(long opset) {
    return ModelProto.newBuilder().setIrVersion(7).setProducerName("milpnet test")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).setGraph(graph).build();
  }

  OnnxNetwork read(long opset) {
    return new OnnxReader().read(model(opset).toByteArray(), "'test.onnx'");
  }

  /** Values in [-1, 1], rounded to floats so that float tensors hold them exactly. */
  static double[] random(Random r, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (2 * r.nextDouble() - 1);
    }
    return v;
  }
}
