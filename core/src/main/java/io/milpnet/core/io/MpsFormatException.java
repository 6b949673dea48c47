package io.milpnet.core.io;

/**
 * An MPS file the {@link MpsReader} cannot turn into a model. The message names the source and, when one line is at
 * fault, its 1-based number: {@code 'model.mps' line 17: unknown row 'R9' in COLUMNS}.
 */
public class MpsFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String sourceName;
  private final int line;

  /** {@code line} is 1-based; 0 means the problem concerns the whole source (a missing file, say). */
  public MpsFormatException(String sourceName, int line, String problem) {
    super(line > 0 ? "'" + sourceName + "' line " + line + ": " + problem : "'" + sourceName + "' " + problem);
    this.sourceName = sourceName;
    this.line = line;
  }

  public String sourceName() {
    return sourceName;
  }

  /** The 1-based line at fault, or 0 when the problem is not on one line. */
  public int line() {
    return line;
  }
}
