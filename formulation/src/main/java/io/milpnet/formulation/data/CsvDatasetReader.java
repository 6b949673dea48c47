package io.milpnet.formulation.data;

import io.milpnet.core.io.TextInput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a labelled data set from a CSV file with a header line: the column named by the caller is the
 * label, every other column is a numeric feature, in file order.
 *
 * <p>Accepts CRLF or LF line endings, a UTF-8 byte order mark, quoted fields and blank lines. Anything
 * else that is not a clean numeric table (ragged rows, non-numbers, NaN, infinities) is a
 * {@link DatasetException} naming the line and column, because a silently dropped or defaulted value would
 * change the training problem without the user knowing.
 */
public final class CsvDatasetReader {

  private static final char BYTE_ORDER_MARK = '\uFEFF';

  /*
   * Empty lines are not ignored by the parser but skipped here: commons-csv's line counter then advances
   * by exactly one record per physical record, so the line where each record starts is known, which
   * error messages need. Surrounding spaces are ignored so that `1, "2"` reads as a quoted field.
   */
  private static final CSVFormat FORMAT =
      CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).setIgnoreSurroundingSpaces(true).get();

  private final TextInput.Limits limits;

  public CsvDatasetReader() {
    this(TextInput.Limits.DEFAULT);
  }

  /** A reader that refuses files beyond these limits (tests use small ones). */
  public CsvDatasetReader(TextInput.Limits limits) {
    this.limits = limits;
  }

  /**
   * @param file the CSV file; its {@code toString()} is the name used in messages and as
   *     {@link Dataset#source()}
   * @param labelColumn the header name of the label column, case-sensitive
   */
  public Dataset read(Path file, String labelColumn) {
    String name = "'" + file + "'";
    try (BufferedReader reader = TextInput.openMaybeGzip(file, limits)) {
      skipByteOrderMark(reader);
      try (CSVParser parser = CSVParser.parse(reader, FORMAT)) {
        return parse(parser, name, file.toString(), labelColumn);
      }
    } catch (IOException e) {
      throw ioFailure(name, e);
    }
  }

  private static void skipByteOrderMark(BufferedReader reader) throws IOException {
    reader.mark(1);
    if (reader.read() != BYTE_ORDER_MARK) {
      reader.reset();
    }
  }

  private static Dataset parse(CSVParser parser, String name, String source, String labelColumn) {
    RecordCursor cursor = new RecordCursor(parser, name);
    if (!cursor.advance()) {
      throw new DatasetException(name + " is empty; it needs a header line and at least one data row");
    }
    List<String> header = headerNames(cursor.record, name);
    int labelIndex = header.indexOf(labelColumn);
    if (labelIndex < 0) {
      throw new DatasetException(missingLabelMessage(name, header, labelColumn));
    }
    if (header.size() < 2) {
      throw new DatasetException(
          name + " has only the label column '" + labelColumn + "'; it needs at least one feature column");
    }
    List<String> featureNames = new ArrayList<>(header);
    featureNames.remove(labelIndex);

    List<double[]> rows = new ArrayList<>();
    List<Double> labels = new ArrayList<>();
    while (cursor.advance()) {
      CSVRecord record = cursor.record;
      String where = name + " line " + cursor.line;
      if (record.size() != header.size()) {
        throw new DatasetException(
            where + " has " + record.size() + " fields but the header has " + header.size());
      }
      double[] row = new double[header.size() - 1];
      for (int c = 0, f = 0; c < header.size(); c++) {
        double value = parseValue(record.get(c), where + ", column '" + header.get(c) + "'");
        if (c == labelIndex) {
          labels.add(value);
        } else {
          row[f++] = value;
        }
      }
      rows.add(row);
    }
    if (rows.isEmpty()) {
      throw new DatasetException(name + " has no data rows; it has only a header line");
    }
    double[] labelArray = labels.stream().mapToDouble(Double::doubleValue).toArray();
    return new Dataset(source, featureNames, labelColumn, rows.toArray(double[][]::new), labelArray);
  }

  private static List<String> headerNames(CSVRecord record, String name) {
    List<String> names = new ArrayList<>(record.size());
    Map<String, Integer> columnOf = new HashMap<>();
    for (int c = 0; c < record.size(); c++) {
      String column = record.get(c).trim();
      if (column.isEmpty()) {
        throw new DatasetException(
            name + " header: column " + (c + 1) + " has no name; name every column"
                + " (a trailing comma makes an empty last column)");
      }
      Integer previous = columnOf.putIfAbsent(column, c);
      if (previous != null) {
        throw new DatasetException(
            name + " header: columns " + (previous + 1) + " and " + (c + 1) + " are both named '" + column
                + "'; rename one");
      }
      names.add(column);
    }
    return names;
  }

  private static String missingLabelMessage(String name, List<String> header, String labelColumn) {
    if (header.size() == 1) {
      // One column whose name holds another separator: the file is not comma-separated, whatever --label says.
      for (String separator : List.of(";", "\t", "|")) {
        if (header.get(0).contains(separator)) {
          String shown = separator.equals("\t") ? "tabs" : "'" + separator + "'";
          return name + " is separated by " + shown + ", not commas (its header is one column '"
              + abbreviate(header.get(0)) + "'); save it as comma-separated CSV";
        }
      }
    }
    String hint = "";
    for (String column : header) {
      if (column.equalsIgnoreCase(labelColumn)) {
        hint = " (column names are case-sensitive: did you mean '" + column + "'?)";
      }
    }
    return name + " has no '" + labelColumn + "' column (columns: " + String.join(", ", header) + ")"
        + hint + "; name the label column with --label";
  }

  private static double parseValue(String raw, String where) {
    String text = raw.trim();
    if (text.isEmpty()) {
      throw new DatasetException(where + " is empty (remove or impute missing values)");
    }
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new DatasetException(where + ": '" + text + "' is not a number");
    }
    if (Double.isNaN(value)) {
      throw new DatasetException(where + ": NaN is not allowed (remove or impute missing values)");
    }
    if (Double.isInfinite(value)) {
      // Also reached by finite-looking text beyond double range, such as 1e400.
      throw new DatasetException(
          where + ": '" + text + "' is infinite, which is not allowed (use a finite value)");
    }
    return value;
  }

  private static DatasetException ioFailure(String name, IOException e) {
    return new DatasetException(name + " " + TextInput.describe(e));
  }

  private static String abbreviate(String text) {
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  /**
   * Walks the non-blank records and knows the physical line each starts on (the header is line 1 if
   * the file does not start with blank lines), turning the parser's unchecked failures into messages.
   */
  private static final class RecordCursor {
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final String name;
    CSVRecord record;
    long line;

    RecordCursor(CSVParser parser, String name) {
      this.parser = parser;
      this.records = parser.iterator();
      this.name = name;
    }

    /** Moves to the next non-blank record; false at the end of the file. */
    boolean advance() {
      while (true) {
        // The parser has consumed exactly the lines of the records before this one.
        line = parser.getCurrentLineNumber() + 1;
        if (!hasNext()) {
          record = null;
          return false;
        }
        record = records.next();
        if (!isBlank(record)) {
          return true;
        }
      }
    }

    private boolean hasNext() {
      try {
        return records.hasNext();
      } catch (UncheckedIOException e) {
        IOException cause = e.getCause();
        if (cause instanceof TextInput.TextInputException) {
          throw new DatasetException(name + " " + cause.getMessage());
        }
        if (cause instanceof CharacterCodingException) {
          throw new DatasetException(
              name + " line " + line + " is not UTF-8 text; save the file as UTF-8 CSV");
        }
        throw new DatasetException(
            name + " line " + line + " is not valid CSV: " + oneLine(String.valueOf(cause.getMessage()))
                + "; check the quotes on that line");
      }
    }

    private static boolean isBlank(CSVRecord record) {
      return record.size() == 1 && record.get(0).trim().isEmpty();
    }
  }
}
