package io.milpnet.formulation.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetReaderTest {

  @TempDir Path dir;

  private final CsvDatasetReader reader = new CsvDatasetReader();

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private String readError(Path file, String labelColumn) {
    DatasetException e = assertThrows(DatasetException.class, () -> reader.read(file, labelColumn));
    String message = e.getMessage();
    assertFalse(message.contains("\n") || message.contains("\r"), "message must be one line: " + message);
    assertTrue(message.startsWith("'" + file + "'"), "message must start with the file name: " + message);
    return message;
  }

  @Test
  void readsValuesAndNamesExactlyWithBomCrlfQuotesAndBlankLines() throws IOException {
    Path file =
        write(
            "mixed.csv",
            "\uFEFF x1 ,label,\"x,2\"\r\n"
                + "\r\n"
                + "1.5,0,-2\r\n"
                + "\"3.25\", 1 , \"4e-1\"\r\n"
                + "\r\n"
                + "   \r\n"
                + "7,2,\"8\"\r\n");

    Dataset data = reader.read(file, "label");

    assertEquals(file.toString(), data.source());
    assertEquals(List.of("x1", "x,2"), data.featureNames());
    assertEquals("label", data.labelName());
    assertEquals(3, data.numSamples());
    assertEquals(2, data.numFeatures());
    assertArrayEquals(new double[] {1.5, -2.0}, data.features()[0]);
    assertArrayEquals(new double[] {3.25, 0.4}, data.features()[1]);
    assertArrayEquals(new double[] {7.0, 8.0}, data.features()[2]);
    assertArrayEquals(new double[] {0.0, 1.0, 2.0}, data.labels());
  }

  @Test
  void readsLfFileWithoutTrailingNewlineAndLabelFirst() throws IOException {
    Path file = write("plain.csv", "y,a,b\n1,0.5,-0.5\n0,2,3");

    Dataset data = reader.read(file, "y");

    assertEquals(List.of("a", "b"), data.featureNames());
    assertArrayEquals(new double[] {0.5, -0.5}, data.features()[0]);
    assertArrayEquals(new double[] {2.0, 3.0}, data.features()[1]);
    assertArrayEquals(new double[] {1.0, 0.0}, data.labels());
  }

  @Test
  void readsTheProjectsIrisFile() {
    // Tests run in the module directory; the project's datasets live in ../data (see data/PROVENANCE.md).
    Path file = Path.of("..", "data", "iris.csv");
    assertTrue(Files.exists(file), "the project's data/iris.csv is missing");

    Dataset iris = reader.read(file, "label");

    assertEquals(150, iris.numSamples());
    assertEquals(
        List.of("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"),
        iris.featureNames());
    assertArrayEquals(new double[] {5.1, 3.5, 1.4, 0.2}, iris.features()[0]);
    assertArrayEquals(new double[] {5.9, 3.0, 5.1, 1.8}, iris.features()[149]);
    int[] perClass = new int[3];
    for (double label : iris.labels()) {
      perClass[(int) label]++;
    }
    assertArrayEquals(new int[] {50, 50, 50}, perClass);
    assertArrayEquals(new int[] {0, 1, 2}, ClassLabels.of(iris).values());
  }

  @Test
  void nonNumberNamesLineAndColumnCountingBlankLinesAndHeader() throws IOException {
    Path file = write("iris.csv", "a,label,petal_width\n1,0,2\n\n3,1,abc\n");

    String message = readError(file, "label");

    assertTrue(message.contains("line 4, column 'petal_width': 'abc' is not a number"), message);
  }

  @Test
  void lineNumbersCountPhysicalLinesOfMultiLineQuotedFields() throws IOException {
    Path file = write("multi.csv", "a,label\n\"1\n\n\",0\nx,1\n");

    String message = readError(file, "label");

    assertTrue(message.contains("line 5, column 'a': 'x' is not a number"), message);
  }

  @Test
  void raggedRowNamesLineAndFieldCounts() throws IOException {
    Path file = write("iris.csv", "a,b,label,c,d\n1,2,0,3,4\n1,2,0\n");

    String message = readError(file, "label");

    assertTrue(message.contains("line 3 has 3 fields but the header has 5"), message);
  }

  @Test
  void rowWithTooManyFieldsIsRagged() throws IOException {
    Path file = write("long.csv", "a,label\r\n1,0\r\n1,0,\r\n");

    String message = readError(file, "label");

    assertTrue(message.contains("line 3 has 3 fields but the header has 2"), message);
  }

  @Test
  void nanInFeatureIsRejected() throws IOException {
    Path file = write("nan.csv", "x1,label\n1,0\n2,1\nNaN,0\n");

    String message = readError(file, "label");

    assertTrue(
        message.contains("line 4, column 'x1': NaN is not allowed (remove or impute missing values)"),
        message);
  }

  @Test
  void nanInLabelIsRejected() throws IOException {
    Path file = write("nanlabel.csv", "x1,label\n1,0\n2,NaN\n");

    String message = readError(file, "label");

    assertTrue(message.contains("line 3, column 'label': NaN is not allowed"), message);
  }

  @Test
  void infinitiesAreRejected() throws IOException {
    String positive = readError(write("inf.csv", "x1,label\n1,0\nInfinity,1\n"), "label");
    String negative = readError(write("neginf.csv", "x1,label\n1,0\n2,-Infinity\n"), "label");
    String overflow = readError(write("big.csv", "x1,label\n1e400,0\n"), "label");

    assertTrue(positive.contains("line 3, column 'x1': 'Infinity' is infinite"), positive);
    assertTrue(negative.contains("line 3, column 'label': '-Infinity' is infinite"), negative);
    assertTrue(overflow.contains("line 2, column 'x1': '1e400' is infinite"), overflow);
  }

  @Test
  void emptyValueIsRejected() throws IOException {
    Path file = write("gap.csv", "x1,x2,label\n1,,0\n");

    String message = readError(file, "label");

    assertTrue(message.contains("line 2, column 'x2' is empty (remove or impute missing values)"), message);
  }

  @Test
  void missingLabelColumnListsColumnsAndTheOption() throws IOException {
    Path file = write("iris.csv", "a,b,c\n1,2,3\n");

    String message = readError(file, "label");

    assertTrue(message.contains("has no 'label' column (columns: a, b, c)"), message);
    assertTrue(message.contains("--label"), message);
  }

  @Test
  void labelColumnIsCaseSensitiveAndTheHintSaysSo() throws IOException {
    Path file = write("case.csv", "a,Label\n1,0\n");

    String message = readError(file, "label");

    assertTrue(message.contains("did you mean 'Label'?"), message);
  }

  @Test
  void duplicateColumnNamesAreRejectedAfterTrimming() throws IOException {
    Path file = write("dup.csv", "a,label, a\n1,0,2\n");

    String message = readError(file, "label");

    assertTrue(message.contains("columns 1 and 3 are both named 'a'"), message);
  }

  @Test
  void emptyColumnNameIsRejected() throws IOException {
    Path file = write("trailing.csv", "a,label,\n1,0,\n");

    String message = readError(file, "label");

    assertTrue(message.contains("column 3 has no name"), message);
  }

  @Test
  void labelOnlyFileHasNoFeatures() throws IOException {
    Path file = write("only.csv", "label\n1\n0\n");

    String message = readError(file, "label");

    assertTrue(message.contains("needs at least one feature column"), message);
  }

  @Test
  void missingFileIsReported() {
    Path file = dir.resolve("x.csv");

    String message = readError(file, "label");

    assertTrue(message.contains("does not exist"), message);
  }

  @Test
  void directoryIsReported() throws IOException {
    Path sub = Files.createDirectory(dir.resolve("data.csv"));

    String message = readError(sub, "label");

    assertTrue(message.contains("is a directory"), message);
  }

  @Test
  void unreadableFileIsReported() throws IOException {
    Path file = write("secret.csv", "a,label\n1,0\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    // The superuser reads anything, so there is nothing to test then.
    assumeFalse(Files.isReadable(file), "running as a user who can read files without permission");

    String message = readError(file, "label");

    assertTrue(message.contains("is not readable"), message);
  }

  @Test
  void emptyFileAndBlankOnlyFileAreReported() throws IOException {
    String empty = readError(write("x.csv", ""), "label");
    String blank = readError(write("blank.csv", "\r\n  \n\n"), "label");
    String bomOnly = readError(write("bom.csv", "\uFEFF"), "label");

    assertTrue(empty.contains("is empty"), empty);
    assertTrue(blank.contains("is empty"), blank);
    assertTrue(bomOnly.contains("is empty"), bomOnly);
  }

  @Test
  void headerWithoutDataRowsIsReported() throws IOException {
    Path file = write("x.csv", "a,label\n\n");

    String message = readError(file, "label");

    assertTrue(message.contains("has no data rows"), message);
  }

  @Test
  void unclosedQuoteIsReportedWithItsLine() throws IOException {
    Path file = write("quote.csv", "a,label\n1,0\n\"2,1\n3,0\n");

    String message = readError(file, "label");

    assertTrue(message.contains("line 3 is not valid CSV"), message);
  }

  @Test
  void nonUtf8BytesAreReported() throws IOException {
    Path file = dir.resolve("latin1.csv");
    Files.write(file, "caf\u00e9,label\n1,0\n".getBytes(StandardCharsets.ISO_8859_1));

    String message = readError(file, "label");

    assertTrue(message.contains("is not UTF-8 text"), message);
  }

  @Test
  void anotherSeparatorIsNamedNotBlamedOnTheLabel() throws IOException {
    String semicolon = readError(write("semi.csv", "a;b;label\n1;2;0\n"), "label");
    assertTrue(semicolon.endsWith("is separated by ';', not commas (its header is one column 'a;b;label'); save it"
        + " as comma-separated CSV"), semicolon);
    String tabs = readError(write("tabs.tsv", "a\tb\tlabel\n1\t2\t0\n"), "label");
    assertTrue(tabs.contains("is separated by tabs, not commas"), tabs);
    // A comma-separated file that merely lacks the label column keeps the --label advice.
    String plain = readError(write("plain.csv", "a,b,y\n1,2,0\n"), "label");
    assertTrue(plain.contains("name the label column with --label"), plain);
  }

  @Test
  void binaryEndlessAndOversizedInputsAreNamed() throws IOException {
    Path zeros = Files.write(dir.resolve("zeros.csv"), new byte[100_000]);
    assertTrue(readError(zeros, "label").endsWith("is binary, not text (a NUL byte on line 1)"));
    Path gzBinary = dir.resolve("zeros.csv.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gzBinary))) {
      out.write("a,label\n1,0\n".getBytes(StandardCharsets.UTF_8));
      out.write(new byte[10]);
    }
    assertTrue(readError(gzBinary, "label").contains("a NUL byte on line 3"));
    Path notGzip = write("plain.csv.gz", "a,label\n1,0\n");
    assertTrue(readError(notGzip, "label").contains("is not a valid gzip file"));
    Path rows = write("rows.csv", "a,label\n" + "1,0\n".repeat(1000));
    String big = assertThrows(DatasetException.class,
        () -> new CsvDatasetReader(new io.milpnet.core.io.TextInput.Limits(1000, 100)).read(rows, "label"))
        .getMessage();
    assertTrue(big.startsWith("'" + rows + "' is larger than 1,000 bytes"), big);
    Path wide = write("wide.csv", "a,label\n" + "1".repeat(500) + ",0\n");
    String line = assertThrows(DatasetException.class,
        () -> new CsvDatasetReader(new io.milpnet.core.io.TextInput.Limits(10_000, 100)).read(wide, "label"))
        .getMessage();
    assertTrue(line.contains("has a line longer than 100 characters (line 2)"), line);
  }
}
