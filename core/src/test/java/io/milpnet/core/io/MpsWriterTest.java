package io.milpnet.core.io;

import static io.milpnet.core.io.ModelAssert.assertSameModel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Sense;
import io.milpnet.core.model.Var;
import io.milpnet.core.model.VarType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MpsWriterTest {
  private static final double INF = Double.POSITIVE_INFINITY;

  private final MpsWriter writer = new MpsWriter();
  private final MpsReader reader = new MpsReader();

  private Model roundTrip(Model m) {
    return reader.read(writer.write(m), m.name() + ".mps");
  }

  // ---------------------------------------------------------------- round trips

  @ParameterizedTest
  @ValueSource(strings = {"afiro", "p0033", "egout", "stein27", "flugpl"})
  void instancesRoundTripExactlyAndWritingIsAFixedPoint(String name) {
    Model read = MpsReaderTest.instance(name);
    String first = writer.write(read);
    Model again = reader.read(first, name + ".mps");
    assertSameModel(read, again);
    assertEquals(first, writer.write(again), "read -> write -> read -> write must give the same text");
  }

  /** Every kind of bound, type and row, awkward decimals, a maximised objective with a constant. */
  static Model handBuilt() {
    Model m = new Model("hand.built");
    Var free = m.addContinuous(-INF, INF, "free.x");
    Var neg = m.addContinuous(-INF, -2.5, "neg");
    Var fixed = m.addContinuous(3.25, 3.25, "fixed");
    Var lower = m.addContinuous(-7, INF, "lower.only");
    Var plain = m.addContinuous(0, INF, "default");
    Var b1 = m.addBinary("b1");
    Var b2 = m.addBinary("b2");
    m.setBounds(b2.index(), 1, 1); // a binary fixed at 1
    Var gen = m.addInteger(-5, 12, "gen");
    Var genUnbounded = m.addInteger(0, INF, "gen.unbounded");
    Var int01 = m.addInteger(0, 1, "int01"); // stays INTEGER, not BINARY
    Var genFree = m.addInteger(-INF, INF, "gen.free");
    Var tiny = m.addContinuous(1e-300, 0.1, "tiny");
    m.addContinuous(0, 1, "no.entries"); // appears in no row and not in the objective
    Var negRange = m.addContinuous(-1e6, -1e-6, "neg.range");

    m.addConstraint("range", LinearExpr.builder().add(0.1, free).add(0.2, neg).build(), 0.1, 0.3);
    m.addEquality("eq", LinearExpr.builder().add(1.0 / 3, fixed).add(-1, lower).add(2, b1).build(), 1.0 / 3);
    m.addLessOrEqual("le", LinearExpr.builder().add(1e-12, plain).add(-7, gen).build(), -1e-7);
    m.addGreaterOrEqual("ge", LinearExpr.builder().add(1, genUnbounded).add(1, int01).add(3, b2).build(), 2);
    m.addConstraint("free.row", LinearExpr.builder().add(1, tiny).add(1, genFree).build(), -INF, INF);
    m.addConstraint("empty.row", LinearExpr.zero(), -1, 1);
    m.addConstraint("wide", LinearExpr.builder().add(4, negRange).add(1, free).build(), -1e20, 1.0);
    m.addConstraint("neg.both", LinearExpr.of(negRange), -123.456, -0.001);
    m.setObjective(Sense.MAXIMIZE, LinearExpr.builder().add(1.0 / 3, free).add(-2, gen).add(1e-12, tiny)
        .add(0.1, b1).addConstant(-2.75).build());
    return m;
  }

  @Test
  void aHandBuiltModelRoundTripsExactly() {
    Model m = handBuilt();
    Model back = roundTrip(m);
    assertSameModel(m, back);
    // The cases the comparison covers, spelled out as known answers.
    assertEquals(VarType.INTEGER, back.varType(MpsReaderTest.var(back, "int01")));
    assertEquals(VarType.BINARY, back.varType(MpsReaderTest.var(back, "b2")));
    assertEquals(1.0, back.lowerBound(MpsReaderTest.var(back, "b2")));
    assertEquals(-INF, back.rowLowerBound(MpsReaderTest.row(back, "free.row")));
    assertEquals(INF, back.rowUpperBound(MpsReaderTest.row(back, "free.row")));
    assertEquals(-2.75, back.objective().constant());
    assertEquals(Sense.MAXIMIZE, back.sense());
  }

  @Test
  void theWrittenTextStatesEachChoice() {
    String text = writer.write(handBuilt());
    List<String> lines = text.lines().toList();
    assertTrue(lines.contains("OBJSENSE"), text);
    assertTrue(lines.contains("    MAX"), text);
    assertTrue(lines.contains(" L  free.row"), text);
    assertTrue(lines.contains("    RHS       free.row         1e+30"), text);
    assertTrue(lines.contains("    RHS       obj               2.75"), text); // constant -2.75, negated
    assertTrue(lines.contains(" BV BND       b2"), text);
    assertTrue(lines.contains(" FX BND       b2                   1"), text);
    assertTrue(lines.contains(" MI BND       neg"), text);
    assertTrue(lines.contains(" UP BND       neg               -2.5"), text);
    assertTrue(lines.contains(" PL BND       gen.unbounded"), text);
    assertTrue(lines.contains(" FR BND       gen.free"), text);
    assertTrue(lines.contains("    no.entries  obj                0"), text);
    assertTrue(lines.indexOf(" MI BND       neg") < lines.indexOf(" UP BND       neg               -2.5"));
    assertTrue(text.contains("1 row(s) without a finite bound written as L rows with RHS 1e+30"), text);
    assertFalse(text.contains("reproduces exactly"), text);
  }

  @Test
  void rangeRowsOfAnyMagnitudeRoundTripExactly() {
    // lb + (ub - lb) is often not ub in doubles; the writer must find a RANGES value that lands exactly.
    Random random = new Random(20251125);
    Model m = new Model("ranges");
    Var x = m.addContinuous(0, 1, "x");
    double[] scales = {1e-300, 1e-12, 1e-3, 0.1, 1, 3, 1e3, 1e9, 1e15, 1e20, 1e25};
    for (int r = 0; r < 2000; r++) {
      double a = (random.nextDouble() * 2 - 1) * scales[random.nextInt(scales.length)];
      double b = (random.nextDouble() * 2 - 1) * scales[random.nextInt(scales.length)];
      if (a == b) {
        continue;
      }
      m.addConstraint("r" + r, LinearExpr.of(x), Math.min(a, b), Math.max(a, b));
    }
    String text = writer.write(m);
    assertFalse(text.contains("reproduces exactly"), "some range could not be written exactly");
    assertSameModel(m, reader.read(text, "ranges.mps"));
  }

  @Test
  void aRangeNoDoubleCanStateIsWrittenWithMoreDigits() {
    double lb = -2.192475659965587;
    double ub = 2.9320762013185786;
    // Known answer: near ub - lb = 5.12... the doubles are 2 ulps of ub apart, so lb + R skips ub for every double
    // R, and ub - R skips lb likewise.
    double r = ub - lb;
    for (double d = Math.nextDown(Math.nextDown(r)); d <= Math.nextUp(Math.nextUp(r)); d = Math.nextUp(d)) {
      assertTrue(lb + d != ub && ub - d != lb, "R = " + d);
    }
    Model m = new Model("hard");
    Var x = m.addContinuous(0, 1, "x");
    m.addConstraint("hard", LinearExpr.of(x), lb, ub);
    String text = writer.write(m);
    Model back = reader.read(text, "hard.mps");
    assertEquals(lb, back.rowLowerBound(0));
    assertEquals(ub, back.rowUpperBound(0));
    assertTrue(text.contains(" G  hard"), text);
    String rng = text.lines().filter(l -> l.startsWith("    RNG")).findFirst().orElseThrow().trim().split("\\s+")[2];
    // The decimal R lands on ub when added exactly; rounded to a double first, it would not.
    assertEquals(ub, new BigDecimal(lb).add(new BigDecimal(rng)).doubleValue(), rng);
    assertTrue(lb + Double.parseDouble(rng) != ub, rng);
  }

  @Test
  void rangeValueFollowsTheMpsTable() {
    Model m = new Model("one");
    Var x = m.addContinuous(0, 10, "x");
    m.addConstraint("band", LinearExpr.of(x), 1, 4);
    List<String> lines = writer.write(m).lines().toList();
    // G row with RHS 1 and R = 3: [1, 1 + |3|].
    assertTrue(lines.contains(" G  band"), lines.toString());
    assertTrue(lines.contains("    RHS       band                 1"), lines.toString());
    assertTrue(lines.contains("    RNG       band                 3"), lines.toString());
  }

  @Test
  void fieldsSitInTheFixedFormatColumns() {
    // p0033's names have at most 8 characters, so the output must be valid fixed MPS as well.
    String text = writer.write(MpsReaderTest.instance("p0033"));
    String section = "";
    int checked = 0;
    for (String line : text.lines().toList()) {
      if (line.startsWith("*")) {
        continue;
      }
      if (!line.startsWith(" ")) {
        section = line.split(" ")[0];
        continue;
      }
      String padded = String.format("%-61s", line);
      switch (section) {
        case "ROWS" -> {
          assertEquals(' ', padded.charAt(0), line);
          assertEquals("", padded.substring(3, 4).trim(), line);
          assertFalse(padded.substring(1, 3).isBlank(), line);
          assertFalse(padded.substring(4, 12).isBlank(), line);
        }
        case "COLUMNS", "RHS", "BOUNDS" -> {
          if (padded.contains("'MARKER'")) {
            assertEquals("'MARKER'", padded.substring(14, 22).trim(), line);
            assertTrue(padded.substring(39).trim().matches("'INT(ORG|END)'"), line);
            continue;
          }
          assertEquals(line.trim().split("\\s+").length, fields(padded, section.equals("BOUNDS")), line);
          String number = padded.substring(24, 36).trim();
          if (!number.isEmpty()) {
            Double.parseDouble(number);
          }
          checked++;
        }
        default -> { }
      }
    }
    assertTrue(checked > 100, "checked " + checked + " data lines");
  }

  /** Number of nonblank fixed-format fields (1: cols 2-3, 2: 5-12, 3: 15-22, 4: 25-36); blanks between them. */
  private static int fields(String padded, boolean withType) {
    int n = 0;
    int[][] spans = {{1, 3}, {4, 12}, {14, 22}, {24, 36}};
    for (int[] s : spans) {
      n += padded.substring(s[0], s[1]).isBlank() ? 0 : 1;
    }
    assertEquals("", padded.substring(3, 4).trim());
    assertEquals("", padded.substring(12, 14).trim());
    assertEquals("", padded.substring(22, 24).trim());
    assertTrue(withType || padded.substring(1, 3).isBlank());
    return n;
  }

  // ---------------------------------------------------------------- names, refusals, files

  @Test
  void namesMpsCannotHoldAreReplacedAndListed() {
    Model m = new Model("my model");
    m.addContinuous(0, 1, "a b"); // blank
    m.addContinuous(0, 2, "C0"); // keeps its name; column 0 must not take it
    m.addContinuous(0, 3, "dup");
    m.addContinuous(0, 4, "dup"); // repeated
    m.addContinuous(0, 5, ""); // empty
    LinearExpr all = LinearExpr.builder().add(1, 0).add(1, 1).add(1, 2).add(1, 3).add(1, 4).build();
    m.addLessOrEqual("row\tone", all, 10);
    m.addLessOrEqual("obj", all, 11); // the objective row's usual name
    m.setObjective(Sense.MINIMIZE, all);

    String text = writer.write(m);
    Model back = reader.read(text, "names.mps");
    assertSameModel(m, back, false);
    assertEquals(List.of("C0_2", "C0", "dup", "C3", "C4"),
        Stream.iterate(0, v -> v + 1).limit(5).map(back::varName).toList());
    assertEquals(List.of("R0", "obj"), List.of(back.constraintName(0), back.constraintName(1)));
    assertEquals("my_model", back.name());
    assertTrue(text.contains("* 3 column name(s) replaced"), text);
    assertTrue(text.contains("*   column 0 'a b' written as C0_2"), text);
    assertTrue(text.contains("*   column 3 'dup' written as C3"), text);
    assertTrue(text.contains("*   row 0 'row?one' written as R0"), text);
    assertTrue(text.contains(" N  obj_2"), text);
  }

  @Test
  void indicatorsAreRefusedWithTheBridgeToUse() {
    Model m = new Model("ind");
    Var x = m.addContinuous(0, 5, "x");
    Var z = m.addBinary("z");
    m.addIndicator("i1", z, true, LinearExpr.of(x), -INF, 2);
    m.addIndicator("i2", z, false, LinearExpr.of(x), 1, INF);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> writer.write(m));
    assertEquals("model ind has 2 indicator constraints, which MPS cannot hold: bridge them to big-M rows first"
        + " (IndicatorToBigMBridge)", e.getMessage());
  }

  @Test
  void writingAFileReplacesItAtomically(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out.mps");
    Files.writeString(file, "old content");
    Model m = handBuilt();
    writer.write(m, file);
    assertSameModel(m, reader.read(file));
    assertEquals(writer.write(m), Files.readString(file));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "no temporary file may be left behind");
    }
  }

  @Test
  void aFailedFileWriteLeavesTheOldFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out.mps");
    Files.writeString(file, "old content");
    Model m = handBuilt();
    m.addIndicator("i", new Var(MpsReaderTest.var(m, "b1")), true, LinearExpr.of(new Var(0)), -INF, 1);
    assertThrows(IllegalArgumentException.class, () -> writer.write(m, file));
    assertEquals("old content", Files.readString(file));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
  }
}
