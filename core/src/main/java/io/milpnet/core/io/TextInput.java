package io.milpnet.core.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every text input (CSV, MPS, VNN-LIB, network.json, .nnet, YAML) is read through here, so that a hostile file ends in
 * one clear error instead of an endless read or an {@link OutOfMemoryError}: a path that is missing, a directory or
 * unreadable is named as such; a NUL character means binary data (no text format has one, and {@code /dev/zero} is
 * refused at its first byte); bytes that are not UTF-8 are named with their line; a line longer than
 * {@link Limits#maxLineChars()} or an input larger than {@link Limits#maxBytes()} ends the read (an endless stream of
 * text stops at the size limit). The limits are counted while reading, so pipes and devices are bounded too.
 */
public final class TextInput {
  /**
   * How much text a reader accepts.
   *
   * @param maxBytes the largest input in bytes (after gzip decompression, for a compressed file)
   * @param maxLineChars the longest line in characters
   */
  public record Limits(long maxBytes, long maxLineChars) {
    /**
     * 1 GiB and 4 Mi characters per line: far above every real input (the largest MPS instances of MIPLIB are a few
     * hundred MB; a CSV row of 100,000 features is about a million characters; network.json is written a value per
     * line, and one written on one line by another tool still holds some 200,000 weights), yet an endless stream
     * stops within seconds and an endless line within a few MB.
     */
    public static final Limits DEFAULT = new Limits(1L << 30, 1L << 22);

    public Limits {
      if (maxBytes < 1 || maxLineChars < 1) {
        throw new IllegalArgumentException("input limits must be positive, got " + maxBytes + " bytes and "
            + maxLineChars + " characters per line");
      }
    }
  }

  /**
   * A file that is not readable text within the limits. The message is a phrase that follows the file's name
   * ({@code 'x.csv' is binary, not text (a NUL byte on line 1)}).
   */
  public static final class TextInputException extends IOException {
    private static final long serialVersionUID = 1L;

    TextInputException(String message) {
      super(message);
    }
  }

  private TextInput() {}

  /**
   * Why {@code file} cannot be opened as an input, as a phrase that follows its quoted name, or null when it can: it
   * does not exist, is a directory (empty or not), or is not readable.
   */
  public static String problem(Path file) {
    if (Files.isDirectory(file)) {
      return "is a directory, not a file; give the path of a file";
    }
    if (!Files.exists(file)) {
      return "does not exist; check the path";
    }
    if (!Files.isReadable(file)) {
      return "is not readable (permission denied); check its permissions";
    }
    return null;
  }

  /** The file's text, checked and bounded as the class describes. */
  public static BufferedReader open(Path file, Limits limits) throws IOException {
    return new BufferedReader(reader(checkedStream(file, limits), limits), 1 << 16);
  }

  /**
   * The file's text, read through gzip when its name ends in {@code .gz}; the size limit then counts decompressed
   * bytes (a small archive that expands without end is stopped too).
   */
  public static BufferedReader openMaybeGzip(Path file, Limits limits) throws IOException {
    InputStream in = checkedStream(file, limits);
    if (file.getFileName() != null && file.getFileName().toString().endsWith(".gz")) {
      in = new java.util.zip.GZIPInputStream(in, 1 << 16);
    }
    return new BufferedReader(reader(in, limits), 1 << 16);
  }

  /** Text from a stream (standard input, a test), checked and bounded the same way. */
  public static Reader reader(InputStream in, Limits limits) {
    return new CheckedReader(in, limits);
  }

