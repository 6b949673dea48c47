package io.milpnet.core.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A mixed-integer linear model: variables with bounds and types, linear range rows, indicator constraints and a
 * linear objective. Rows are stored in compressed sparse row form (primitive arrays), because training models reach
 * millions of nonzeros.
 *
 * <p>Not thread-safe while being built; safe to read from several threads once built.
 */
public final class Model {
  private final String name;

  // Variables.
  private int numVars;
  private double[] varLb = new double[64];
  private double[] varUb = new double[64];
  private VarType[] varType = new VarType[64];
  private String[] varName = new String[64];
  private String[] varTag = new String[64];

  // Linear rows, CSR.
  private final RowStore rows = new RowStore();

  // Indicator rows share the CSR layout; the enforcing binary and its active value sit alongside.
  private final RowStore indicatorRows = new RowStore();
  private int[] indicatorBinary = new int[16];
  private boolean[] indicatorValue = new boolean[16];

  private Sense sense = Sense.MINIMIZE;
  private LinearExpr objective = LinearExpr.zero();

  public Model(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  public String name() {
    return name;
  }

  // ---------------------------------------------------------------- variables

  public Var addVar(double lb, double ub, VarType type, String name, String tag) {
    Objects.requireNonNull(type, "type");
    if (Double.isNaN(lb) || Double.isNaN(ub)) {
      throw new IllegalArgumentException("variable " + name + " has a NaN bound");
    }
    if (type == VarType.BINARY) {
      lb = Math.max(lb, 0.0);
      ub = Math.min(ub, 1.0);
    }
    if (lb > ub) {
      throw new IllegalArgumentException("variable " + name + " has lb " + lb + " > ub " + ub);
    }
    if (numVars == varLb.length) {
      int cap = numVars * 2;
      varLb = Arrays.copyOf(varLb, cap);
      varUb = Arrays.copyOf(varUb, cap);
      varType = Arrays.copyOf(varType, cap);
      varName = Arrays.copyOf(varName, cap);
      varTag = Arrays.copyOf(varTag, cap);
    }
    varLb[numVars] = lb;
    varUb[numVars] = ub;
    varType[numVars] = type;
    varName[numVars] = name;
    varTag[numVars] = tag;
    return new Var(numVars++);
  }

  public Var addContinuous(double lb, double ub, String name) {
    return addVar(lb, ub, VarType.CONTINUOUS, name, null);
  }

  public Var addContinuous(double lb, double ub, String name, String tag) {
    return addVar(lb, ub, VarType.CONTINUOUS, name, tag);
  }

  public Var addInteger(double lb, double ub, String name) {
    return addVar(lb, ub, VarType.INTEGER, name, null);
  }

  public Var addBinary(String name) {
    return addVar(0.0, 1.0, VarType.BINARY, name, null);
  }

  public Var addBinary(String name, String tag) {
    return addVar(0.0, 1.0, VarType.BINARY, name, tag);
  }

  public int numVars() {
    return numVars;
  }

  public double lowerBound(int var) {
    checkVar(var);
    return varLb[var];
  }

  public double upperBound(int var) {
    checkVar(var);
    return varUb[var];
  }

  public VarType varType(int var) {
    checkVar(var);
    return varType[var];
  }

  /** The variable's name, or a generated {@code x<index>} when it was added without one. */
  public String varName(int var) {
    checkVar(var);
    String n = varName[var];
    return n != null ? n : "x" + var;
  }

  /** The optional tag (a short kind such as {@code "relu"} or {@code "weight"}), or null. */
  public String varTag(int var) {
    checkVar(var);
    return varTag[var];
  }

  /** Tightens or loosens a variable's bounds (bound tightening, reformulations). */
  public void setBounds(int var, double lb, double ub) {
    checkVar(var);
    if (Double.isNaN(lb) || Double.isNaN(ub) || lb > ub) {
      throw new IllegalArgumentException("bad bounds [" + lb + ", " + ub + "] for " + varName(var));
    }
    varLb[var] = lb;
    varUb[var] = ub;
  }

  /** Changes a variable's type (relaxations); a binary keeps its [0, 1] bounds as a continuous variable. */
  public void setType(int var, VarType type) {
    checkVar(var);
    varType[var] = java.util.Objects.requireNonNull(type, "type");
    if (type == VarType.BINARY) {
      varLb[var] = Math.max(varLb[var], 0.0);
      varUb[var] = Math.min(varUb[var], 1.0);
    }
  }

  /** Snapshot of all lower bounds (a copy). */
  public double[] lowerBounds() {
    return Arrays.copyOf(varLb, numVars);
  }

  /** Snapshot of all upper bounds (a copy). */
  public double[] upperBounds() {
    return Arrays.copyOf(varUb, numVars);
  }

  public int countVars(VarType type) {
    int n = 0;
    for (int v = 0; v < numVars; v++) {
      if (varType[v] == type) {
        n++;
      }
    }
    return n;
  }

  public boolean hasIntegerVars() {
    for (int v = 0; v < numVars; v++) {
      if (varType[v].isIntegral()) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- linear rows

  /**
   * Adds {@code lb <= expr <= ub}; the expression's constant is moved into the bounds. Returns the row index.
   */
  public int addConstraint(String name, LinearExpr expr, double lb, double ub) {
    checkTerms(expr, name);
    double c = expr.constant();
    LinearConstraint.validate(name, expr.withoutConstant(), lb - c, ub - c);
    return rows.add(name, expr, lb - c, ub - c);
  }

  public int addLessOrEqual(String name, LinearExpr expr, double ub) {
    return addConstraint(name, expr, Double.NEGATIVE_INFINITY, ub);
  }

  public int addGreaterOrEqual(String name, LinearExpr expr, double lb) {
    return addConstraint(name, expr, lb, Double.POSITIVE_INFINITY);
  }

  public int addEquality(String name, LinearExpr expr, double rhs) {
    return addConstraint(name, expr, rhs, rhs);
  }

  public int numConstraints() {
    return rows.size;
  }

  public LinearConstraint constraint(int row) {
    rows.check(row);
    return new LinearConstraint(rows.name(row), rows.expr(row), rows.lb[row], rows.ub[row]);
  }

  public String constraintName(int row) {
    rows.check(row);
    return rows.name(row);
  }

  public double rowLowerBound(int row) {
    rows.check(row);
    return rows.lb[row];
  }

  public double rowUpperBound(int row) {
    rows.check(row);
    return rows.ub[row];
  }

  /** Number of terms of a row (for translators that iterate terms without allocating). */
  public int rowSize(int row) {
    rows.check(row);
    return rows.start[row + 1] - rows.start[row];
  }

  public int rowVar(int row, int k) {
    return rows.col[rows.start[row] + k];
  }

  public double rowCoef(int row, int k) {
    return rows.val[rows.start[row] + k];
  }

  public LinearExpr rowExpr(int row) {
    rows.check(row);
    return rows.expr(row);
  }

  public long numNonzeros() {
    return (long) rows.nnz + indicatorRows.nnz;
  }

  // ---------------------------------------------------------------- indicators

  /** Adds {@code binary = activeValue => lb <= expr <= ub}; returns the indicator's index. */
  public int addIndicator(String name, Var binary, boolean activeValue, LinearExpr expr, double lb, double ub) {
    checkVar(binary.index());
    if (varType[binary.index()] != VarType.BINARY) {
      throw new IllegalArgumentException(
          "indicator " + name + " is enforced by " + varName(binary.index()) + ", which is not binary");
    }
    checkTerms(expr, name);
    double c = expr.constant();
    LinearConstraint.validate(name, expr.withoutConstant(), lb - c, ub - c);
    int idx = indicatorRows.add(name, expr, lb - c, ub - c);
    if (idx == indicatorBinary.length) {
      indicatorBinary = Arrays.copyOf(indicatorBinary, idx * 2);
      indicatorValue = Arrays.copyOf(indicatorValue, idx * 2);
    }
    indicatorBinary[idx] = binary.index();
    indicatorValue[idx] = activeValue;
    return idx;
  }

  public int numIndicators() {
    return indicatorRows.size;
  }

  public IndicatorConstraint indicator(int idx) {
    indicatorRows.check(idx);
    return new IndicatorConstraint(
        indicatorRows.name(idx),
        indicatorBinary[idx],
        indicatorValue[idx],
        indicatorRows.expr(idx),
        indicatorRows.lb[idx],
        indicatorRows.ub[idx]);
  }

  // ---------------------------------------------------------------- objective

  public void setObjective(Sense sense, LinearExpr expr) {
    this.sense = Objects.requireNonNull(sense, "sense");
    checkTerms(expr, "objective");
    this.objective = expr;
  }

  public Sense sense() {
    return sense;
  }

  /** The objective, including its constant. */
  public LinearExpr objective() {
    return objective;
  }

  // ---------------------------------------------------------------- whole-model operations

  /** A deep copy (bridges rewrite copies, never the caller's model). */
  public Model copy(String newName) {
    Model m = new Model(newName);
    m.numVars = numVars;
    m.varLb = varLb.clone();
    m.varUb = varUb.clone();
    m.varType = varType.clone();
    m.varName = varName.clone();
    m.varTag = varTag.clone();
    m.rows.copyFrom(rows);
    m.indicatorRows.copyFrom(indicatorRows);
    m.indicatorBinary = indicatorBinary.clone();
    m.indicatorValue = indicatorValue.clone();
    m.sense = sense;
    m.objective = objective;
    return m;
  }

  /** A copy without the linear rows (bridges add their rewritten rows to it); indicators are kept. */
  public Model copyWithoutRows(String newName) {
    Model m = copy(newName);
    m.rows.clear();
    return m;
  }

  /** A copy without the indicator constraints (bridges add their replacement rows to it). */
  public Model copyWithoutIndicators(String newName) {
    Model m = copy(newName);
    m.indicatorRows.clear();
    return m;
  }

  @Override
  public String toString() {
    return "Model[" + name + ": " + numVars + " vars (" + countVars(VarType.BINARY) + " binary, "
        + countVars(VarType.INTEGER) + " integer), " + rows.size + " rows, " + indicatorRows.size
        + " indicators, " + numNonzeros() + " nonzeros]";
  }

  private void checkVar(int var) {
    if (var < 0 || var >= numVars) {
      throw new IndexOutOfBoundsException("no variable " + var + " in model " + name + " (" + numVars + " vars)");
    }
  }

  private void checkTerms(LinearExpr expr, String what) {
    for (int k = 0; k < expr.size(); k++) {
      if (expr.var(k) >= numVars) {
        throw new IllegalArgumentException(what + " refers to variable " + expr.var(k) + ", which is not in model "
            + name + " (" + numVars + " vars)");
      }
    }
  }

  /** Growable CSR storage for rows with range bounds and optional names. */
  private static final class RowStore {
    int size;
    int nnz;
    int[] start = new int[65];
    int[] col = new int[256];
    double[] val = new double[256];
    double[] lb = new double[64];
    double[] ub = new double[64];
    String[] names = new String[64];

    int add(String name, LinearExpr expr, double rowLb, double rowUb) {
      if (size + 1 == start.length) {
        int cap = size * 2 + 1;
        start = Arrays.copyOf(start, cap + 1);
        lb = Arrays.copyOf(lb, cap);
        ub = Arrays.copyOf(ub, cap);
        names = Arrays.copyOf(names, cap);
      }
      int n = expr.size();
      if (nnz + n > col.length) {
        int cap = Math.max(col.length * 2, nnz + n);
        col = Arrays.copyOf(col, cap);
        val = Arrays.copyOf(val, cap);
      }
      for (int k = 0; k < n; k++) {
        col[nnz + k] = expr.var(k);
        val[nnz + k] = expr.coef(k);
      }
      nnz += n;
      lb[size] = rowLb;
      ub[size] = rowUb;
      names[size] = name;
      start[++size] = nnz;
      return size - 1;
    }

    String name(int row) {
      String n = names[row];
      return n != null ? n : "r" + row;
    }

    LinearExpr expr(int row) {
      LinearExpr.Builder b = LinearExpr.builder(start[row + 1] - start[row]);
      for (int k = start[row]; k < start[row + 1]; k++) {
        b.add(val[k], col[k]);
      }
      return b.build();
    }

    void check(int row) {
      if (row < 0 || row >= size) {
        throw new IndexOutOfBoundsException("no row " + row + " (" + size + " rows)");
      }
    }

    void copyFrom(RowStore o) {
      size = o.size;
      nnz = o.nnz;
      start = o.start.clone();
      col = o.col.clone();
      val = o.val.clone();
      lb = o.lb.clone();
      ub = o.ub.clone();
      names = o.names.clone();
    }

    void clear() {
      size = 0;
      nnz = 0;
      start = new int[65];
      col = new int[256];
      val = new double[256];
      lb = new double[64];
      ub = new double[64];
      names = new String[64];
    }
  }
}
