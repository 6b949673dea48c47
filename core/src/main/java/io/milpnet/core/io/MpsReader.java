package io.milpnet.core.io;

import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Sense;
import io.milpnet.core.model.VarType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an MPS file, fixed or free format, into a {@link Model}.
 *
 * <p>Every data line is split at whitespace. That reads free MPS and also every fixed-format file whose names contain
 * no spaces (fixed-format fields are always separated by at least one blank column), so no format detection is
 * needed; names with embedded spaces, which only fixed-column parsing could read, are reported as a field-count
 * error. Optional set names (RHS, RANGES, BOUNDS) are recognised by the number of fields; as is standard, only the
 * first RHS, RANGES and BOUNDS set is used and lines of other sets are skipped.
 *
 * <p>Conventions (those of CPLEX, Gurobi, HiGHS and SCIP): the first N row is the objective, later N rows are
 * dropped; the objective constant is minus the objective row's RHS; |value| >= 1e30 is infinite; columns between
 * {@code 'MARKER' 'INTORG'} and {@code 'INTEND'} are integer with default bounds [0, +inf); RANGES follow the MPS
 * table (E rows take the sign of R into account). Sections may appear once each; a file must have ROWS and end with
 * ENDATA (anything after ENDATA is ignored). Duplicate entries (a row named twice, the same coefficient, RHS or range
 * given twice, a column whose entries are not contiguous) are errors rather than silently merged.
 */
public final class MpsReader {
  /** MPS files mark infinity with 1e30 (CPLEX writes 1e+30); anything at least that large counts. */
  static final double INFINITY_THRESHOLD = 1e30;

  public MpsReader() {}

  /**
   * {@code rhs + |R|} (up) or {@code rhs - |R|}, computed exactly and rounded once to a double. For an R that is a
   * double this is what IEEE addition gives; it also lets {@link MpsWriter} state R with more digits than a double
   * holds, which some ranges need to come back exactly (e.g. [-2.192475659965587, 2.9320762013185786]: no double R
   * lands on the upper bound, because R's ulp is twice the bound's).
   *
   * @param r the parsed R, infinite when |R| >= 1e30
   */
  static double rangeEnd(double rhs, String rangeText, double r, boolean up) {
    if (Double.isFinite(rhs) && Double.isFinite(r)) {
      try {
        BigDecimal exactR = new BigDecimal(rangeText).abs();
        BigDecimal exactRhs = new BigDecimal(rhs);
        return (up ? exactRhs.add(exactR) : exactRhs.subtract(exactR)).doubleValue(); // correctly rounded
      } catch (NumberFormatException e) {
        // a spelling BigDecimal does not take: fall back to double arithmetic
      }
    }
    return up ? rhs + Math.abs(r) : rhs - Math.abs(r);
  }

  public Model read(Path file) {
    return read(file, TextInput.Limits.DEFAULT);
  }

  /**
   * Reads a file within these size limits; a missing file, a directory, binary or non-UTF-8 content and a file beyond
   * the limits are {@link MpsFormatException}s naming the file.
   */
  public Model read(Path file, TextInput.Limits limits) {
    String source = file.toString();
    try (BufferedReader in = TextInput.open(file, limits)) {
      return new Parse(source, stem(file.getFileName() == null ? source : file.getFileName().toString())).run(in);
    } catch (IOException e) {
      throw new MpsFormatException(source, 0, TextInput.describe(e));
    }
  }