  /** The whole file as one string. */
  public static String readString(Path file, Limits limits) throws IOException {
    try (Reader in = open(file, limits)) {
      StringBuilder text = new StringBuilder();
      char[] buffer = new char[1 << 16];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        text.append(buffer, 0, n);
      }
      return text.toString();
    }
  }

  /**
   * The file's bytes (a binary format: ONNX), read through gzip when its name ends in {@code .gz}, with the same
   * checks and the same size limit (counted after decompression), so that an endless stream or an archive that
   * expands without end stops at the limit instead of exhausting memory.
   */
  public static byte[] readBytes(Path file, Limits limits) throws IOException {
    InputStream in = checkedStream(file, limits);
    if (file.getFileName() != null && file.getFileName().toString().endsWith(".gz")) {
      in = new java.util.zip.GZIPInputStream(in, 1 << 16);
    }
    try (InputStream stream = in) {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = stream.read(buffer)) >= 0; ) {
        if (bytes.size() + (long) n > limits.maxBytes()) {
          throw tooLarge(limits);
        }
        bytes.write(buffer, 0, n);
      }
      return bytes.toByteArray();
    }
  }

  /** The file's lines, without their line ends. */
  public static List<String> readLines(Path file, Limits limits) throws IOException {
    try (BufferedReader in = open(file, limits)) {
      List<String> lines = new ArrayList<>();
      for (String line; (line = in.readLine()) != null; ) {
        lines.add(line);
      }
      return lines;
    }
  }

  /**
   * An I/O failure as a phrase after the file's name: the checks' own messages as they are, permission and other
   * system errors in words (never a bare {@code Input length = 1}).
   */
  public static String describe(IOException e) {
    if (e instanceof TextInputException) {
      return e.getMessage();
    }
    if (e instanceof AccessDeniedException) {
      return "is not readable (permission denied); check its permissions";
    }
    if (e instanceof java.nio.charset.CharacterCodingException) {
      return "is not UTF-8 text (a binary file?); save it as UTF-8 text";
    }
    if (e instanceof java.util.zip.ZipException) {
      return "is not a valid gzip file (" + oneLine(e.getMessage()) + ")";
    }
    return "cannot be read (" + oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")";
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }

  private static InputStream checkedStream(Path file, Limits limits) throws IOException {
    String problem = problem(file);
    if (problem != null) {
      throw new TextInputException(problem);
    }
    if (Files.isRegularFile(file) && Files.size(file) > limits.maxBytes()) {
      throw tooLarge(limits);
    }
    return Files.newInputStream(file);
  }

  private static TextInputException tooLarge(Limits limits) {
    return new TextInputException(String.format(Locale.ROOT, "is larger than %,d bytes, the limit for an input"
        + " file (an endless stream, or not the right file?)", limits.maxBytes()));
  }

  /**
   * Decodes UTF-8 strictly, counting lines so that every error names one, and enforces the limits as it goes (the
   * JDK's {@code InputStreamReader} reports a malformed byte as {@code Input length = 1}, without a line, and reads
   * any line into memory whole).
   */
  private static final class CheckedReader extends Reader {
    private final InputStream in;
    private final Limits limits;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
    private final CharBuffer chars = CharBuffer.allocate(1 << 16);
    private long byteCount;
    private long line = 1;
    private long lineChars;
    private boolean eof;
    private boolean flushed;

    CheckedReader(InputStream in, Limits limits) {
      this.in = in;
      this.limits = limits;
      bytes.limit(0);
      chars.limit(0);
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (!chars.hasRemaining() && !fill()) {
        return -1;
      }
      int n = Math.min(len, chars.remaining());
      chars.get(cbuf, off, n);
      return n;
    }

    /** Decodes the next chunk into {@link #chars}; false at the end of the input. */
    private boolean fill() throws IOException {
      chars.clear();
      while (chars.position() == 0) {
        if (flushed) {
          break;
        }
        CoderResult result = decoder.decode(bytes, chars, eof);
        if (result.isError()) {
          check(0, chars.position());
          throw new TextInputException("is not UTF-8 text (line " + line + " has a byte that is not UTF-8: a binary"
              + " file?); save it as UTF-8 text");
        }
        if (result.isOverflow() || chars.position() > 0) {
          break;
        }
        if (eof) {
          decoder.flush(chars);
          flushed = true;
          break;
        }
        bytes.compact();
        // Never read past the size limit: the text up to it is checked first, so its own error (a NUL, a long line)
        // is the one reported; one byte beyond the limit is the size error.
        long allowed = limits.maxBytes() - byteCount;
        int r;
        if (allowed > 0) {
          r = in.read(bytes.array(), bytes.position(), (int) Math.min(bytes.remaining(), allowed));
        } else {
          r = in.read() < 0 ? -1 : 0;
          if (r == 0) {
            throw tooLarge(limits);
          }
        }
        if (r < 0) {
          eof = true;
        } else {
          bytes.position(bytes.position() + r);
          byteCount += r;
        }
        bytes.flip();
      }
      int end = chars.position();
      check(0, end);
      chars.flip();
      return end > 0;
    }

    private void check(int from, int to) throws TextInputException {
      char[] a = chars.array();
      for (int i = from; i < to; i++) {
        char c = a[i];
        if (c == '\n') {
          line++;
          lineChars = 0;
        } else if (c == 0) {
          throw new TextInputException("is binary, not text (a NUL byte on line " + line + ")");
        } else if (++lineChars > limits.maxLineChars()) {
          throw new TextInputException(String.format(Locale.ROOT, "has a line longer than %,d characters (line %d):"
              + " not a text file of this kind?", limits.maxLineChars(), line));
        }
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
