package io.milpnet.onnx;

import io.milpnet.onnx.proto.OnnxProto.AttributeProto;
import io.milpnet.onnx.proto.OnnxProto.NodeProto;
import java.util.List;

/** One graph node with its attributes read by name, and errors that name it: {@code node 'conv1' (Conv): ...}. */
record Node(NodeProto proto, String label) {
  static Node of(NodeProto proto, int index) {
    String name = proto.getName().isEmpty() ? "#" + (index + 1) : "'" + proto.getName() + "'";
    return new Node(proto, "node " + name + " (" + proto.getOpType() + ")");
  }

  String op() {
    return proto.getOpType();
  }

  List<String> inputs() {
    return proto.getInputList().stream().filter(s -> !s.isEmpty()).toList();
  }

  /** Input i's name, or null when the node has no such (or an empty, i.e. omitted optional) input. */
  String input(int i) {
    return i < proto.getInputCount() && !proto.getInput(i).isEmpty() ? proto.getInput(i) : null;
  }

  String output() {
    return proto.getOutput(0);
  }

  OnnxModelException error(String message) {
    return new OnnxModelException(label + ": " + message);
  }

  private AttributeProto attribute(String name) {
    for (AttributeProto a : proto.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a;
      }
    }
    return null;
  }

  boolean has(String name) {
    return attribute(name) != null;
  }

  long integer(String name, long fallback) {
    AttributeProto a = attribute(name);
    return a == null ? fallback : a.getI();
  }

  double real(String name, double fallback) {
    AttributeProto a = attribute(name);
    return a == null ? fallback : a.getF();
  }

  String text(String name, String fallback) {
    AttributeProto a = attribute(name);
    return a == null ? fallback : a.getS().toStringUtf8();
  }

  /** An ints attribute, or {@code fallback} (may be null) when absent. */
  long[] integers(String name, long[] fallback) {
    AttributeProto a = attribute(name);
    if (a == null) {
      return fallback;
    }
    long[] v = new long[a.getIntsCount()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.getInts(i);
    }
    return v;
  }

  double[] reals(String name) {
    AttributeProto a = attribute(name);
    if (a == null) {
      return null;
    }
    double[] v = new double[a.getFloatsCount()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.getFloats(i);
    }
    return v;
  }

  /** A tensor-valued attribute ({@code Constant}'s value), or null. */
  Tensor tensor(String name) {
    AttributeProto a = attribute(name);
    return a == null || !a.hasT() ? null : Tensor.of(a.getT(), label + " attribute " + name);
  }
}
