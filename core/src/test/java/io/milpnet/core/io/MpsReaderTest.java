package io.milpnet.core.io;

import static io.milpnet.core.io.ModelAssert.assertSameModel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Sense;
import io.milpnet.core.model.VarType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class MpsReaderTest {
  private static final double INF = Double.POSITIVE_INFINITY;

  static Model instance(String name) {
    return new MpsReader().read(Path.of("src/test/resources/mps/" + name + ".mps"));
  }

  // ---------------------------------------------------------------- the five instances

  /**
   * Counts from PROVENANCE.md (rows exclude the objective row, as its table does: every file has exactly one N row,
   * and e.g. afiro's 27 are 28 ROWS lines minus COST) and nonzeros from each file's own {@code *NONZERO} header (the
   * constraint matrix without the objective; afiro has no header, its 83 are netlib's 88 minus 5 objective entries).
   */
  @ParameterizedTest
  @CsvSource({
    "afiro,   27,  32,  0,  83",
    "p0033,   16,  33, 33,  98",
    "egout,   98, 141, 55, 282",
    "stein27, 118, 27, 27, 378",
    "flugpl,  18,  18, 11,  46",
  })
  void instancesHaveTheCatalogueSizes(String name, int rows, int cols, int integers, long nonzeros) {
    Model m = instance(name);
    assertEquals(rows, m.numConstraints(), "rows");
    assertEquals(cols, m.numVars(), "columns");
    assertEquals(integers, m.countVars(VarType.INTEGER) + m.countVars(VarType.BINARY), "integer columns");
    assertEquals(nonzeros, m.numNonzeros(), "nonzeros");
    assertEquals(Sense.MINIMIZE, m.sense());
    assertEquals(0.0, m.objective().constant());
    assertEquals(name.toUpperCase(), m.name());
  }

  @Test
  void afiroValuesAndCrlf() throws Exception {
    assertTrue(Files.readString(Path.of("src/test/resources/mps/afiro.mps")).contains("\r\n"),
        "afiro.mps must keep its CRLF line endings (see .gitattributes) to test them");
    Model m = instance("afiro");
    int x01 = var(m, "X01");
    int r09 = row(m, "R09");
    int x50 = row(m, "X50");
    // X01 X48 .301 R09 -1. / X01 R10 -1.06 X05 1. and X02 COST -.4
    assertEquals(-1.0, coef(m, r09, x01));
    assertEquals(-1.06, coef(m, row(m, "R10"), x01));
    assertEquals(0.301, coef(m, row(m, "X48"), x01));
    assertEquals(-0.4, objCoef(m, var(m, "X02")));
    assertEquals(0.0, m.rowLowerBound(r09)); // E row without RHS entry
    assertEquals(0.0, m.rowUpperBound(r09));
    assertEquals(-INF, m.rowLowerBound(x50)); // L row, RHS 310.
    assertEquals(310.0, m.rowUpperBound(x50));
    assertEquals(0.0, m.lowerBound(x01));
    assertEquals(INF, m.upperBound(x01));
    assertEquals(VarType.CONTINUOUS, m.varType(x01));
  }

  @Test
  void markerBlocksBoundsAndDottedNames() {
    Model flugpl = instance("flugpl");
    // STM1 precedes the first INTORG; STM2 sits in a later block with LO 57 / UP 75; UE1 sits between blocks.
    assertEquals(VarType.CONTINUOUS, flugpl.varType(var(flugpl, "STM1")));
    int stm2 = var(flugpl, "STM2");
    assertEquals(VarType.INTEGER, flugpl.varType(stm2));
    assertEquals(57.0, flugpl.lowerBound(stm2));
    assertEquals(75.0, flugpl.upperBound(stm2));
    assertEquals(VarType.CONTINUOUS, flugpl.varType(var(flugpl, "UE1")));
    assertEquals(18.0, flugpl.upperBound(var(flugpl, "ANM1")));
    assertEquals(8000.0, flugpl.rowLowerBound(row(flugpl, "STD1")));
    assertEquals(INF, flugpl.rowUpperBound(row(flugpl, "STD1")));

    Model egout = instance("egout");
    int fixed = var(egout, "F....001"); // FX BOUNDS F....001 2.45
    assertEquals(2.45, egout.lowerBound(fixed));
    assertEquals(2.45, egout.upperBound(fixed));
    int arc = var(egout, "I.001...");
    assertEquals(VarType.INTEGER, egout.varType(arc)); // marker integer with UP 1
    assertEquals(0.0, egout.lowerBound(arc));
    assertEquals(1.0, egout.upperBound(arc));
    assertEquals(1.0, coef(egout, row(egout, "..."), fixed));

    Model stein = instance("stein27");
    assertEquals(13.0, stein.rowLowerBound(row(stein, "OB2")));
    Model p0033 = instance("p0033");
    assertEquals(-5.0, p0033.rowUpperBound(row(p0033, "R118")));
    assertEquals(171.0, objCoef(p0033, var(p0033, "C157")));
  }

  // ---------------------------------------------------------------- a hand-written file with every feature

  /** Free format, CRLF, comments, a tab, RANGES of every kind, every bound type, OBJSENSE MAX, a constant. */
  static final String EVERY_FEATURE = String.join("\r\n",
      "* every feature the reader knows",
      "NAME          feat.model",
      "OBJSENSE",
      "    MAX",
      "ROWS",
      " N  profit",
      " E  e.pos",
      " E  e.neg",
      " E  e.flat",
      " L  lim.1",
      " G  low.1",
      " N  spare",
      " L  plain",
      "",
      "COLUMNS",
      "    x.1       profit    61.       e.pos     1",
      "    x.1       lim.1     2.5",
      "    MARKER    'MARKER'  'INTORG'",
      "    n.int     profit    -1e+00    e.neg     1",
      "    n.int     low.1     3",
      "    MARKER    'MARKER'  'INTEND'",
      "*   a comment inside a section",
      "    y         e.flat    1         spare     9",
      "\ty\tplain\t-1",
      "    b         profit    .5        low.1     1",
      "    z1        e.pos     1.5e-3",
      "    fx.c      plain     2",
      "    li.col    lim.1     1",
      "    neg.up    e.flat    -1",
      "    both.neg  e.neg     2",
      "    big       plain     1",
      "RHS",
      "    RHS1      profit    -7.5",
      "    RHS1      e.pos     4         e.neg     5",
      "    RHS1      e.flat    -1",
      "    RHS1      lim.1     10        low.1     -2",
      "    RHS1      spare     100",
      "    OTHER     e.pos     99",
      "RANGES",
      "    e.pos     3         e.neg     -2",
      "    lim.1     -4        low.1     2.5",
      "BOUNDS",
      " UP BND       x.1       8",
      " LO BND       x.1       -3",
      " UP OTHER     x.1       1",
      " PL BND       n.int",
      " MI BND       y",
      " UP BND       y         5",
      " BV BND       b",
      " FR BND       z1",
      " FX BND       fx.c      2.5",
      " LI BND       li.col    2",
      " UI BND       li.col    9",
      " UP BND       neg.up    -4",
      " LO BND       both.neg  -10",
      " UP BND       both.neg  -4",
      " UP BND       big       1e30",
      " LO BND       big       -1e+30",
      "ENDATA",
      "text after ENDATA is ignored",
      "FOO bar",
      "");

  @Test
  void everyFeatureGivesTheExactModel() {
    Model expected = new Model("feat.model");
    int x1 = expected.addContinuous(-3, 8, "x.1").index();
    int nInt = expected.addInteger(0, INF, "n.int").index();
    int y = expected.addContinuous(-INF, 5, "y").index();
    int b = expected.addBinary("b").index();
    int z1 = expected.addContinuous(-INF, INF, "z1").index();
    int fx = expected.addContinuous(2.5, 2.5, "fx.c").index();
    int li = expected.addInteger(2, 9, "li.col").index();
    int negUp = expected.addContinuous(-INF, -4, "neg.up").index(); // UP -4 on a default lower bound 0
    int bothNeg = expected.addContinuous(-10, -4, "both.neg").index(); // explicit LO stays
    int big = expected.addContinuous(-INF, INF, "big").index(); // +-1e30 are infinite
    // E row, R = 3 > 0: [4, 7]; E row, R = -2 < 0: [3, 5]; L row, |R| = 4: [6, 10]; G row, R = 2.5: [-2, 0.5].
    expected.addConstraint("e.pos", expr(x1, 1, z1, 1.5e-3), 4, 7);
    expected.addConstraint("e.neg", expr(nInt, 1, bothNeg, 2), 3, 5);
    expected.addConstraint("e.flat", expr(y, 1, negUp, -1), -1, -1);
    expected.addConstraint("lim.1", expr(x1, 2.5, li, 1), 6, 10);
    expected.addConstraint("low.1", expr(nInt, 3, b, 1), -2, 0.5);
    expected.addConstraint("plain", LinearExpr.builder().add(-1, y).add(2, fx).add(1, big).build(), -INF, 0);
    // RHS of the objective row is -7.5, so the constant is +7.5; the second RHS and BOUNDS sets (OTHER) are ignored.
    expected.setObjective(Sense.MAXIMIZE,
        LinearExpr.builder().add(61, x1).add(-1, nInt).add(0.5, b).addConstant(7.5).build());

    Model actual = new MpsReader().read(EVERY_FEATURE, "every.mps");
    assertSameModel(expected, actual);
  }

  @Test
  void freeFormatOneLineSenseAndBoundsWithoutSetNames() {
    String text = String.join("\n",
        "NAME",
        "OBJSENSE MAXIMIZE",
        "ROWS",
        " N obj",
        " G c",
        "COLUMNS",
        " x obj 2 c 1",
        " y c 1",
        "RHS",
        " c 1",
        "BOUNDS",
        " UP x 4",
        " BV y",
        "ENDATA");
    Model m = new MpsReader().read(text, "dir/plain.mps");
    assertEquals("plain", m.name()); // NAME without a name: the source's file name
    assertEquals(Sense.MAXIMIZE, m.sense());
    assertEquals(4.0, m.upperBound(0));
    assertEquals(VarType.BINARY, m.varType(1));
    assertEquals(1.0, m.rowLowerBound(0));
    assertEquals(LinearExpr.term(2, new io.milpnet.core.model.Var(0)), m.objective());
  }

  @Test
  void emptyRhsRangesAndBoundsSectionsAndNoNameLine() {
    String text = String.join("\n",
        "ROWS",
        " N obj",
        " L c",
        "COLUMNS",
        " x obj 1 c 1",
        "RHS",
        "RANGES",
        "BOUNDS",
        "ENDATA");
    Model m = new MpsReader().read(text, "bare.mps");
    assertEquals("bare", m.name());
    assertEquals(-INF, m.rowLowerBound(0));
    assertEquals(0.0, m.rowUpperBound(0));
    assertEquals(0.0, m.lowerBound(0));
    assertEquals(INF, m.upperBound(0));
  }

  // ---------------------------------------------------------------- errors

  /** A valid file; each error case replaces or inserts one line. */
  private static final List<String> BASE = List.of(
      "NAME bad", //  1
      "ROWS", //  2
      " N obj", //  3
      " L c1", //  4
      " G c2", //  5
      "COLUMNS", //  6
      " x obj 1 c1 1", //  7
      " y c2 1", //  8
      "RHS", //  9
      " RHS c1 4", // 10
      "RANGES", // 11
      " RNG c1 2", // 12
      "BOUNDS", // 13
      " UP BND x 3", // 14
      "ENDATA"); // 15

  @Test
  void theBaseFileOfTheErrorCasesIsValid() {
    Model m = new MpsReader().read(String.join("\n", BASE), "bad.mps");
    assertEquals(2, m.numConstraints());
    assertEquals(2.0, m.rowLowerBound(0));
    assertEquals(4.0, m.rowUpperBound(0));
    assertEquals(3.0, m.upperBound(0));
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        replace(7, " x obj 1 R9 1", 7, "unknown row 'R9' in COLUMNS"),
        replace(2, "FOO", 2, "unknown section 'FOO'"),
        replace(10, " RHS c1 abc", 10, "'abc' is not a number"),
        replace(10, " RHS c1 1d", 10, "'1d' is not a number"),
        replace(7, " x obj NaN", 7, "'NaN' is not a number"),
        replace(14, " UP BND X 3", 14, "unknown column 'X' in BOUNDS: COLUMNS declares no such column (names are"
            + " case-sensitive: did you mean 'x'?)"),
        replace(14, " UP x2 3", 14, "unknown column 'x2' in BOUNDS"),
        replace(14, " FR BND z", 14, "unknown column 'z' in BOUNDS"),
        replace(14, " BV z", 14, "unknown column 'z' in BOUNDS"),
        replace(14, " XX BND x 3", 14, "bound type 'XX' is not one of UP LO FX FR MI PL BV LI UI"),
        replace(5, " G c1", 5, "duplicate row 'c1' (first declared at line 4)"),
        replace(5, " N obj", 5, "duplicate row 'obj'"),
        replace(4, " X c1", 4, "row type 'X' is not one of N L G E"),
        replace(10, " RHS c9 4", 10, "unknown row 'c9' in RHS"),
        replace(12, " RNG c9 2", 12, "unknown row 'c9' in RANGES"),
        replace(12, " RNG obj 2", 12, "RANGES entry for free (N) row 'obj'"),
        replace(8, " y c2 1 c2 2", 8, "column 'y' has two entries in row 'c2'"),
        replace(8, " x obj 2", 8, "column 'x' has two objective coefficients"),
        replace(8, " y c2 1 extra", 8, "a COLUMNS line has 3 or 5 fields"),
        replace(8, " y c2 1e30", 8, "is infinite"),
        replace(14, " FX BND x 1e30", 14, "FX bound 1e30 of column 'x' is infinite"),
        insert(15, " LO BND x 5", 15, "column 'x' has lower bound 5.0 above its upper bound 3.0"),
        replace(10, " RHS c2 1e30", 10, "infinite on the wrong side"),
        replace(11, "ROWS", 11, "section 'ROWS' appears twice"),
        replace(11, "QUADOBJ", 11, "quadratic"),
        replace(1, " stray data", 1, "data line outside a data section"),
        replace(15, "* ENDATA commented out", 15, "ends without ENDATA"),
        insert(9, " x c2 5", 9, "column 'x' appears again after other columns (first at line 7)"),
        insert(7, "    M 'MARKER' 'INTORG'", 10, "COLUMNS ends inside an 'INTORG' block"),
        insert(7, "    M 'MARKER' 'INTEND'", 7, "'INTEND' marker without a preceding 'INTORG'"),
        insert(2, "OBJSENSE", 3, "OBJSENSE section without a sense"),
        insert(2, "OBJSENSE UPWARDS", 2, "objective sense 'UPWARDS' is not one of MIN MAX MINIMIZE MAXIMIZE"),
        Arguments.of(List.of("NAME n", "COLUMNS", " x obj 1", "ENDATA"), 2, "COLUMNS before ROWS"),
        Arguments.of(List.of("NAME n", "ENDATA"), 2, "ENDATA before a ROWS section"));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void errorsNameTheSourceAndLine(List<String> lines, int line, String fragment) {
    MpsFormatException e = assertThrows(MpsFormatException.class,
        () -> new MpsReader().read(String.join("\n", lines), "bad.mps"));
    assertTrue(e.getMessage().startsWith("'bad.mps' line " + line + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
    assertEquals(line, e.line());
    assertEquals("bad.mps", e.sourceName());
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("x.mps");
    MpsFormatException e = assertThrows(MpsFormatException.class, () -> new MpsReader().read(missing));
    assertEquals("'" + missing + "' does not exist; check the path", e.getMessage());
  }

  @Test
  void hostileFilesAreNamedNotRead(@TempDir Path dir) throws Exception {
    Path sub = Files.createDirectory(dir.resolve("model.mps"));
    MpsFormatException e = assertThrows(MpsFormatException.class, () -> new MpsReader().read(sub));
    assertEquals("'" + sub + "' is a directory, not a file; give the path of a file", e.getMessage());
    Path zeros = Files.write(dir.resolve("zeros.mps"), new byte[100_000]);
    e = assertThrows(MpsFormatException.class, () -> new MpsReader().read(zeros));
    assertEquals("'" + zeros + "' is binary, not text (a NUL byte on line 1)", e.getMessage());
    Path latin1 = Files.write(dir.resolve("latin1.mps"), "NAME caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    e = assertThrows(MpsFormatException.class, () -> new MpsReader().read(latin1));
    assertTrue(e.getMessage().startsWith("'" + latin1 + "' is not UTF-8 text (line 1 "), e.getMessage());
    Path big = Files.writeString(dir.resolve("big.mps"), String.join("\n", BASE));
    e = assertThrows(MpsFormatException.class, () -> new MpsReader().read(big, new TextInput.Limits(50, 1000)));
    assertTrue(e.getMessage().startsWith("'" + big + "' is larger than 50 bytes"), e.getMessage());
    Path longLine = Files.writeString(dir.resolve("long.mps"), "NAME " + "x".repeat(2000) + "\n");
    e = assertThrows(MpsFormatException.class, () -> new MpsReader().read(longLine, new TextInput.Limits(10_000, 1000)));
    assertTrue(e.getMessage().contains("has a line longer than 1,000 characters (line 1)"), e.getMessage());
  }

  @Test
  void fileErrorsNameThePath(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("model.mps");
    List<String> lines = new ArrayList<>(BASE);
    lines.set(6, " x obj 1 R9 1");
    Files.writeString(file, String.join("\r\n", lines));
    MpsFormatException e = assertThrows(MpsFormatException.class, () -> new MpsReader().read(file));
    assertEquals("'" + file + "' line 7: unknown row 'R9' in COLUMNS", e.getMessage());
  }

  // ---------------------------------------------------------------- helpers

  private static Arguments replace(int line, String text, int errorLine, String fragment) {
    List<String> lines = new ArrayList<>(BASE);
    lines.set(line - 1, text);
    return Arguments.of(lines, errorLine, fragment);
  }

  /** Inserts {@code text} so that it becomes line {@code line}. */
  private static Arguments insert(int line, String text, int errorLine, String fragment) {
    List<String> lines = new ArrayList<>(BASE);
    lines.add(line - 1, text);
    return Arguments.of(lines, errorLine, fragment);
  }

  static LinearExpr expr(int v1, double c1, int v2, double c2) {
    return LinearExpr.builder().add(c1, v1).add(c2, v2).build();
  }

  static int var(Model m, String name) {
    for (int v = 0; v < m.numVars(); v++) {
      if (m.varName(v).equals(name)) {
        return v;
      }
    }
    throw new AssertionError("no variable " + name + " in " + m);
  }

  static int row(Model m, String name) {
    for (int r = 0; r < m.numConstraints(); r++) {
      if (m.constraintName(r).equals(name)) {
        return r;
      }
    }
    throw new AssertionError("no row " + name + " in " + m);
  }

  static double coef(Model m, int row, int var) {
    LinearExpr e = m.rowExpr(row);
    int k = Arrays.binarySearch(e.varsCopy(), var);
    return k >= 0 ? e.coef(k) : 0.0;
  }

  static double objCoef(Model m, int var) {
    LinearExpr e = m.objective();
    int k = Arrays.binarySearch(e.varsCopy(), var);
    return k >= 0 ? e.coef(k) : 0.0;
  }
}
