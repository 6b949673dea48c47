package io.milpnet.onnx;

import io.milpnet.formulation.verify.FixedNetwork;

/**
 * A network read from an ONNX file: milpnet's layers, and the graph's input and output tensors (names and shapes,
 * a symbolic batch dimension read as 1). The network's inputs and outputs are those tensors flattened row-major, as
 * VNN-LIB numbers them ({@code X_0 ..}, {@code Y_0 ..}).
 */
public record OnnxNetwork(FixedNetwork network, String inputName, int[] inputDims, String outputName,
    int[] outputDims) {}
