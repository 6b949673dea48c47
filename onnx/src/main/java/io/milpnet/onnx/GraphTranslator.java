package io.milpnet.onnx;

import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.activation.leaky.LeakyRelu;
import io.milpnet.formulation.network.NetworkLayer;
import io.milpnet.onnx.proto.OnnxProto.GraphProto;
import io.milpnet.onnx.proto.OnnxProto.NodeProto;
import io.milpnet.onnx.proto.OnnxProto.TensorProto;
import io.milpnet.onnx.proto.OnnxProto.TensorShapeProto;
import io.milpnet.onnx.proto.OnnxProto.ValueInfoProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Translates an ONNX graph, node by node in its (topological) order, into milpnet layers. The graph must be a chain:
 * one computed tensor flows from the input to the output, every other operand is a constant (an initializer, also
 * when old exporters list it among the inputs, or a {@code Constant} node's value). Linear operators accumulate in an
 * {@link AffineChain}; a nonlinear one (Relu, LeakyRelu, Clip, MaxPool) or the end of the graph turns the chain into
 * one layer. A table maps each operator to its translation; an operator not in it fails naming the node.
 */
final class GraphTranslator {
  static final String SUPPORTED = "Gemm, MatMul, Add, Sub, Mul, Div (by constants), Relu, LeakyRelu, Clip, Conv,"
      + " MaxPool, AveragePool, Pad (constant 0), Flatten, Reshape, Squeeze, Unsqueeze, Transpose, BatchNormalization,"
      + " Identity, Dropout, Shape, Constant";

  private final Map<String, Consumer<Node>> table = new HashMap<>();
  private final Map<String, Tensor> constants = new HashMap<>();
  private final Set<String> computed = new HashSet<>();
  private final List<NetworkLayer> layers = new ArrayList<>();
  private String current;
  private int[] dims;
  private AffineChain chain;

  GraphTranslator() {
    table.put("Identity", n -> follow(n, dims));
    table.put("Dropout", n -> follow(n, dims));
    table.put("Flatten", this::flatten);
    table.put("Reshape", this::reshape);
    table.put("Transpose", this::transpose);
    table.put("Squeeze", n -> follow(n, squeezed(n, dims)));
    table.put("Unsqueeze", n -> follow(n, unsqueezed(n, dims)));
    table.put("Shape", n -> constants.put(n.output(), shapeOf(dims)));
    table.put("Add", this::elementwise);
    table.put("Sub", this::elementwise);
    table.put("Mul", this::elementwise);
    table.put("Div", this::elementwise);
    table.put("MatMul", this::matMul);
    table.put("Gemm", this::gemm);
    table.put("Conv", this::conv);
    table.put("BatchNormalization", this::batchNorm);
    table.put("Pad", this::pad);
    table.put("AveragePool", this::averagePool);
    table.put("MaxPool", this::maxPool);
    table.put("Relu", n -> {
      activation(n, Activation.RELU);
      follow(n, dims);
    });
    table.put("LeakyRelu", this::leakyRelu);
    table.put("Clip", this::clip);
  }

  /** The translated network: its layers and the shapes of its input and output tensors. */
  record Result(List<NetworkLayer> layers, String inputName, int[] inputDims, String outputName, int[] outputDims) {}

  Result translate(GraphProto graph) {
    for (TensorProto t : graph.getInitializerList()) {
      constants.put(t.getName(), Tensor.of(t, "initializer '" + t.getName() + "'"));
    }
    List<ValueInfoProto> inputs = graph.getInputList().stream()
        .filter(v -> !constants.containsKey(v.getName())).toList();
    if (inputs.size() != 1) {
      throw new OnnxModelException("the graph has " + inputs.size() + " inputs that are not initializers "
          + inputs.stream().map(ValueInfoProto::getName).toList() + "; milpnet verifies networks with one input");
    }
    ValueInfoProto input = inputs.get(0);
    dims = declaredDims(input);
    current = input.getName();
    computed.add(current);
    chain = new AffineChain(Shapes.size(dims));
    int inputSize = chain.inputs();
    int[] inputDims = dims.clone();
    for (int i = 0; i < graph.getNodeCount(); i++) {
      step(Node.of(graph.getNode(i), i));
    }
    if (graph.getOutputCount() != 1) {
      throw new OnnxModelException("the graph has " + graph.getOutputCount() + " outputs; milpnet verifies networks"
          + " with one output");
    }
    String output = graph.getOutput(0).getName();
    if (!output.equals(current)) {
      throw new OnnxModelException("the graph's output '" + output + "' is not the result of its last operator on"
          + " the input ('" + current + "'); milpnet translates chains of operators");
    }
    activation(null, Activation.LINEAR);
    if (layers.isEmpty()) {
      layers.add(identity(inputSize, Activation.LINEAR, null));
    }
    return new Result(List.copyOf(layers), input.getName(), inputDims, output, dims.clone());
  }

  private static int[] declaredDims(ValueInfoProto v) {
    if (!v.getType().hasTensorType() || !v.getType().getTensorType().hasShape()) {
      throw new OnnxModelException("the graph input '" + v.getName() + "' declares no tensor shape; milpnet needs"
          + " it to size the network");
    }
    List<TensorShapeProto.Dimension> ds = v.getType().getTensorType().getShape().getDimList();
    int[] d = new int[ds.size()];
    for (int i = 0; i < d.length; i++) {
      // A symbolic dimension (dim_param, e.g. a batch size) is one sample: milpnet verifies one input at a time.
      d[i] = ds.get(i).hasDimValue() && ds.get(i).getDimValue() > 0 ? (int) ds.get(i).getDimValue() : 1;
    }
    return d;
  }

  private void step(Node n) {
    NodeProto p = n.proto();
    if (!p.getDomain().isEmpty() && !p.getDomain().equals("ai.onnx")) {
      throw n.error("operator domain '" + p.getDomain() + "' is not supported; milpnet translates the standard"
          + " operators " + SUPPORTED);
    }
    if (n.op().equals("Constant")) {
      constants.put(n.output(), constantValue(n));
      return;
    }
    boolean readsComputed = false;
    for (String in : n.inputs()) {
      if (in.equals(current)) {
        readsComputed = true;
      } else if (!constants.containsKey(in)) {
        throw n.error(computed.contains(in)
            ? "reads '" + in + "', an earlier result than the last one ('" + current + "'): milpnet translates"
                + " chains of operators, without branches or skip connections"
            : "reads '" + in + "', which no initializer or earlier node defines");
      }
    }
    if (!readsComputed) {
      foldConstant(n);
      return;
    }
    Consumer<Node> translation = table.get(n.op());
    if (translation == null) {
      throw n.error("operator " + n.op() + " is not supported; milpnet translates " + SUPPORTED);
    }
    translation.accept(n);
  }

  /** The node's result is the computed tensor, now of shape {@code newDims}. */
  private void follow(Node n, int[] newDims) {
    current = n.output();
    computed.add(current);
    dims = newDims;
  }

  private Tensor constant(Node n, int i, String what) {
    String name = n.input(i);
    if (name == null) {
      throw n.error("has no " + what + " (input " + (i + 1) + ")");
    }
    if (name.equals(current)) {
      throw n.error("its " + what + " is a computed tensor; milpnet needs a constant there");
    }
    return constants.get(name);
  }

  private static Tensor shapeOf(int[] d) {
    double[] v = new double[d.length];
    for (int i = 0; i < d.length; i++) {
      v[i] = d[i];
    }
    return new Tensor(new int[] {d.length}, v);
  }

  private Tensor constantValue(Node n) {
    Tensor t = n.tensor("value");
    if (t != null) {
      return t;
    }
    if (n.has("value_float")) {
      return Tensor.scalar(n.real("value_float", 0));
    }
    if (n.has("value_int")) {
      return Tensor.scalar(n.integer("value_int", 0));
    }
    double[] fs = n.reals("value_floats");
    long[] is = n.integers("value_ints", null);
    if (fs != null || is != null) {
      double[] v = fs != null ? fs : Arrays.stream(is).asDoubleStream().toArray();
      return new Tensor(new int[] {v.length}, v);
    }
    throw n.error("has no value milpnet reads (value, value_float(s) or value_int(s))");
  }

  /** Operators on constants only (shape arithmetic of exporters) that change no value. */
  private void foldConstant(Node n) {
    Tensor in = constants.get(n.input(0));
    switch (n.op()) {
      case "Identity", "Cast", "Dropout" -> constants.put(n.output(), in);
      case "Reshape" -> constants.put(n.output(), new Tensor(reshaped(n, in.dims()), in.values()));
      case "Flatten" -> constants.put(n.output(), new Tensor(flattened(n, in.dims()), in.values()));
      case "Squeeze" -> constants.put(n.output(), new Tensor(squeezed(n, in.dims()), in.values()));
      case "Unsqueeze" -> constants.put(n.output(), new Tensor(unsqueezed(n, in.dims()), in.values()));
      default -> throw n.error("reads constants only; milpnet folds Constant, Identity, Cast, Reshape, Flatten,"
          + " Squeeze and Unsqueeze of constants, not " + n.op());
    }
  }

  private int[] flattened(Node n, int[] d) {
    long axis = n.integer("axis", 1);
    if (axis < 0) {
      axis += d.length;
    }
    if (axis < 0 || axis > d.length) {
      throw n.error("axis " + n.integer("axis", 1) + " is outside the input's " + d.length + " dimensions");
    }
    int outer = Shapes.size(Arrays.copyOfRange(d, 0, (int) axis));
    return new int[] {outer, Shapes.size(d) / Math.max(outer, 1)};
  }

  private void flatten(Node n) {
    follow(n, flattened(n, dims));
  }

  private int[] reshaped(Node n, int[] d) {
    long[] shape;
    if (n.input(1) != null) {
      shape = constant(n, 1, "target shape").longs();
    } else {
      shape = n.integers("shape", null);
      if (shape == null) {
        throw n.error("has no target shape");
      }
    }
    int[] out = new int[shape.length];
    int infer = -1;
    long known = 1;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] == -1) {
        if (infer >= 0) {
          throw n.error("target shape " + Arrays.toString(shape) + " has two -1 entries");
        }
        infer = i;
        continue;
      }
      if (shape[i] == 0 && n.integer("allowzero", 0) == 0) {
        if (i >= d.length) {
          throw n.error("target shape " + Arrays.toString(shape) + " copies dimension " + i + " of a "
              + d.length + "-dimensional input");
        }
        out[i] = d[i];
      } else if (shape[i] < 1) {
        throw n.error("target shape " + Arrays.toString(shape) + " has entry " + shape[i]);
      } else {
        out[i] = (int) shape[i];
      }
      known *= out[i];
    }
    int size = Shapes.size(d);
    if (infer >= 0) {
      if (known == 0 || size % known != 0) {
        throw n.error("cannot reshape " + Shapes.text(d) + " to " + Arrays.toString(shape));
      }
      out[infer] = (int) (size / known);
    } else if (known != size) {
      throw n.error("cannot reshape " + Shapes.text(d) + " (" + size + " values) to " + Arrays.toString(shape));
    }
    return out;
  }

  /** The axes of Squeeze or Unsqueeze (an attribute before opset 13, an input from it), or null when absent. */
  private long[] axes(Node n) {
    return n.input(1) != null ? constant(n, 1, "axes").longs() : n.integers("axes", null);
  }

  /** Squeeze drops dimensions of size 1 (the given ones, or all); the flat order is kept. */
  private int[] squeezed(Node n, int[] d) {
    long[] axes = axes(n);
    boolean[] drop = new boolean[d.length];
    if (axes == null) {
      for (int i = 0; i < d.length; i++) {
        drop[i] = d[i] == 1;
      }
    } else {
      for (long a : axes) {
        int i = (int) (a < 0 ? a + d.length : a);
        if (i < 0 || i >= d.length || d[i] != 1) {
          throw n.error("cannot squeeze axis " + a + " of shape " + Shapes.text(d));
        }
        drop[i] = true;
      }
    }
    return java.util.stream.IntStream.range(0, d.length).filter(i -> !drop[i]).map(i -> d[i]).toArray();
  }

  /** Unsqueeze inserts dimensions of size 1 at the given axes of the result; the flat order is kept. */
  private int[] unsqueezed(Node n, int[] d) {
    long[] axes = axes(n);
    if (axes == null) {
      throw n.error("has no axes");
    }
    int rank = d.length + axes.length;
    boolean[] inserted = new boolean[rank];
    for (long a : axes) {
      int i = (int) (a < 0 ? a + rank : a);
      if (i < 0 || i >= rank || inserted[i]) {
        throw n.error("axes " + Arrays.toString(axes) + " do not fit a result of " + rank + " dimensions");
      }
      inserted[i] = true;
    }
    int[] out = new int[rank];
    for (int i = 0, k = 0; i < rank; i++) {
      out[i] = inserted[i] ? 1 : d[k++];
    }
    return out;
  }

  /** Row-major flat order is kept: a reshape only renames the dimensions. */
  private void reshape(Node n) {
    follow(n, reshaped(n, dims));
  }

  private void transpose(Node n) {
    int rank = dims.length;
    long[] perm = n.integers("perm", null);
    if (perm == null) {
      perm = new long[rank];
      for (int i = 0; i < rank; i++) {
        perm[i] = rank - 1 - i;
      }
    }
    if (perm.length != rank) {
      throw n.error("perm " + Arrays.toString(perm) + " does not fit the input's shape " + Shapes.text(dims));
    }
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      out[i] = dims[(int) perm[i]];
    }
    int[] inStride = strides(dims);
    int size = Shapes.size(dims);
    SparseMap.Builder b = new SparseMap.Builder(size);
    int[] idx = new int[rank];
    for (int flat = 0; flat < size; flat++) {
      int rest = flat;
      for (int d = rank - 1; d >= 0; d--) {
        idx[d] = rest % out[d];
        rest /= out[d];
      }
      int src = 0;
      for (int d = 0; d < rank; d++) {
        src += idx[d] * inStride[(int) perm[d]];
      }
      b.term(src, 1.0).endRow(0.0);
    }
    chain.add(b.build());
    follow(n, out);
  }

  private static int[] strides(int[] d) {
    int[] s = new int[d.length];
    int acc = 1;
    for (int i = d.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= d[i];
    }
    return s;
  }

  /** Add, Sub, Mul, Div of the computed tensor and a constant (either side; a constant divided by it is refused). */
  private void elementwise(Node n) {
    String a = n.input(0);
    String b = n.input(1);
    if (a == null || b == null) {
      throw n.error("needs two operands");
    }
    boolean first = a.equals(current);
    if (first && b.equals(current)) {
      throw n.error("combines the computed tensor with itself; milpnet translates " + n.op() + " with a constant");
    }
    Tensor c = constants.get(first ? b : a);
    int[] out = Shapes.broadcast(dims, c.dims());
    if (out == null || Shapes.size(out) != Shapes.size(dims)) {
      throw n.error("the constant of shape " + Shapes.text(c.dims()) + " does not broadcast onto the computed tensor"
          + " of shape " + Shapes.text(dims) + " without enlarging it");
    }
    double[] v = Shapes.expand(c, out);
    AffineMap map = switch (n.op()) {
      case "Add" -> ElementwiseAffine.shift(v);
      case "Sub" -> first ? ElementwiseAffine.shift(negated(v)) : new ElementwiseAffine(filled(v.length, -1), v);
      case "Mul" -> ElementwiseAffine.scale(v);
      default -> {
        if (!first) {
          throw n.error("divides a constant by the computed tensor, which is not linear");
        }
        double[] inv = new double[v.length];
        for (int i = 0; i < v.length; i++) {
          if (v[i] == 0.0) {
            throw n.error("divides by zero (element " + i + " of its constant)");
          }
          inv[i] = 1.0 / v[i];
        }
        yield ElementwiseAffine.scale(inv);
      }
    };
    chain.add(map);
    follow(n, out);
  }

  private static double[] negated(double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = -v[i];
    }
    return out;
  }

  private static double[] filled(int n, double value) {
    double[] out = new double[n];
    Arrays.fill(out, value);
    return out;
  }

  /** A matrix operand of shape [rows, cols] (a 1-D constant is refused: milpnet needs a matrix). */
  private static Tensor matrix(Node n, Tensor t, String what) {
    if (t.dims().length != 2) {
      throw n.error(what + " has shape " + Shapes.text(t.dims()) + "; milpnet needs a 2-D matrix there");
    }
    return t;
  }

  private void matMul(Node n) {
    int size = Shapes.size(dims);
    if (current.equals(n.input(0))) {
      // x (a row: every dimension but the last is 1) times a constant [K, N].
      Tensor w = matrix(n, constant(n, 1, "second operand"), "the constant operand");
      int k = w.dims()[0];
      int cols = w.dims()[1];
      if (dims[dims.length - 1] != k || size != k) {
        throw n.error("multiplies a tensor of shape " + Shapes.text(dims) + " by a matrix of shape "
            + Shapes.text(w.dims()) + "; milpnet needs a single row of " + k + " values");
      }
      double[][] m = new double[cols][k];
      for (int j = 0; j < cols; j++) {
        for (int i = 0; i < k; i++) {
          m[j][i] = w.values()[i * cols + j];
        }
      }
      chain.add(new MatrixMap(m, new double[cols]));
      int[] out = dims.clone();
      out[out.length - 1] = cols;
      follow(n, out);
    } else {
      // A constant [M, K] times x (a column [K, 1], or a vector [K]).
      Tensor w = matrix(n, constant(n, 0, "first operand"), "the constant operand");
      int rows = w.dims()[0];
      int k = w.dims()[1];
      boolean vector = dims.length == 1;
      if (size != k || (!vector && (dims[dims.length - 2] != k || dims[dims.length - 1] != 1))) {
        throw n.error("multiplies a matrix of shape " + Shapes.text(w.dims()) + " by a tensor of shape "
            + Shapes.text(dims) + "; milpnet needs a column of " + k + " values");
      }
      double[][] m = new double[rows][];
      for (int j = 0; j < rows; j++) {
        m[j] = Arrays.copyOfRange(w.values(), j * k, (j + 1) * k);
      }
      chain.add(new MatrixMap(m, new double[rows]));
      int[] out = dims.clone();
      out[vector ? 0 : out.length - 2] = rows;
      follow(n, out);
    }
  }

  /** {@code Y = alpha A' B' + beta C} with A the computed tensor (one row, or one column when transA). */
  private void gemm(Node n) {
    if (!current.equals(n.input(0))) {
      throw n.error("the computed tensor is its operand B; milpnet translates Gemm with the computed tensor as A");
    }
    boolean transA = n.integer("transA", 0) != 0;
    boolean transB = n.integer("transB", 0) != 0;
    double alpha = n.real("alpha", 1.0);
    double beta = n.real("beta", 1.0);
    int k = Shapes.size(dims);
    if (dims.length != 2 || dims[transA ? 1 : 0] != 1) {
      throw n.error("operand A has shape " + Shapes.text(dims) + "; milpnet needs one " + (transA ? "column" : "row")
          + " [" + (transA ? k + ", 1" : "1, " + k) + "]");
    }
    Tensor b = matrix(n, constant(n, 1, "operand B"), "operand B");
    int bk = b.dims()[transB ? 1 : 0];
    int cols = b.dims()[transB ? 0 : 1];
    if (bk != k) {
      throw n.error("operand B of shape " + Shapes.text(b.dims()) + (transB ? " (transposed)" : "") + " does not"
          + " take " + k + " values");
    }
    double[][] m = new double[cols][k];
    for (int j = 0; j < cols; j++) {
      for (int i = 0; i < k; i++) {
        m[j][i] = alpha * (transB ? b.values()[j * k + i] : b.values()[i * cols + j]);
      }
    }
    double[] bias = new double[cols];
    if (n.input(2) != null) {
      Tensor c = constant(n, 2, "operand C");
      int[] target = {1, cols};
      if (!Arrays.equals(Shapes.broadcast(c.dims(), target), target)) {
        throw n.error("operand C of shape " + Shapes.text(c.dims()) + " does not broadcast to [1, " + cols + "]");
      }
      double[] v = Shapes.expand(c, target);
      for (int j = 0; j < cols; j++) {
        bias[j] = beta * v[j];
      }
    }
    chain.add(new MatrixMap(m, bias));
    follow(n, new int[] {1, cols});
  }

  /** Checks the computed tensor is one image [1, C, H, W]. */
  private void requireImage(Node n) {
    if (dims.length != 4 || dims[0] != 1) {
      throw n.error("its input has shape " + Shapes.text(dims) + "; milpnet translates it on one image [1, C, H, W]");
    }
  }

  private long[] pair(Node n, String name, long fallback) {
    long[] v = n.integers(name, new long[] {fallback, fallback});
    if (v.length != 2) {
      throw n.error(name + " " + Arrays.toString(v) + ": milpnet translates 2-D operators only");
    }
    return v;
  }

  private long[] pads(Node n) {
    String autoPad = n.text("auto_pad", "NOTSET");
    if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
      throw n.error("auto_pad " + autoPad + " is not supported; give explicit pads (NOTSET) or VALID");
    }
    long[] p = n.integers("pads", new long[4]);
    if (p.length != 4) {
      throw n.error("pads " + Arrays.toString(p) + ": milpnet translates 2-D operators only");
    }
    for (long v : p) {
      if (v < 0) {
        throw n.error("negative pads " + Arrays.toString(p) + " are not supported");
      }
    }
    return p;
  }

  private void conv(Node n) {
    requireImage(n);
    if (n.integer("group", 1) != 1) {
      throw n.error("group " + n.integer("group", 1) + " is not supported; milpnet translates group 1");
    }
    long[] dil = pair(n, "dilations", 1);
    if (dil[0] != 1 || dil[1] != 1) {
      throw n.error("dilations " + Arrays.toString(dil) + " are not supported; milpnet translates dilation 1");
    }
    Tensor w = constant(n, 1, "weights");
    if (w.dims().length != 4 || w.dims()[1] != dims[1]) {
      throw n.error("weights of shape " + Shapes.text(w.dims()) + " do not fit an input of " + dims[1]
          + " channels");
    }
    int filters = w.dims()[0];
    int kh = w.dims()[2];
    int kw = w.dims()[3];
    double[][][][] k = new double[filters][dims[1]][kh][kw];
    int t = 0;
    for (int m = 0; m < filters; m++) {
      for (int c = 0; c < dims[1]; c++) {
        for (int y = 0; y < kh; y++) {
          for (int x = 0; x < kw; x++) {
            k[m][c][y][x] = w.values()[t++];
          }
        }
      }
    }
    double[] bias = new double[filters];
    if (n.input(2) != null) {
      Tensor b = constant(n, 2, "bias");
      if (b.size() != filters) {
        throw n.error("bias has " + b.size() + " values for " + filters + " filters");
      }
      bias = b.values().clone();
    }
    long[] s = pair(n, "strides", 1);
    long[] p = pads(n);
    ConvMap map = new ConvMap(dims[1], dims[2], dims[3], k, bias, new int[] {(int) s[0], (int) s[1]},
        new int[] {(int) p[0], (int) p[1], (int) p[2], (int) p[3]});
    if (s[0] < 1 || s[1] < 1 || map.outHeight() < 1 || map.outWidth() < 1) {
      throw n.error("a " + kh + "x" + kw + " kernel with strides " + Arrays.toString(s) + " does not fit the input "
          + Shapes.text(dims));
    }
    chain.add(map);
    follow(n, new int[] {1, filters, map.outHeight(), map.outWidth()});
  }

  /** Inference-mode batch normalisation: per channel (dimension 1) {@code scale (x - mean) / sqrt(var + eps) + B}. */
  private void batchNorm(Node n) {
    if (dims.length < 2) {
      throw n.error("its input has shape " + Shapes.text(dims) + "; it needs a channel dimension");
    }
    int channels = dims[1];
    double eps = n.real("epsilon", 1e-5);
    Tensor scale = constant(n, 1, "scale");
    Tensor bias = constant(n, 2, "bias");
    Tensor mean = constant(n, 3, "mean");
    Tensor var = constant(n, 4, "variance");
    for (Tensor t : List.of(scale, bias, mean, var)) {
      if (t.size() != channels) {
        throw n.error("a parameter has " + t.size() + " values for " + channels + " channels");
      }
    }
    int size = Shapes.size(dims);
    int plane = size / channels;
    double[] sc = new double[size];
    double[] sh = new double[size];
    for (int i = 0; i < size; i++) {
      int c = (i / plane) % channels;
      double s = scale.values()[c] / Math.sqrt(var.values()[c] + eps);
      sc[i] = s;
      sh[i] = bias.values()[c] - mean.values()[c] * s;
    }
    chain.add(new ElementwiseAffine(sc, sh));
    follow(n, dims);
  }

  private void pad(Node n) {
    String mode = n.text("mode", "constant");
    if (!mode.equals("constant")) {
      throw n.error("mode " + mode + " is not supported; milpnet translates constant padding with 0");
    }
    long[] p = n.input(1) != null ? constant(n, 1, "pads").longs() : n.integers("pads", null);
    double value = n.input(2) != null ? constant(n, 2, "constant value").values()[0] : n.real("value", 0.0);
    if (n.input(3) != null) {
      throw n.error("the axes input is not supported; give pads for every dimension");
    }
    int rank = dims.length;
    if (p == null || p.length != 2 * rank) {
      throw n.error("pads " + Arrays.toString(p) + " do not fit the input's " + rank + " dimensions");
    }
    if (value != 0.0) {
      throw n.error("pads with " + value + "; milpnet translates padding with 0");
    }
    int[] out = new int[rank];
    boolean none = true;
    for (int d = 0; d < rank; d++) {
      if (p[d] < 0 || p[d + rank] < 0) {
        throw n.error("negative pads " + Arrays.toString(p) + " (cropping) are not supported");
      }
      out[d] = dims[d] + (int) (p[d] + p[d + rank]);
      none &= p[d] == 0 && p[d + rank] == 0;
    }
    if (none) {
      follow(n, dims);
      return;
    }
    int[] inStride = strides(dims);
    int size = Shapes.size(out);
    SparseMap.Builder b = new SparseMap.Builder(Shapes.size(dims));
    int[] idx = new int[rank];
    for (int flat = 0; flat < size; flat++) {
      int rest = flat;
      int src = 0;
      boolean inside = true;
      for (int d = rank - 1; d >= 0; d--) {
        idx[d] = rest % out[d] - (int) p[d];
        rest /= out[d];
        inside &= idx[d] >= 0 && idx[d] < dims[d];
        src += idx[d] * inStride[d];
      }
      if (inside) {
        b.term(src, 1.0);
      }
      b.endRow(0.0);
    }
    chain.add(b.build());
    follow(n, out);
  }

  private void averagePool(Node n) {
    requireImage(n);
    long[] k = n.integers("kernel_shape", null);
    if (k == null || k.length != 2) {
      throw n.error("kernel_shape " + Arrays.toString(k) + ": milpnet translates 2-D pooling");
    }
    if (n.integer("ceil_mode", 0) != 0) {
      throw n.error("ceil_mode 1 is not supported");
    }
    long[] s = pair(n, "strides", 1);
    long[] p = pads(n);
    boolean countPad = n.integer("count_include_pad", 0) != 0;
    int c = dims[1];
    int h = dims[2];
    int w = dims[3];
    int oh = (int) ((h + p[0] + p[2] - k[0]) / s[0] + 1);
    int ow = (int) ((w + p[1] + p[3] - k[1]) / s[1] + 1);
    if (oh < 1 || ow < 1) {
      throw n.error("a " + k[0] + "x" + k[1] + " window does not fit the input " + Shapes.text(dims));
    }
    SparseMap.Builder b = new SparseMap.Builder(c * h * w);
    for (int ch = 0; ch < c; ch++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          int y0 = (int) (oy * s[0] - p[0]);
          int x0 = (int) (ox * s[1] - p[1]);
          int count = 0;
          for (int y = Math.max(y0, 0); y < Math.min(y0 + k[0], h); y++) {
            for (int x = Math.max(x0, 0); x < Math.min(x0 + k[1], w); x++) {
              count++;
            }
          }
          // count_include_pad: the padded cells inside the window count in the mean (the window is whole).
          double weight = 1.0 / (countPad ? k[0] * k[1] : count);
          for (int y = Math.max(y0, 0); y < Math.min(y0 + k[0], h); y++) {
            for (int x = Math.max(x0, 0); x < Math.min(x0 + k[1], w); x++) {
              b.term((ch * h + y) * w + x, weight);
            }
          }
          b.endRow(0.0);
        }
      }
    }
    chain.add(b.build());
    follow(n, new int[] {1, c, oh, ow});
  }

  private void maxPool(Node n) {
    requireImage(n);
    long[] k = n.integers("kernel_shape", null);
    long[] s = pair(n, "strides", 1);
    long[] p = pads(n);
    long[] dil = pair(n, "dilations", 1);
    boolean evenPads = p[0] == p[1] && p[1] == p[2] && p[2] == p[3];
    if (k == null || k.length != 2 || k[0] != k[1] || s[0] != s[1] || !evenPads || p[0] >= k[0] || dil[0] != 1
        || dil[1] != 1 || n.integer("ceil_mode", 0) != 0 || k[0] > dims[2] + 2 * p[0]
        || k[0] > dims[3] + 2 * p[0]) {
      throw n.error("kernel " + Arrays.toString(k) + ", strides " + Arrays.toString(s) + ", pads "
          + Arrays.toString(p) + " are not supported; milpnet translates max pooling over square windows with one"
          + " stride for both axes, the same padding (smaller than the window) on every side, dilation 1 and"
          + " ceil_mode 0");
    }
    if (n.proto().getOutputCount() > 1 && !n.proto().getOutput(1).isEmpty()) {
      throw n.error("its Indices output is not supported");
    }
    int size = (int) k[0];
    int stride = (int) s[0];
    int pad = (int) p[0];
    activation(n, Activation.LINEAR);
    layers.add(MilpnetLayers.maxPool(dims[1], dims[2], dims[3], size, stride, pad));
    int[] out = {1, dims[1], (dims[2] + 2 * pad - size) / stride + 1, (dims[3] + 2 * pad - size) / stride + 1};
    chain = new AffineChain(Shapes.size(out));
    follow(n, out);
  }

  private void leakyRelu(Node n) {
    double alpha = n.real("alpha", 0.01);
    if (!(alpha > 0 && alpha < 1)) {
      throw n.error("alpha " + alpha + " is not supported; milpnet's leaky ReLU needs 0 < alpha < 1");
    }
    activation(n, new LeakyRelu(alpha));
    follow(n, dims);
  }

  /**
   * {@code clip(x, lo, hi) = lo + relu(x - lo) - relu(x - hi)}: a ReLU layer of twice the width and a linear
   * recombination, exact (one bound missing: {@code lo + relu(x - lo)} or {@code hi - relu(hi - x)}).
   */
  private void clip(Node n) {
    double lo = n.input(1) != null ? constant(n, 1, "min").values()[0] : n.real("min", Double.NEGATIVE_INFINITY);
    double hi = n.input(2) != null ? constant(n, 2, "max").values()[0] : n.real("max", Double.POSITIVE_INFINITY);
    // Old exporters write the float range's ends for an absent bound.
    lo = lo <= -Float.MAX_VALUE ? Double.NEGATIVE_INFINITY : lo;
    hi = hi >= Float.MAX_VALUE ? Double.POSITIVE_INFINITY : hi;
    if (!(lo <= hi)) {
      throw n.error("min " + lo + " is above max " + hi);
    }
    int size = chain.outputs();
    if (Double.isInfinite(lo) && Double.isInfinite(hi)) {
      follow(n, dims);
      return;
    }
    if (Double.isInfinite(hi)) {
      chain.add(ElementwiseAffine.shift(filled(size, -lo)));
      activation(n, Activation.RELU);
      chain.add(ElementwiseAffine.shift(filled(size, lo)));
    } else if (Double.isInfinite(lo)) {
      chain.add(new ElementwiseAffine(filled(size, -1), filled(size, hi)));
      activation(n, Activation.RELU);
      chain.add(new ElementwiseAffine(filled(size, -1), filled(size, hi)));
    } else {
      SparseMap.Builder pre = new SparseMap.Builder(size);
      for (int i = 0; i < size; i++) {
        pre.term(i, 1.0).endRow(-lo);
      }
      for (int i = 0; i < size; i++) {
        pre.term(i, 1.0).endRow(-hi);
      }
      chain.add(pre.build());
      activation(n, Activation.RELU);
      SparseMap.Builder post = new SparseMap.Builder(2 * size);
      for (int i = 0; i < size; i++) {
        post.term(i, 1.0).term(size + i, -1.0).endRow(lo);
      }
      chain.add(post.build());
    }
    follow(n, dims);
  }

  /**
   * Ends the chain with {@code activation}: the chain becomes one layer (a convolution when it has one's form, else
   * dense); an empty chain under a nonlinear activation becomes an identity layer. {@code n} null: the graph's end.
   */
  private void activation(Node n, Activation activation) {
    int outputs = chain.outputs();
    if (chain.isEmpty()) {
      if (activation != Activation.LINEAR) {
        layers.add(identity(outputs, activation, n));
      }
    } else {
      AffineChain.ConvForm conv = chain.convForm();
      if (conv != null) {
        layers.add(MilpnetLayers.conv(conv, activation));
      } else {
        double[][] w = chain.matrix();
        if (w == null) {
          throw tooLarge(n, outputs, chain.inputs());
        }
        layers.add(MilpnetLayers.dense(w, chain.offset(), activation));
      }
    }
    chain = new AffineChain(outputs);
  }

  private static NetworkLayer identity(int size, Activation activation, Node n) {
    if ((long) size * size > AffineChain.MAX_DENSE_ENTRIES) {
      throw tooLarge(n, size, size);
    }
    double[][] w = new double[size][size];
    for (int i = 0; i < size; i++) {
      w[i][i] = 1.0;
    }
    return MilpnetLayers.dense(w, new double[size], activation);
  }

  private static OnnxModelException tooLarge(Node n, int rows, int cols) {
    String where = n == null ? "the graph's output" : n.label();
    return new OnnxModelException(where + ": the linear operators before it make a " + rows + " x " + cols
        + " matrix, more than the " + AffineChain.MAX_DENSE_ENTRIES + " entries milpnet builds (a padded or"
        + " strided convolution or a reordering before a nonlinear operator becomes a dense layer)");
  }
}
