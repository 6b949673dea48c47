package io.milpnet.onnx;

/**
 * An ONNX file milpnet cannot use: unreadable, malformed or truncated, or a graph with an operator (or an attribute
 * of one) outside what the translator supports. The message is one line naming the file and, where there is one, the
 * node, its operator and what is supported.
 */
public final class OnnxModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OnnxModelException(String message) {
    super(message);
  }
}
