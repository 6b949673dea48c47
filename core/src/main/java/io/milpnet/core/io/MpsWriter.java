package io.milpnet.core.io;

import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Sense;
import io.milpnet.core.model.VarType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a {@link Model} as MPS that {@link MpsReader} reads back to the same model exactly (bounds, types,
 * coefficients, row bounds, objective with constant and sense, names) and that other solvers read too.
 *
 * <p>The layout is free MPS with fields at the fixed-format columns (2, 5, 15, 25), one (row, value) pair per line,
 * names without blanks. Numbers are written so that they parse back to the same double. Choices a reader of the file
 * may want to know:
 *
 * <ul>
 *   <li>Names that MPS cannot hold (empty, containing blanks or control characters, repeated) are replaced by
 *       {@code C<index>} (columns) or {@code R<index>} (rows); the header comment lists the first few.
 *   <li>A row with no finite bound is written as an L row with RHS 1e+30, which MPS readers take as infinite. An N
 *       row would not do: readers drop every N row after the objective, so the row would be lost.
 *   <li>A range row {@code lb <= a.x <= ub} is a G row (RHS lb) or an L row (RHS ub) with a RANGES entry R such
 *       that {@code lb + R} (or {@code ub - R}), computed exactly and rounded once, is the other bound. Usually R is
 *       the double {@code ub - lb}, which any reader adds exactly; for the rare pair no double R reaches (R's ulp
 *       larger than the bound's), R is written with the extra decimal digits that {@link MpsReader} uses and other
 *       readers round away (they then miss the bound by an ulp).
 *   <li>Integer and binary columns sit between MARKER INTORG/INTEND lines; binaries also get a BV bound, general
 *       integers without an upper bound a PL bound, since some older readers give marker integers [0, 1] by default.
 *   <li>The objective constant is the objective row's RHS, negated (the convention of CPLEX, Gurobi, HiGHS, SCIP).
 *   <li>Finite values of magnitude 1e30 or more would read back as infinite; models have no business holding them.
 * </ul>
 *
 * Indicator constraints have no MPS form that all readers share, so a model with any is refused: bridge them first.
 */
public final class MpsWriter {
  /** What MPS readers take as infinity. */
  private static final String INFINITE_RHS = "1e+30";

  public MpsWriter() {}

  public String write(Model model) {
    requireWritable(model);
    StringBuilder sb = new StringBuilder(4096);
    try {
      new Emitter(model, sb).run();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringBuilder does not fail
    }
    return sb.toString();
  }

  /** Writes atomically: the file is replaced only when the whole model has been written. */
  public void write(Model model, Path file) {
    requireWritable(model);
    AtomicTextFile.write(file, out -> new Emitter(model, out).run());
  }

  private static void requireWritable(Model model) {
    if (model.numIndicators() > 0) {
      throw new IllegalArgumentException("model " + model.name() + " has " + model.numIndicators()
          + " indicator constraints, which MPS cannot hold: bridge them to big-M rows first (IndicatorToBigMBridge)");
    }
  }

  /** MPS field names: anything without blanks or control characters. */
  static String legalName(String name) {
    if (name.isEmpty()) {
      return null;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
        return null;
      }
    }
    return name;
  }

  /** One row as MPS states it: type, RHS and optional range (as text: it may need more digits than a double). */
  private record RowForm(char type, double rhs, boolean free, String range, boolean exact) {}

  private static RowForm rowForm(double lb, double ub) {
    boolean lbFinite = lb != Double.NEGATIVE_INFINITY;
    boolean ubFinite = ub != Double.POSITIVE_INFINITY;
    if (!lbFinite && !ubFinite) {
      return new RowForm('L', Double.POSITIVE_INFINITY, true, null, true);
    }
    if (!lbFinite) {
      return new RowForm('L', ub, false, null, true);
    }
    if (!ubFinite) {
      return new RowForm('G', lb, false, null, true);
    }
    if (lb == ub) {
      return new RowForm('E', lb, false, null, true);
    }
    String r = rangeText(lb, ub, true);
    if (r != null) {
      return new RowForm('G', lb, false, r, true);
    }
    r = rangeText(ub, lb, false);
    if (r != null) {
      return new RowForm('L', ub, false, r, true);
    }
    return new RowForm('G', lb, false, DecimalText.of(ub - lb), false);
  }

  /**
   * The text of an R with {@code rhs + R == target} (up) or {@code rhs - R == target} as {@link MpsReader#rangeEnd}
   * computes it, or null. Usually the double difference does, in double arithmetic too, so other readers get the
   * bound exactly as well; when it does not, the exact decimal difference, cut to as few digits as still work.
   */
  private static String rangeText(double rhs, double target, boolean up) {
    double estimate = up ? target - rhs : rhs - target;
    if (!(estimate > 0) || estimate >= MpsReader.INFINITY_THRESHOLD) {
      return null; // not positive, or read back as infinite
    }
    String text = DecimalText.of(estimate);
    if ((up ? rhs + estimate : rhs - estimate) == target && MpsReader.rangeEnd(rhs, text, estimate, up) == target) {
      return text; // exact for readers that add doubles, and for MpsReader, which adds the decimal text exactly
    }
    BigDecimal exact = new BigDecimal(target).subtract(new BigDecimal(rhs)).abs();
    for (int digits = 17; digits <= 40; digits++) {
      text = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN)).toString();
      if (MpsReader.rangeEnd(rhs, text, estimate, up) == target) {
        return text;
      }
    }
    text = exact.toString();
    return MpsReader.rangeEnd(rhs, text, estimate, up) == target ? text : null;
  }

  /** Writes one model; not reusable. */
  private static final class Emitter {
    private final Model model;
    private final Appendable out;
    private final StringBuilder line = new StringBuilder(80);

    Emitter(Model model, Appendable out) {
      this.model = model;
      this.out = out;
    }

    void run() throws IOException {
      int numCols = model.numVars();
      int numRows = model.numConstraints();

      NameTable colTable = new NameTable();
      String[] colNames = colTable.assign(numCols, model::varName, MpsWriter::legalName, "C", "column");
      NameTable rowTable = new NameTable();
      String[] rowNames = rowTable.assign(numRows, model::constraintName, MpsWriter::legalName, "R", "row");
      String objName = rowTable.claim("obj");
      // "FR BND x" and "BV x 1" look alike to a reader when a column is called BND; keep the set name unambiguous.
      String boundSet = colTable.claim("BND");

      RowForm[] forms = new RowForm[numRows];
      int freeRows = 0;
      int inexactRanges = 0;
      List<String> inexactNames = new ArrayList<>();
      for (int r = 0; r < numRows; r++) {
        forms[r] = rowForm(model.rowLowerBound(r), model.rowUpperBound(r));
        freeRows += forms[r].free() ? 1 : 0;
        if (!forms[r].exact()) {
          inexactRanges++;
          if (inexactNames.size() < 10) {
            inexactNames.add(rowNames[r]);
          }
        }
      }

      // Column-wise copy of the rows (counting sort keeps rows ascending within each column).
      int[] colStart = new int[numCols + 1];
      for (int r = 0; r < numRows; r++) {
        for (int k = 0; k < model.rowSize(r); k++) {
          colStart[model.rowVar(r, k) + 1]++;
        }
      }
      for (int c = 0; c < numCols; c++) {
        colStart[c + 1] += colStart[c];
      }
      int nnz = colStart[numCols];
      int[] entryRow = new int[nnz];
      double[] entryVal = new double[nnz];
      int[] fill = Arrays.copyOf(colStart, numCols);
      for (int r = 0; r < numRows; r++) {
        for (int k = 0; k < model.rowSize(r); k++) {
          int p = fill[model.rowVar(r, k)]++;
          entryRow[p] = r;
          entryVal[p] = model.rowCoef(r, k);
        }
      }
      LinearExpr objective = model.objective();
      double[] objCoef = new double[numCols];
      for (int k = 0; k < objective.size(); k++) {
        objCoef[objective.var(k)] = objective.coef(k);
      }

      // Header.
      String name = modelName(model.name());
      comment("MPS written by milpnet MpsWriter: free MPS in the fixed-format layout, numbers that read back exactly");
      comment("model '" + NameTable.printable(model.name()) + "': " + numCols + " columns ("
          + model.countVars(VarType.BINARY) + " binary, " + model.countVars(VarType.INTEGER) + " general integer), "
          + numRows + " rows, " + nnz + " nonzeros");
      if (!name.equals(model.name())) {
        comment("the model name is written as '" + name + "' (MPS names have no blanks)");
      }
      renames(colTable, "column");
      renames(rowTable, "row");
      if (freeRows > 0) {
        comment(freeRows + " row(s) without a finite bound written as L rows with RHS " + INFINITE_RHS
            + " (infinite), so that readers keep them");
      }
      if (inexactRanges > 0) {
        comment(inexactRanges + " range row(s) whose bounds no RANGES value reproduces exactly in double arithmetic"
            + " (bounds of very different magnitude): " + String.join(" ", inexactNames));
      }

      emit("NAME          " + name);
      if (model.sense() == Sense.MAXIMIZE) {
        emit("OBJSENSE");
        emit("    MAX");
      }

      emit("ROWS");
      emit(" N  " + objName);
      for (int r = 0; r < numRows; r++) {
        emit(" " + forms[r].type() + "  " + rowNames[r]);
      }

      emit("COLUMNS");
      boolean inBlock = false;
      int markers = 0;
      for (int c = 0; c < numCols; c++) {
        boolean integral = model.varType(c).isIntegral();
        if (integral != inBlock) {
          marker(markers++, integral ? "'INTORG'" : "'INTEND'");
          inBlock = integral;
        }
        boolean any = false;
        if (objCoef[c] != 0.0) {
          entry(colNames[c], objName, DecimalText.of(objCoef[c]));
          any = true;
        }
        for (int p = colStart[c]; p < colStart[c + 1]; p++) {
          entry(colNames[c], rowNames[entryRow[p]], DecimalText.of(entryVal[p]));
          any = true;
        }
        if (!any) {
          entry(colNames[c], objName, "0"); // declares a column that has no nonzero anywhere
        }
      }
      if (inBlock) {
        marker(markers, "'INTEND'");
      }

      emit("RHS");
      if (objective.constant() != 0.0) {
        entry("RHS", objName, DecimalText.of(-objective.constant()));
      }
      for (int r = 0; r < numRows; r++) {
        if (forms[r].free()) {
          entry("RHS", rowNames[r], INFINITE_RHS);
        } else if (forms[r].rhs() != 0.0) {
          entry("RHS", rowNames[r], DecimalText.of(forms[r].rhs()));
        }
      }

      boolean rangesHeader = false;
      for (int r = 0; r < numRows; r++) {
        if (forms[r].range() != null) {
          if (!rangesHeader) {
            emit("RANGES");
            rangesHeader = true;
          }
          entry("RNG", rowNames[r], forms[r].range());
        }
      }

      boolean boundsHeader = false;
      for (int c = 0; c < numCols; c++) {
        List<String[]> bounds = bounds(c);
        for (String[] b : bounds) {
          if (!boundsHeader) {
            emit("BOUNDS");
            boundsHeader = true;
          }
          bound(b[0], boundSet, colNames[c], b.length > 1 ? b[1] : null);
        }
      }
      emit("ENDATA");
    }

    /** The bound lines of one column (type and optional value), against the MPS default [0, +inf). */
    private List<String[]> bounds(int c) {
      List<String[]> b = new ArrayList<>(2);
      double lb = model.lowerBound(c);
      double ub = model.upperBound(c);
      VarType type = model.varType(c);
      if (type == VarType.BINARY) {
        b.add(new String[] {"BV"});
        lb = Math.max(lb, 0.0);
        ub = Math.min(ub, 1.0);
        if (lb == ub) {
          b.add(new String[] {"FX", DecimalText.of(lb)});
        } else {
          if (lb != 0.0) {
            b.add(new String[] {"LO", DecimalText.of(lb)});
          }
          if (ub != 1.0) {
            b.add(new String[] {"UP", DecimalText.of(ub)});
          }
        }
        return b;
      }
      boolean lbFinite = lb != Double.NEGATIVE_INFINITY;
      boolean ubFinite = ub != Double.POSITIVE_INFINITY;
      if (lb == ub) {
        b.add(new String[] {"FX", DecimalText.of(lb)});
      } else if (!lbFinite && !ubFinite) {
        b.add(new String[] {"FR"});
      } else if (!lbFinite) {
        // MI first: a reader then never applies the "negative UP on a default lower bound" rule.
        b.add(new String[] {"MI"});
        b.add(new String[] {"UP", DecimalText.of(ub)});
      } else {
        if (lb != 0.0) {
          b.add(new String[] {"LO", DecimalText.of(lb)});
        }
        if (ubFinite) {
          b.add(new String[] {"UP", DecimalText.of(ub)});
        } else if (type == VarType.INTEGER) {
          b.add(new String[] {"PL"});
        }
      }
      return b;
    }

    private void renames(NameTable table, String kind) throws IOException {
      if (table.renamed() == 0) {
        return;
      }
      comment(table.renamed() + " " + kind + " name(s) replaced (MPS names must be non-empty, without blanks, unique)"
          + (table.renamed() > table.notes().size() ? "; the first " + table.notes().size() + ":" : ":"));
      for (String note : table.notes()) {
        comment("  " + note);
      }
    }

    private static String modelName(String name) {
      StringBuilder sb = new StringBuilder(name.length());
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        sb.append(c <= ' ' || Character.isWhitespace(c) || Character.isISOControl(c) ? '_' : c);
      }
      return sb.length() == 0 ? "model" : sb.toString();
    }

    private void comment(String text) throws IOException {
      out.append("* ").append(text).append('\n');
    }

    private void emit(String text) throws IOException {
      out.append(text).append('\n');
    }

    private void marker(int index, String kind) throws IOException {
      line.setLength(0);
      at(5, String.format("MARK%04d", index));
      at(15, "'MARKER'");
      at(40, kind);
      flush();
    }

    private void entry(String first, String row, String value) throws IOException {
      line.setLength(0);
      at(5, first);
      at(15, row);
      number(value);
      flush();
    }

    private void bound(String type, String set, String col, String value) throws IOException {
      line.setLength(0);
      at(2, type);
      at(5, set);
      at(15, col);
      if (value != null) {
        number(value);
      }
      flush();
    }

    /** Starts a field at a 1-based column, or two blanks after a field that overran it. */
    private void at(int column, String text) {
      if (line.length() < column - 1) {
        line.append(" ".repeat(column - 1 - line.length()));
      } else if (line.length() > 0) {
        line.append("  ");
      }
      line.append(text);
    }

    /** A number right-aligned in the fixed-format field 25-36 when it fits, as classic MPS files have it. */
    private void number(String text) {
      if (line.length() < 24 && text.length() <= 12) {
        line.append(" ".repeat(36 - text.length() - line.length()));
        line.append(text);
      } else {
        at(25, text);
      }
    }

    private void flush() throws IOException {
      out.append(line).append('\n');
    }
  }
}