  /** Reads MPS text; {@code sourceName} names it in error messages and is the model name when NAME gives none. */
  public Model read(String content, String sourceName) {
    try (BufferedReader in = new BufferedReader(new StringReader(content))) {
      return new Parse(sourceName, stem(sourceName)).run(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringReader does not fail
    }
  }

  private static String stem(String source) {
    String base = source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
    int dot = base.lastIndexOf('.');
    base = dot > 0 ? base.substring(0, dot) : base;
    return base.isBlank() ? "mps" : base;
  }

  private enum Section {
    NONE, NAME, OBJSENSE, ROWS, COLUMNS, RHS, RANGES, BOUNDS
  }

  /** One pass over one source; not reusable. */
  private static final class Parse {
    private static final char OBJECTIVE = 'O';
    private static final char DROPPED = 'N';

    private final String source;
    private final String fallbackName;
    private int lineNo;

    private String modelName;
    private Sense sense = Sense.MINIMIZE;
    private boolean senseGiven;
    private Section section = Section.NONE;
    private final boolean[] seen = new boolean[Section.values().length];
    private boolean sawRhsRangesOrBounds;

    // Rows as declared, including N rows (type OBJECTIVE for the first, DROPPED for later ones).
    private final Map<String, Integer> rowIndex = new HashMap<>();
    private final List<String> rowNames = new ArrayList<>();
    private char[] rowType = new char[64];
    private int[] rowLine = new int[64];
    private double[] rhs = new double[64];
    private int[] rhsLine = new int[64];
    private double[] range = new double[64];
    private String[] rangeText = new String[64];
    private int[] rangeLine = new int[64];
    private int objRow = -1;

    // Columns in order of first appearance.
    private final Map<String, Integer> colIndex = new HashMap<>();
    private final List<String> colNames = new ArrayList<>();
    private double[] colLb = new double[64];
    private double[] colUb = new double[64];
    private VarType[] colType = new VarType[64];
    private boolean[] lbGiven = new boolean[64];
    private int[] colLine = new int[64];
    private int[] boundLine = new int[64];
    private double[] objCoef = new double[64];
    private boolean[] objGiven = new boolean[64];
    private int currentCol = -1;
    private boolean inIntegerBlock;
    private int[] rowStamp; // rowStamp[r] == col + 1 when column col already has an entry in row r

    // Matrix entries, column by column (columns are contiguous).
    private int nnz;
    private int[] entryRow = new int[256];
    private int[] entryCol = new int[256];
    private double[] entryVal = new double[256];

    private boolean rhsSetKnown;
    private String rhsSet;
    private boolean rangeSetKnown;
    private String rangeSet;
    private boolean boundSetKnown;
    private String boundSet;

    Parse(String source, String fallbackName) {
      this.source = source;
      this.fallbackName = fallbackName;
    }

    Model run(BufferedReader in) throws IOException {
      String line;
      while ((line = in.readLine()) != null) { // readLine takes \n, \r\n and \r as line ends
        lineNo++;
        if (line.isEmpty() || line.charAt(0) == '*' || line.isBlank()) {
          continue;
        }
        if (!Character.isWhitespace(line.charAt(0))) {
          if (header(line)) {
            return build();
          }
        } else {
          data(tokens(line));
        }
      }
      throw error("ends without ENDATA: the file is truncated or not an MPS file");
    }

    // ---------------------------------------------------------------- sections

    /** Handles a section header; true at ENDATA. */
    private boolean header(String line) {
      String[] t = tokens(line);
      String key = t[0].toUpperCase(Locale.ROOT);
      Section next;
      switch (key) {
        case "NAME" -> {
          String rest = line.substring(t[0].length()).trim();
          modelName = rest.isEmpty() ? null : rest;
          next = Section.NAME;
        }
        case "OBJSENSE", "OBJSENCE" -> next = Section.OBJSENSE;
        case "ROWS" -> next = Section.ROWS;
        case "COLUMNS" -> next = Section.COLUMNS;
        case "RHS" -> next = Section.RHS;
        case "RANGES" -> next = Section.RANGES;
        case "BOUNDS" -> next = Section.BOUNDS;
        case "ENDATA" -> {
          if (!seen[Section.ROWS.ordinal()]) {
            throw error("ENDATA before a ROWS section: an MPS file needs ROWS");
          }
          endSection();
          return true;
        }
        case "OBJNAME", "SOS", "SETS", "INDICATORS", "LAZYCONS", "USERCUTS", "GENCONS", "PWLOBJ", "BRANCH" ->
            throw error("section '" + t[0] + "' is not supported by this reader (only linear rows and bounds are)");
        case "QUADOBJ", "QMATRIX", "QSECTION", "QCMATRIX", "CSECTION" ->
            throw error("section '" + t[0] + "' is quadratic; the model IR is linear");
        default -> throw error("unknown section '" + t[0] + "' (a line starting in column 1 is a section header;"
            + " data lines start with a blank)");
      }
      if (seen[next.ordinal()]) {
        throw error("section '" + t[0] + "' appears twice");
      }
      endSection();
      switch (next) {
        case COLUMNS -> {
          if (!seen[Section.ROWS.ordinal()]) {
            throw error("COLUMNS before ROWS: rows must be declared first");
          }
          if (sawRhsRangesOrBounds) {
            throw error("COLUMNS after RHS, RANGES or BOUNDS: COLUMNS must come first");
          }
          rowStamp = new int[rowNames.size()];
        }
        case RHS, RANGES, BOUNDS -> {
          if (!seen[Section.ROWS.ordinal()]) {
            throw error("section '" + t[0] + "' before ROWS");
          }
          sawRhsRangesOrBounds = true;
        }
        default -> { }
      }
      seen[next.ordinal()] = true;
      section = next;
      if (next == Section.OBJSENSE && t.length > 1) {
        // Free-format one-line form: OBJSENSE MAX
        if (t.length > 2) {
          throw error("OBJSENSE takes one word (MIN or MAX), found " + (t.length - 1));
        }
        setSense(t[1]);
      }
      return false;
    }

    private void endSection() {
      if (section == Section.OBJSENSE && !senseGiven) {
        throw error("OBJSENSE section without a sense: expected MIN or MAX on the line after OBJSENSE");
      }
      if (section == Section.COLUMNS && inIntegerBlock) {
        throw error("COLUMNS ends inside an 'INTORG' block: add the 'MARKER' 'INTEND' line");
      }
    }

    private void data(String[] t) {
      switch (section) {
        case OBJSENSE -> {
          if (senseGiven || t.length != 1) {
            throw error("OBJSENSE takes one word (MIN or MAX) on one line");
          }
          setSense(t[0]);
        }
        case ROWS -> row(t);
        case COLUMNS -> column(t);
        case RHS -> rhs(t);
        case RANGES -> range(t);
        case BOUNDS -> bound(t);
        default -> throw error("data line outside a data section (ROWS, COLUMNS, RHS, RANGES, BOUNDS); a section"
            + " header must start in column 1, data lines with a blank");
      }
    }

    private void setSense(String word) {
      switch (word.toUpperCase(Locale.ROOT)) {
        case "MIN", "MINIMIZE", "MINIMISE" -> sense = Sense.MINIMIZE;
        case "MAX", "MAXIMIZE", "MAXIMISE" -> sense = Sense.MAXIMIZE;
        default -> throw error("objective sense '" + word + "' is not one of MIN MAX MINIMIZE MAXIMIZE");
      }
      senseGiven = true;
    }

    // ---------------------------------------------------------------- ROWS

    private void row(String[] t) {
      if (t.length != 2) {
        throw error("a ROWS line has 2 fields (type, name), found " + t.length + fieldHint());
      }
      String type = t[0].toUpperCase(Locale.ROOT);
      char kind;
      switch (type) {
        case "N" -> kind = objRow < 0 ? OBJECTIVE : DROPPED;
        case "L", "G", "E" -> kind = type.charAt(0);
        default -> throw error("row type '" + t[0] + "' is not one of N L G E");
      }
      String name = t[1];
      Integer old = rowIndex.get(name);
      if (old != null) {
        throw error("duplicate row '" + name + "' (first declared at line " + rowLine[old] + ")");
      }
      int r = rowNames.size();
      if (r == rowType.length) {
        int cap = r * 2;
        rowType = Arrays.copyOf(rowType, cap);
        rowLine = Arrays.copyOf(rowLine, cap);
        rhs = Arrays.copyOf(rhs, cap);
        rhsLine = Arrays.copyOf(rhsLine, cap);
        range = Arrays.copyOf(range, cap);
        rangeText = Arrays.copyOf(rangeText, cap);
        rangeLine = Arrays.copyOf(rangeLine, cap);
      }
      rowNames.add(name);
      rowIndex.put(name, r);
      rowType[r] = kind;
      rowLine[r] = lineNo;
      if (kind == OBJECTIVE) {
        objRow = r;
      }
    }

    private int knownRow(String name, String where) {
      Integer r = rowIndex.get(name);
      if (r == null) {
        throw error("unknown row '" + name + "' in " + where);
      }
      return r;
    }

    // ---------------------------------------------------------------- COLUMNS

    private void column(String[] t) {
      if (t.length == 3 && t[1].equalsIgnoreCase("'MARKER'")) {
        marker(t[2]);
        return;
      }
      if (t.length != 3 && t.length != 5) {
        throw error("a COLUMNS line has 3 or 5 fields (column, row, value[, row, value]), found " + t.length
            + fieldHint());
      }
      String name = t[0];
      if (currentCol < 0 || !colNames.get(currentCol).equals(name)) {
        Integer old = colIndex.get(name);
        if (old != null) {
          throw error("column '" + name + "' appears again after other columns (first at line " + colLine[old]
              + "): MPS needs each column's entries together");
        }
        currentCol = newColumn(name, inIntegerBlock ? VarType.INTEGER : VarType.CONTINUOUS);
      }
      entry(currentCol, t[1], t[2]);
      if (t.length == 5) {
        entry(currentCol, t[3], t[4]);
      }
    }

    private void marker(String word) {
      String w = word.replace("'", "").toUpperCase(Locale.ROOT);
      switch (w) {
        case "INTORG" -> {
          if (inIntegerBlock) {
            throw error("'INTORG' marker inside an 'INTORG' block: the previous block has no 'INTEND'");
          }
          inIntegerBlock = true;
        }
        case "INTEND" -> {
          if (!inIntegerBlock) {
            throw error("'INTEND' marker without a preceding 'INTORG'");
          }
          inIntegerBlock = false;
        }
        default -> throw error("marker " + word + " is not 'INTORG' or 'INTEND'");
      }
    }

    private int newColumn(String name, VarType type) {
      int c = colNames.size();
      if (c == colLb.length) {
        int cap = c * 2;
        colLb = Arrays.copyOf(colLb, cap);
        colUb = Arrays.copyOf(colUb, cap);
        colType = Arrays.copyOf(colType, cap);
        lbGiven = Arrays.copyOf(lbGiven, cap);
        colLine = Arrays.copyOf(colLine, cap);
        boundLine = Arrays.copyOf(boundLine, cap);
        objCoef = Arrays.copyOf(objCoef, cap);
        objGiven = Arrays.copyOf(objGiven, cap);
      }
      colNames.add(name);
      colIndex.put(name, c);
      colLb[c] = 0.0;
      colUb[c] = Double.POSITIVE_INFINITY;
      colType[c] = type;
      colLine[c] = lineNo;
      return c;
    }

    private void entry(int col, String rowName, String valueText) {
      int r = knownRow(rowName, "COLUMNS");
      double v = number(valueText);
      if (!(Math.abs(v) < INFINITY_THRESHOLD)) {
        throw error("coefficient " + valueText + " of column '" + colNames.get(col) + "' in row '" + rowName
            + "' is infinite");
      }
      if (rowType[r] == OBJECTIVE) {
        if (objGiven[col]) {
          throw error("column '" + colNames.get(col) + "' has two objective coefficients");
        }
        objGiven[col] = true;
        objCoef[col] = v;
        return;
      }
      if (rowType[r] == DROPPED) {
        return;
      }
      if (rowStamp[r] == col + 1) {
        throw error("column '" + colNames.get(col) + "' has two entries in row '" + rowName + "'");
      }
      rowStamp[r] = col + 1;
      if (nnz == entryRow.length) {
        int cap = nnz * 2;
        entryRow = Arrays.copyOf(entryRow, cap);
        entryCol = Arrays.copyOf(entryCol, cap);
        entryVal = Arrays.copyOf(entryVal, cap);
      }
      entryRow[nnz] = r;
      entryCol[nnz] = col;
      entryVal[nnz] = v;
      nnz++;
    }

    // ---------------------------------------------------------------- RHS and RANGES

    private void rhs(String[] t) {
      int first = pairsStart(t, "RHS");
      if (first == 1) {
        if (!rhsSetKnown) {
          rhsSetKnown = true;
          rhsSet = t[0];
        } else if (!t[0].equals(rhsSet)) {
          return; // a second RHS vector: only the first is used
        }
      }
      for (int k = first; k < t.length; k += 2) {
        int r = knownRow(t[k], "RHS");
        double v = infinite(number(t[k + 1]));
        if (rhsLine[r] != 0) {
          throw error("row '" + t[k] + "' has a second RHS (first at line " + rhsLine[r] + ")");
        }
        char type = rowType[r];
        boolean wrongSide = switch (type) {
          case 'L' -> v == Double.NEGATIVE_INFINITY;
          case 'G' -> v == Double.POSITIVE_INFINITY;
          case 'E', OBJECTIVE -> Double.isInfinite(v);
          default -> false;
        };
        if (wrongSide) {
          throw error("RHS " + t[k + 1] + " of " + (type == OBJECTIVE ? "objective" : type) + " row '" + t[k]
              + "' is infinite on the wrong side: no point satisfies the row");
        }
        rhs[r] = v;
        rhsLine[r] = lineNo;
      }
    }

    private void range(String[] t) {
      int first = pairsStart(t, "RANGES");
      if (first == 1) {
        if (!rangeSetKnown) {
          rangeSetKnown = true;
          rangeSet = t[0];
        } else if (!t[0].equals(rangeSet)) {
          return; // a second RANGES vector: only the first is used
        }
      }
      for (int k = first; k < t.length; k += 2) {
        int r = knownRow(t[k], "RANGES");
        double v = infinite(number(t[k + 1]));
        if (rowType[r] == OBJECTIVE || rowType[r] == DROPPED) {
          throw error("RANGES entry for free (N) row '" + t[k] + "': ranges apply to L, G and E rows");
        }
        if (rangeLine[r] != 0) {
          throw error("row '" + t[k] + "' has a second range (first at line " + rangeLine[r] + ")");
        }
        range[r] = v;
        rangeText[r] = t[k + 1];
        rangeLine[r] = lineNo;
      }
    }

    /** Index of the first (row, value) pair: 1 after a set name (odd field count), 0 without one. */
    private int pairsStart(String[] t, String what) {
      if (t.length < 2 || t.length > 5) {
        throw error("an " + what + " line has [set name,] row, value[, row, value]: 2 to 5 fields, found " + t.length
            + fieldHint());
      }
      return t.length % 2;
    }

    // ---------------------------------------------------------------- BOUNDS

    private void bound(String[] t) {
      String type = t[0].toUpperCase(Locale.ROOT);
      boolean needsValue;
      switch (type) {
        case "UP", "LO", "FX", "LI", "UI" -> needsValue = true;
        case "FR", "MI", "PL", "BV" -> needsValue = false;
        default -> throw error("bound type '" + t[0] + "' is not one of UP LO FX FR MI PL BV LI UI");
      }
      String set;
      String colName;
      String valueText;
      if (t.length == 4) {
        set = t[1];
        colName = t[2];
        valueText = t[3];
      } else if (needsValue && t.length == 3) {
        set = null;
        colName = t[1];
        valueText = t[2];
      } else if (!needsValue && t.length == 2) {
        set = null;
        colName = t[1];
        valueText = null;
      } else if (!needsValue && t.length == 3) {
        // "FR BND x" (set, column) or "BV x 1" (column, value): decide by what the file has told so far.
        boolean columnThenValue = !(boundSetKnown && t[1].equals(boundSet))
            && colIndex.containsKey(t[1]) && isNumber(t[2]) && !colIndex.containsKey(t[2]);
        set = columnThenValue ? null : t[1];
        colName = columnThenValue ? t[1] : t[2];
        valueText = columnThenValue ? t[2] : null;
      } else {
        throw error("a " + type + " bound has " + (needsValue ? "[set name,] column, value: 3 or 4" : "[set name,]"
            + " column: 2 or 3") + " fields after the type, found " + t.length + fieldHint());
      }
      if (set != null) {
        if (!boundSetKnown) {
          boundSetKnown = true;
          boundSet = set;
        } else if (!set.equals(boundSet)) {
          return; // a second BOUNDS set: only the first is used
        }
      }
      // A column that appears only in BOUNDS is refused, as CPLEX and HiGHS do and as RHS and RANGES treat an unknown
      // row: it is almost always a misspelt name, and adding it as a new variable would leave the intended column
      // unbounded and change the optimum without a word.
      int c = knownColumn(colName);
      double v = valueText == null ? Double.NaN : infinite(number(valueText));
      switch (type) {
        case "UP", "UI" -> {
          if (v == Double.NEGATIVE_INFINITY) {
            throw error(type + " bound " + valueText + " of column '" + colName + "' is minus infinity");
          }
          colUb[c] = v;
          // The MPS standard (and CPLEX, Gurobi, HiGHS): a negative upper bound on a column whose lower bound is
          // still the default 0 makes the lower bound minus infinity. A lower bound the file gave explicitly stays.
          if (v < 0 && colLb[c] == 0.0 && !lbGiven[c]) {
            colLb[c] = Double.NEGATIVE_INFINITY;
          }
          if (type.equals("UI")) {
            makeInteger(c);
          }
        }
        case "LO", "LI" -> {
          if (v == Double.POSITIVE_INFINITY) {
            throw error(type + " bound " + valueText + " of column '" + colName + "' is plus infinity");
          }
          colLb[c] = v;
          lbGiven[c] = true;
          if (type.equals("LI")) {
            makeInteger(c);
          }
        }
        case "FX" -> {
          if (Double.isInfinite(v)) {
            throw error("FX bound " + valueText + " of column '" + colName + "' is infinite");
          }
          colLb[c] = v;
          colUb[c] = v;
          lbGiven[c] = true;
        }
        case "FR" -> {
          colLb[c] = Double.NEGATIVE_INFINITY;
          colUb[c] = Double.POSITIVE_INFINITY;
          lbGiven[c] = true;
        }
        case "MI" -> {
          colLb[c] = Double.NEGATIVE_INFINITY;
          lbGiven[c] = true;
        }
        case "PL" -> colUb[c] = Double.POSITIVE_INFINITY;
        case "BV" -> {
          colType[c] = VarType.BINARY;
          colLb[c] = 0.0;
          colUb[c] = 1.0;
          lbGiven[c] = true;
        }
        default -> throw new AssertionError(type);
      }
      boundLine[c] = lineNo;
    }

    private int knownColumn(String name) {
      Integer c = colIndex.get(name);
      if (c != null) {
        return c;
      }
      String hint = "";
      for (String known : colNames) {
        if (known.equalsIgnoreCase(name)) {
          hint = " (names are case-sensitive: did you mean '" + known + "'?)";
          break;
        }
      }
      throw error("unknown column '" + name + "' in BOUNDS: COLUMNS declares no such column" + hint);
    }

    private void makeInteger(int c) {
      if (colType[c] == VarType.CONTINUOUS) {
        colType[c] = VarType.INTEGER;
      }
    }

    // ---------------------------------------------------------------- the model

    private Model build() {
      Model m = new Model(modelName != null ? modelName : fallbackName);
      int numCols = colNames.size();
      for (int c = 0; c < numCols; c++) {
        double lb = colLb[c];
        double ub = colUb[c];
        if (colType[c] == VarType.BINARY) {
          lb = Math.max(lb, 0.0);
          ub = Math.min(ub, 1.0);
        }
        if (lb > ub) {
          throw new MpsFormatException(source, boundLine[c], "column '" + colNames.get(c) + "' has lower bound "
              + lb + " above its upper bound " + ub + (colType[c] == VarType.BINARY ? " (it is binary)" : ""));
        }
        m.addVar(lb, ub, colType[c], colNames.get(c), null);
      }

      // Entries are stored column by column; regroup them by row (a counting sort keeps columns ascending).
      int numRows = rowNames.size();
      int[] start = new int[numRows + 1];
      for (int k = 0; k < nnz; k++) {
        start[entryRow[k] + 1]++;
      }
      for (int r = 0; r < numRows; r++) {
        start[r + 1] += start[r];
      }
      int[] fill = Arrays.copyOf(start, numRows);
      int[] cols = new int[nnz];
      double[] vals = new double[nnz];
      for (int k = 0; k < nnz; k++) {
        int p = fill[entryRow[k]]++;
        cols[p] = entryCol[k];
        vals[p] = entryVal[k];
      }

      for (int r = 0; r < numRows; r++) {
        char type = rowType[r];
        if (type == OBJECTIVE || type == DROPPED) {
          continue;
        }
        double[] bounds = rowBounds(type, rhs[r], rangeText[r], range[r]);
        if (Double.isNaN(bounds[0]) || Double.isNaN(bounds[1]) || bounds[0] == Double.POSITIVE_INFINITY
            || bounds[1] == Double.NEGATIVE_INFINITY) {
          throw new MpsFormatException(source, Math.max(rhsLine[r], rangeLine[r]), "row '" + rowNames.get(r)
              + "' gets the empty range [" + bounds[0] + ", " + bounds[1] + "] from its RHS and RANGES entries");
        }
        LinearExpr.Builder b = LinearExpr.builder(start[r + 1] - start[r]);
        for (int p = start[r]; p < start[r + 1]; p++) {
          b.add(vals[p], cols[p]);
        }
        m.addConstraint(rowNames.get(r), b.build(), bounds[0], bounds[1]);
      }

      LinearExpr.Builder obj = LinearExpr.builder();
      for (int c = 0; c < numCols; c++) {
        obj.add(objCoef[c], c);
      }
      if (objRow >= 0 && rhsLine[objRow] != 0) {
        obj.addConstant(-rhs[objRow]); // MPS convention: the objective row's RHS is minus the objective constant
      }
      m.setObjective(sense, obj.build());
      return m;
    }

    /**
     * Row bounds from type, RHS and range R (MPS standard): L gives [rhs - |R|, rhs], G gives [rhs, rhs + |R|], E
     * gives [rhs, rhs + |R|] when R >= 0 and [rhs - |R|, rhs] when R < 0. {@code rangeText} is null without a range.
     */
    private static double[] rowBounds(char type, double rhs, String rangeText, double r) {
      boolean hasRange = rangeText != null;
      return switch (type) {
        case 'L' -> new double[] {hasRange ? rangeEnd(rhs, rangeText, r, false) : Double.NEGATIVE_INFINITY, rhs};
        case 'G' -> new double[] {rhs, hasRange ? rangeEnd(rhs, rangeText, r, true) : Double.POSITIVE_INFINITY};
        case 'E' -> !hasRange ? new double[] {rhs, rhs}
            : r >= 0 ? new double[] {rhs, rangeEnd(rhs, rangeText, r, true)}
            : new double[] {rangeEnd(rhs, rangeText, r, false), rhs};
        default -> throw new AssertionError(type);
      };
    }

    // ---------------------------------------------------------------- tokens and numbers
    // ---------------------------------------------------------------- tokens and numbers

    private static String[] tokens(String line) {
      List<String> out = new ArrayList<>(6);
      int n = line.length();
      int i = 0;
      while (i < n) {
        while (i < n && Character.isWhitespace(line.charAt(i))) {
          i++;
        }
        int s = i;
        while (i < n && !Character.isWhitespace(line.charAt(i))) {
          i++;
        }
        if (i > s) {
          out.add(line.substring(s, i));
        }
      }
      return out.toArray(new String[0]);
    }

    private static String fieldHint() {
      return " (fields are separated by blanks, so names must not contain spaces)";
    }

    /** Accepts what MPS writers produce ({@code 61.}, {@code 1e+30}, {@code -.5}, {@code Inf}) and nothing else. */
    private double number(String text) {
      double v = parseNumber(text);
      if (Double.isNaN(v)) {
        throw error("'" + text + "' is not a number");
      }
      return v;
    }

    private static boolean isNumber(String text) {
      return !Double.isNaN(parseNumber(text));
    }

    /** The value, or NaN when the text is not a number. */
    private static double parseNumber(String text) {
      int n = text.length();
      int i = n > 0 && (text.charAt(0) == '+' || text.charAt(0) == '-') ? 1 : 0;
      if (i < n && (text.charAt(i) == 'i' || text.charAt(i) == 'I')) {
        String word = text.substring(i);
        if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity")) {
          return text.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.NaN;
      }
      // Double.parseDouble alone would also take "NaN", "0x1p3" and "1d", which no MPS file means as numbers.
      boolean digit = false;
      for (int k = 0; k < n; k++) {
        char c = text.charAt(k);
        if (c >= '0' && c <= '9') {
          digit = true;
        } else if (c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-') {
          return Double.NaN;
        }
      }
      if (!digit) {
        return Double.NaN;
      }
      try {
        return Double.parseDouble(text);
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }

    private static double infinite(double v) {
      if (v >= INFINITY_THRESHOLD) {
        return Double.POSITIVE_INFINITY;
      }
      return v <= -INFINITY_THRESHOLD ? Double.NEGATIVE_INFINITY : v;
    }

    private MpsFormatException error(String problem) {
      return new MpsFormatException(source, Math.max(lineNo, 1), problem);
    }
  }
}
