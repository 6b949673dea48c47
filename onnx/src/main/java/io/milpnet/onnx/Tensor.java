package io.milpnet.onnx;

import com.google.protobuf.ByteString;
import io.milpnet.onnx.proto.OnnxProto.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A constant tensor of the graph (an initializer or a {@code Constant} node's value) as doubles, row-major like
 * ONNX. Integer tensors (shapes, pads, axes) are held as doubles too; they are far below 2^53.
 */
record Tensor(int[] dims, double[] values) {
  Tensor {
    if (values.length != Shapes.size(dims)) {
      throw new IllegalArgumentException("tensor of shape " + Arrays.toString(dims) + " has " + values.length
          + " values");
    }
  }

  static Tensor scalar(double v) {
    return new Tensor(new int[0], new double[] {v});
  }

  int size() {
    return values.length;
  }

  /** The values as whole numbers (shapes, pads, axes). */
  long[] longs() {
    long[] out = new long[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (long) values[i];
    }
    return out;
  }

  /**
   * Reads a tensor in any of the layouts exporters use: {@code raw_data} (little-endian) or the typed repeated fields.
   * {@code what} names it in errors.
   */
  static Tensor of(TensorProto proto, String what) {
    int[] dims = new int[proto.getDimsCount()];
    for (int i = 0; i < dims.length; i++) {
      long d = proto.getDims(i);
      if (d < 0 || d > Integer.MAX_VALUE) {
        throw new OnnxModelException(what + " has dimension " + d);
      }
      dims[i] = (int) d;
    }
    if (proto.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
      throw new OnnxModelException(what + " is stored in an external data file, which milpnet does not read: save"
          + " the model with its weights inside (onnx.save(model, path, save_as_external_data=False))");
    }
    int n = Shapes.size(dims);
    double[] v = new double[n];
    ByteString raw = proto.getRawData();
    int type = proto.getDataType();
    if (!raw.isEmpty()) {
      ByteBuffer buf = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      int width = switch (type) {
        case TensorProto.DataType.FLOAT_VALUE, TensorProto.DataType.INT32_VALUE -> 4;
        case TensorProto.DataType.DOUBLE_VALUE, TensorProto.DataType.INT64_VALUE -> 8;
        default -> throw unsupportedType(what, type);
      };
      if (raw.size() != (long) n * width) {
        throw new OnnxModelException(what + " has " + raw.size() + " bytes of data, its shape " + Arrays.toString(dims)
            + " needs " + ((long) n * width) + " (a truncated file?)");
      }
      for (int i = 0; i < n; i++) {
        v[i] = switch (type) {
          case TensorProto.DataType.FLOAT_VALUE -> buf.getFloat();
          case TensorProto.DataType.INT32_VALUE -> buf.getInt();
          case TensorProto.DataType.DOUBLE_VALUE -> buf.getDouble();
          default -> buf.getLong();
        };
      }
    } else {
      int count = switch (type) {
        case TensorProto.DataType.FLOAT_VALUE -> proto.getFloatDataCount();
        case TensorProto.DataType.DOUBLE_VALUE -> proto.getDoubleDataCount();
        case TensorProto.DataType.INT64_VALUE -> proto.getInt64DataCount();
        case TensorProto.DataType.INT32_VALUE -> proto.getInt32DataCount();
        default -> throw unsupportedType(what, type);
      };
      if (count != n) {
        throw new OnnxModelException(what + " has " + count + " values, its shape " + Arrays.toString(dims) + " needs "
            + n);
      }
      for (int i = 0; i < n; i++) {
        v[i] = switch (type) {
          case TensorProto.DataType.FLOAT_VALUE -> proto.getFloatData(i);
          case TensorProto.DataType.DOUBLE_VALUE -> proto.getDoubleData(i);
          case TensorProto.DataType.INT64_VALUE -> proto.getInt64Data(i);
          default -> proto.getInt32Data(i);
        };
      }
    }
    for (double x : v) {
      if (!Double.isFinite(x)) {
        throw new OnnxModelException(what + " holds a non-finite value " + x);
      }
    }
    return new Tensor(dims, v);
  }

  private static OnnxModelException unsupportedType(String what, int type) {
    TensorProto.DataType t = TensorProto.DataType.forNumber(type);
    return new OnnxModelException(what + " has element type " + (t == null ? type : t.name())
        + "; milpnet reads float, double, int32 and int64 tensors");
  }
}
