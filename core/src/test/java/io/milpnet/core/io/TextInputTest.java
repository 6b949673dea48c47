package io.milpnet.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile text inputs end in one named error, quickly and in bounded memory. */
class TextInputTest {
  private static final TextInput.Limits SMALL = new TextInput.Limits(1000, 100);

  @TempDir
  Path dir;

  private static String readAll(InputStream in, TextInput.Limits limits) throws IOException {
    try (Reader r = TextInput.reader(in, limits)) {
      StringBuilder s = new StringBuilder();
      char[] b = new char[7]; // a small buffer: chunk boundaries inside lines and characters
      for (int n; (n = r.read(b)) >= 0; ) {
        s.append(b, 0, n);
      }
      return s.toString();
    }
  }

  private static String error(InputStream in, TextInput.Limits limits) {
    return assertThrows(TextInput.TextInputException.class, () -> readAll(in, limits)).getMessage();
  }

  @Test
  void textWithinTheLimitsIsReadExactly() throws IOException {
    String text = "a,b\n\u00e9t\u00e9,\u20ac\r\n\uD83D\uDE00 last line without end";
    assertEquals(text, readAll(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), SMALL));
    assertEquals("", readAll(new ByteArrayInputStream(new byte[0]), SMALL));
  }

  @Test
  void nulMeansBinaryAndNamesTheLine() {
    byte[] b = "x\ny\n\0".getBytes(StandardCharsets.UTF_8);
    assertEquals("is binary, not text (a NUL byte on line 3)", error(new ByteArrayInputStream(b), SMALL));
  }

  @Test
  void endlessZerosStopAtTheFirstByte() {
    InputStream zeros = new InputStream() { // /dev/zero without the device
      @Override
      public int read() {
        return 0;
      }
    };
    assertTrue(error(zeros, TextInput.Limits.DEFAULT).contains("NUL byte on line 1"));
  }

  @Test
  void endlessTextStopsAtTheSizeLimitAndEndlessLineAtTheLineLimit() {
    InputStream lines = new InputStream() { // `yes`
      long n;

      @Override
      public int read() {
        return n++ % 2 == 0 ? 'y' : '\n';
      }
    };
    assertTrue(error(lines, SMALL).startsWith("is larger than 1,000 bytes"));
    InputStream oneLine = new InputStream() {
      @Override
      public int read() {
        return 'y';
      }
    };
    assertTrue(error(oneLine, SMALL).startsWith("has a line longer than 100 characters (line 1)"));
    byte[] exactly = ("y".repeat(100) + "\n" + "y".repeat(101)).getBytes(StandardCharsets.UTF_8);
    assertTrue(error(new ByteArrayInputStream(exactly), SMALL).contains("(line 2)"));
  }

  @Test
  void malformedUtf8NamesItsLine() {
    byte[] b = {'a', '\n', 'b', '\n', (byte) 0xC3, '(', '\n'};
    String message = error(new ByteArrayInputStream(b), SMALL);
    assertTrue(message.startsWith("is not UTF-8 text (line 3 "), message);
    byte[] truncated = {'a', (byte) 0xE2, (byte) 0x82};
    assertTrue(error(new ByteArrayInputStream(truncated), SMALL).contains("line 1"));
  }

  @Test
  void pathsThatAreNoFilesAreNamed() throws IOException {
    assertTrue(TextInput.problem(dir.resolve("missing")).startsWith("does not exist"));
    assertTrue(TextInput.problem(dir).startsWith("is a directory"));
    Files.createDirectory(dir.resolve("empty"));
    assertTrue(TextInput.problem(dir.resolve("empty")).startsWith("is a directory"));
    Path f = Files.writeString(dir.resolve("f.txt"), "one\ntwo\n");
    assertEquals(null, TextInput.problem(f));
    assertEquals(List.of("one", "two"), TextInput.readLines(f, SMALL));
    IOException e = assertThrows(IOException.class, () -> TextInput.readString(dir, SMALL));
    assertTrue(e.getMessage().startsWith("is a directory"));
  }

  @Test
  void aHugeFileIsRefusedBeforeItIsRead() throws IOException {
    Path huge = dir.resolve("huge.csv");
    try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(TextInput.Limits.DEFAULT.maxBytes() + 1); // sparse: nothing is written
    }
    IOException e = assertThrows(IOException.class, () -> TextInput.readString(huge, TextInput.Limits.DEFAULT));
    assertTrue(e.getMessage().startsWith("is larger than 1,073,741,824 bytes"), e.getMessage());
  }

  @Test
  void aGzipBombStopsAtTheDecompressedLimit() throws IOException {
    Path gz = dir.resolve("bomb.csv.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
      byte[] line = "1,2,3\n".getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 1000; i++) {
        out.write(line);
      }
    }
    assertTrue(Files.size(gz) < 1000);
    IOException e = assertThrows(IOException.class, () -> {
      try (Reader r = TextInput.openMaybeGzip(gz, SMALL)) {
        while (r.read() >= 0) {
          // drain
        }
      }
    });
    assertTrue(e.getMessage().startsWith("is larger than 1,000 bytes"), e.getMessage());
  }
}
