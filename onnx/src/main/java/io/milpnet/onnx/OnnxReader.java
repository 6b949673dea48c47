package io.milpnet.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import io.milpnet.core.io.TextInput;
import io.milpnet.formulation.verify.FixedNetwork;
import io.milpnet.onnx.proto.OnnxProto.ModelProto;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads an ONNX model file ({@code .onnx}, or gzipped {@code .onnx.gz}; the protobuf schema {@code onnx.proto},
 * compiled by protoc) and translates its graph into a {@link FixedNetwork}. Every failure is an
 * {@link OnnxModelException} whose one line names the file, and for a graph the node at fault.
 */
public final class OnnxReader {

  public OnnxNetwork read(Path file) {
    String name = "'" + file + "'";
    byte[] bytes;
    try {
      // VNN-COMP benchmarks since 2022 ship their networks gzipped (.onnx.gz): read through gzip, bounded.
      bytes = TextInput.readBytes(file, TextInput.Limits.DEFAULT);
    } catch (IOException e) {
      throw new OnnxModelException(name + " " + TextInput.describe(e));
    }
    return read(bytes, name);
  }

  /** {@code name} says where the bytes come from in errors. */
  public OnnxNetwork read(byte[] bytes, String name) {
    ModelProto model;
    try {
      model = ModelProto.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new OnnxModelException(name + " is not a readable ONNX model (truncated or corrupt protobuf data: "
          + e.getMessage() + ")");
    }
    if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
      throw new OnnxModelException(name + " holds no graph with nodes: not an ONNX model, or an empty one");
    }
    try {
      GraphTranslator.Result r = new GraphTranslator().translate(model.getGraph());
      return new OnnxNetwork(new FixedNetwork(r.layers()), r.inputName(), r.inputDims(), r.outputName(),
          r.outputDims());
    } catch (OnnxModelException e) {
      throw new OnnxModelException(name + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      // A layer's own check (a shape that does not fit): the graph is inconsistent.
      throw new OnnxModelException(name + ": the graph does not form a consistent network: " + e.getMessage());
    }
  }
}
