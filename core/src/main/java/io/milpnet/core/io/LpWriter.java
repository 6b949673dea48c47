package io.milpnet.core.io;

import io.milpnet.core.model.IndicatorConstraint;
import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Sense;
import io.milpnet.core.model.VarType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes a {@link Model} in CPLEX LP format (read by CPLEX, Gurobi, HiGHS, SCIP and most others), for reading by eye
 * and for handing a model to another solver. Unlike {@link MpsWriter} it is not meant to round-trip:
 *
 * <ul>
 *   <li>A range row {@code lb <= a.x <= ub} becomes two rows, {@code <name>_lo: a.x >= lb} and
 *       {@code <name>_hi: a.x <= ub}: the LP format's own range syntax differs between readers.
 *   <li>A row with no finite bound constrains nothing and is left out (a comment names it).
 *   <li>The objective constant is written as a bare number ({@code + 3.5}), which the readers above accept.
 *   <li>Indicator constraints use the CPLEX/Gurobi syntax {@code name: z = 1 -> a.x <= b}; range indicators are split
 *       like range rows. (HiGHS's LP reader does not take indicators; bridge them first for it.)
 *   <li>Binaries with bounds [0, 1] go to Binaries; a binary fixed at 0 or 1 goes to Generals with its bounds, since
 *       some readers reset the bounds of everything listed under Binaries.
 *   <li>Names are made legal: characters outside letters, digits and {@code !"#$%&()/,.;?@_`'{}|~} become
 *       {@code _}; a name starting with a digit, a period, {@code (}, {@code )} or {@code ,}, one that reads like an
 *       exponent ({@code e1}, {@code E}, {@code ee}) or a keyword ({@code st}, {@code free}, {@code inf}...) gets a
 *       {@code _} prefix; names are cut at 255 characters and made unique. The header comment lists the first changes.
 * </ul>
 */
public final class LpWriter {
  private static final int MAX_NAME = 255;
  /** Readers cut lines at 510 (CPLEX) or more characters; wrap well before. */
  private static final int WRAP = 100;
  private static final String ALLOWED_SYMBOLS = "!\"#$%&()/,.;?@_`'{}|~";
  private static final Set<String> KEYWORDS = Set.of(
      "min", "max", "minimize", "maximize", "minimise", "maximise", "minimum", "maximum",
      "subject", "to", "st", "s.t.", "st.", "such", "that",
      "bound", "bounds", "general", "generals", "gen", "integer", "integers", "int",
      "binary", "binaries", "bin", "semi", "semis", "sos", "end", "free", "inf", "infinity");

  public LpWriter() {}

  public String write(Model model) {
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
    AtomicTextFile.write(file, out -> new Emitter(model, out).run());
  }

  /** The name the LP format can hold (see the class comment), or null when nothing of it is left. */
  static String legalName(String name) {
    StringBuilder sb = new StringBuilder(Math.min(name.length(), MAX_NAME) + 1);
    for (int i = 0; i < name.length() && sb.length() < MAX_NAME; i++) {
      char c = name.charAt(i);
      boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || ALLOWED_SYMBOLS.indexOf(c) >= 0;
      sb.append(ok ? c : '_');
    }
    if (sb.length() == 0) {
      return null;
    }
    char first = sb.charAt(0);
    if (first >= '0' && first <= '9' || first == '.' || first == '(' || first == ')' || first == ','
        || looksLikeExponent(sb) || KEYWORDS.contains(sb.toString().toLowerCase(Locale.ROOT))) {
      sb.insert(0, '_');
      sb.setLength(Math.min(sb.length(), MAX_NAME));
    }
    return sb.toString();
  }

  /** {@code e} or {@code E} alone or followed by a digit or another e: CPLEX reads those as exponents. */
  private static boolean looksLikeExponent(CharSequence s) {
    char c = s.charAt(0);
    if (c != 'e' && c != 'E') {
      return false;
    }
    if (s.length() == 1) {
      return true;
    }
    char d = s.charAt(1);
    return d >= '0' && d <= '9' || d == 'e' || d == 'E';
  }

  /** Writes one model; not reusable. */
  private static final class Emitter {
    private final Model model;
    private final Appendable out;
    private final StringBuilder line = new StringBuilder(WRAP + 64);
    private String[] colNames;

    Emitter(Model model, Appendable out) {
      this.model = model;
      this.out = out;
    }

    void run() throws IOException {
      int numCols = model.numVars();
      int numRows = model.numConstraints();
      int numInd = model.numIndicators();

      NameTable colTable = new NameTable();
      colNames = colTable.assign(numCols, model::varName, LpWriter::legalName, "C", "column");
      NameTable rowTable = new NameTable();
      String[] rowNames = rowTable.assign(numRows, model::constraintName, LpWriter::legalName, "R", "row");
      String[] indNames = rowTable.assign(numInd, i -> model.indicator(i).name(), LpWriter::legalName, "I",
          "indicator");
      String objName = rowTable.claim("obj");

      // Header.
      comment("LP written by milpnet LpWriter: model '" + NameTable.printable(model.name()) + "', " + numCols
          + " columns, " + numRows + " rows, " + numInd + " indicators");
      comment("range rows are written as two rows, <name>_lo (>=) and <name>_hi (<=); rows without a finite bound"
          + " are left out");
      renames(colTable, "column");
      renames(rowTable, "row and indicator");

      emit(model.sense() == Sense.MAXIMIZE ? "Maximize" : "Minimize");
      LinearExpr objective = model.objective();
      start(" " + objName + ":");
      terms(objective);
      if (objective.constant() != 0.0) {
        signed(objective.constant(), null);
      }
      flush();

      emit("Subject To");
      for (int r = 0; r < numRows; r++) {
        row(rowTable, rowNames[r], null, model.rowExpr(r), model.rowLowerBound(r), model.rowUpperBound(r));
      }
      for (int i = 0; i < numInd; i++) {
        IndicatorConstraint ind = model.indicator(i);
        String condition = colNames[ind.binary()] + " = " + (ind.activeValue() ? "1" : "0") + " ->";
        row(rowTable, indNames[i], condition, ind.expr(), ind.lb(), ind.ub());
      }

      // A column that no row, indicator or objective term mentions exists in an LP file only if a section names it.
      boolean[] mentioned = new boolean[numCols];
      for (int k = 0; k < objective.size(); k++) {
        mentioned[objective.var(k)] = true;
      }
      for (int r = 0; r < numRows; r++) {
        for (int k = 0; k < model.rowSize(r); k++) {
          mentioned[model.rowVar(r, k)] = true;
        }
      }
      for (int i = 0; i < numInd; i++) {
        IndicatorConstraint ind = model.indicator(i);
        mentioned[ind.binary()] = true;
        for (int k = 0; k < ind.expr().size(); k++) {
          mentioned[ind.expr().var(k)] = true;
        }
      }

      List<String> generals = new ArrayList<>();
      List<String> binaries = new ArrayList<>();
      boolean boundsHeader = false;
      for (int c = 0; c < numCols; c++) {
        double lb = model.lowerBound(c);
        double ub = model.upperBound(c);
        VarType type = model.varType(c);
        if (type == VarType.BINARY && lb == 0.0 && ub == 1.0) {
          binaries.add(colNames[c]);
          continue;
        }
        if (type.isIntegral()) {
          generals.add(colNames[c]);
        }
        String bound = bound(colNames[c], lb, ub);
        if (bound == null && !mentioned[c] && !type.isIntegral()) {
          bound = colNames[c] + " >= 0"; // the default bounds, stated so that the column exists
        }
        if (bound != null) {
          if (!boundsHeader) {
            emit("Bounds");
            boundsHeader = true;
          }
          emit(" " + bound);
        }
      }
      list("Generals", generals);
      list("Binaries", binaries);
      emit("End");
    }

    /** One row (or indicator, with its condition); a range gives two, a row without finite bounds none. */
    private void row(NameTable names, String name, String condition, LinearExpr expr, double lb, double ub)
        throws IOException {
      boolean lbFinite = lb != Double.NEGATIVE_INFINITY;
      boolean ubFinite = ub != Double.POSITIVE_INFINITY;
      if (!lbFinite && !ubFinite) {
        comment((condition == null ? "row " : "indicator ") + name + " has no finite bound and is left out");
      } else if (lb == ub) {
        constraint(name, condition, expr, "=", lb);
      } else if (!lbFinite) {
        constraint(name, condition, expr, "<=", ub);
      } else if (!ubFinite) {
        constraint(name, condition, expr, ">=", lb);
      } else {
        constraint(names.claim(name + "_lo"), condition, expr, ">=", lb);
        constraint(names.claim(name + "_hi"), condition, expr, "<=", ub);
      }
    }

    private void constraint(String name, String condition, LinearExpr expr, String op, double rhs)
        throws IOException {
      start(" " + name + ":");
      if (condition != null) {
        word(condition);
      }
      terms(expr);
      word(op + " " + DecimalText.of(rhs)); // the sense and the right-hand side must share a line
      flush();
    }

    /** The bound line of one column, or null for the default [0, +inf). */
    private static String bound(String name, double lb, double ub) {
      boolean lbFinite = lb != Double.NEGATIVE_INFINITY;
      boolean ubFinite = ub != Double.POSITIVE_INFINITY;
      if (lb == ub) {
        return name + " = " + DecimalText.of(lb);
      }
      if (!lbFinite && !ubFinite) {
        return name + " free";
      }
      if (!lbFinite) {
        return "-inf <= " + name + " <= " + DecimalText.of(ub);
      }
      if (!ubFinite) {
        return lb == 0.0 ? null : name + " >= " + DecimalText.of(lb);
      }
      // Both sides, always: CPLEX reads a lone negative upper bound as also making the lower bound -inf.
      return DecimalText.of(lb) + " <= " + name + " <= " + DecimalText.of(ub);
    }

    private void terms(LinearExpr expr) throws IOException {
      if (expr.size() == 0) {
        // The format wants at least one term; "0 x" is the usual way to write an empty expression.
        if (colNames.length > 0) {
          word("0 " + colNames[0]);
        }
        return;
      }
      for (int k = 0; k < expr.size(); k++) {
        double c = expr.coef(k);
        String var = colNames[expr.var(k)];
        if (k == 0 && c > 0) {
          word(c == 1.0 ? var : DecimalText.of(c) + " " + var);
        } else {
          signed(c, var);
        }
      }
    }

    /** {@code + 2 x}, {@code - x}, {@code + 3.5} (no variable). */
    private void signed(double c, String var) throws IOException {
      String sign = c < 0 ? "- " : "+ ";
      double a = Math.abs(c);
      if (var == null) {
        word(sign + DecimalText.of(a));
      } else {
        word(sign + (a == 1.0 ? var : DecimalText.of(a) + " " + var));
      }
    }

    private void list(String section, List<String> names) throws IOException {
      if (names.isEmpty()) {
        return;
      }
      emit(section);
      start("");
      for (String n : names) {
        word(n);
      }
      flush();
    }

    private void renames(NameTable table, String kind) throws IOException {
      if (table.renamed() == 0) {
        return;
      }
      comment(table.renamed() + " " + kind + " name(s) changed for the LP format"
          + (table.renamed() > table.notes().size() ? "; the first " + table.notes().size() + ":" : ":"));
      for (String note : table.notes()) {
        comment("  " + note);
      }
    }

    private void start(String text) {
      line.setLength(0);
      line.append(text);
    }

    /** Appends a word, wrapping to a continuation line (which starts with a blank) when the line gets long. */
    private void word(String w) throws IOException {
      if (line.length() + 1 + w.length() > WRAP && !line.toString().isBlank()) {
        flush();
        line.setLength(0);
        line.append(' ');
      }
      line.append(' ').append(w);
    }

    private void flush() throws IOException {
      out.append(line).append('\n');
    }

    private void comment(String text) throws IOException {
      out.append("\\ ").append(text).append('\n');
    }

    private void emit(String text) throws IOException {
      out.append(text).append('\n');
    }
  }
}
