package io.milpnet.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.core.model.LinearExpr;
import io.milpnet.core.model.Model;
import io.milpnet.core.model.Sense;
import io.milpnet.core.model.Var;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LpWriterTest {
  private static final double INF = Double.POSITIVE_INFINITY;

  private final LpWriter writer = new LpWriter();

  static Model small() {
    Model m = new Model("small");
    Var x = m.addContinuous(0, 4, "x");
    Var y = m.addInteger(0, INF, "y");
    Var z = m.addBinary("z");
    Var w = m.addContinuous(-INF, INF, "w");
    Var v = m.addContinuous(2.5, 2.5, "v");
    Var u = m.addContinuous(-3, INF, "u");
    Var t = m.addContinuous(-INF, 7, "t");
    m.setObjective(Sense.MINIMIZE,
        LinearExpr.builder().add(2, x).add(3, y).add(-1, z).add(1.5, w).addConstant(3.5).build());
    m.addLessOrEqual("c1", LinearExpr.builder().add(x).add(y).build(), 4);
    m.addGreaterOrEqual("c2", LinearExpr.builder().add(x).add(-1, w).build(), -1);
    m.addEquality("c3", LinearExpr.builder().add(y).add(z).build(), 1);
    m.addConstraint("band", LinearExpr.builder().add(x).add(v).build(), 1, 5);
    m.addConstraint("loose", LinearExpr.builder().add(x).add(u).build(), -INF, INF);
    m.addIndicator("ind", z, true, LinearExpr.builder().add(x).add(t).build(), -INF, 3);
    m.addIndicator("ind0", z, false, LinearExpr.builder().add(x).add(-0.25, u).build(), 2, INF);
    return m;
  }

  @Test
  void aSmallModelIsWrittenLineByLine() {
    String expected = String.join("\n",
        "\\ LP written by milpnet LpWriter: model 'small', 7 columns, 5 rows, 2 indicators",
        "\\ range rows are written as two rows, <name>_lo (>=) and <name>_hi (<=); rows without a finite bound are"
            + " left out",
        "Minimize",
        " obj: 2 x + 3 y - z + 1.5 w + 3.5",
        "Subject To",
        " c1: x + y <= 4",
        " c2: x - w >= -1",
        " c3: y + z = 1",
        " band_lo: x + v >= 1",
        " band_hi: x + v <= 5",
        "\\ row loose has no finite bound and is left out",
        " ind: z = 1 -> x + t <= 3",
        " ind0: z = 0 -> x - 0.25 u >= 2",
        "Bounds",
        " 0 <= x <= 4",
        " w free",
        " v = 2.5",
        " u >= -3",
        " -inf <= t <= 7",
        "Generals",
        " y",
        "Binaries",
        " z",
        "End",
        "");
    assertEquals(expected, writer.write(small()));
  }

  @Test
  void maximiseNegativeFirstTermAndTinyNumbers() {
    Model m = new Model("max");
    Var a = m.addContinuous(0, 1, "a");
    Var b = m.addContinuous(0, 1, "b");
    m.setObjective(Sense.MAXIMIZE, LinearExpr.builder().add(-1e-7, a).add(-1, b).addConstant(-2).build());
    m.addLessOrEqual("r", LinearExpr.builder().add(-1, a).add(1.0 / 3, b).build(), 1e20);
    List<String> lines = writer.write(m).lines().toList();
    assertTrue(lines.contains("Maximize"), lines.toString());
    assertTrue(lines.contains(" obj: - 1.0E-7 a - b - 2"), lines.toString());
    assertTrue(lines.contains(" r: - a + 0.3333333333333333 b <= 1.0E20"), lines.toString());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "x[1,2]     | x_1,2_",
    "2y         | _2y",
    ".hidden    | _.hidden",
    "(paren     | _(paren",
    "e1         | _e1",
    "E          | _E",
    "ee5        | _ee5",
    "exp        | exp",
    "st         | _st",
    "Free       | _Free",
    "inf        | _inf",
    "a-b+c*d:e  | a_b_c_d_e",
    "ok.name!#  | ok.name!#",
    "relu:lo    | relu_lo",
  })
  void namesAreMadeLegal(String name, String legal) {
    assertEquals(legal, LpWriter.legalName(name));
  }

  @Test
  void legalNamesAreCutAt255CharactersAndNothingLeftIsNull() {
    assertEquals(255, LpWriter.legalName("x".repeat(300)).length());
    assertEquals(255, LpWriter.legalName("1".repeat(300)).length());
    assertNull(LpWriter.legalName(""));
  }

  @Test
  void sanitisedNamesStayUniqueAndAreListed() {
    Model m = new Model("names");
    m.addContinuous(0, 1, "a_b");
    m.addContinuous(0, 1, "a b"); // legalises to a_b, which is taken
    m.addContinuous(0, 1, "st");
    m.addContinuous(0, 1, "dup");
    m.addContinuous(0, 1, "dup");
    m.setObjective(Sense.MINIMIZE, LinearExpr.builder().add(1, 0).add(1, 1).add(1, 2).add(1, 3).add(1, 4).build());
    m.addLessOrEqual("obj", LinearExpr.builder().add(1, 0).build(), 1);
    m.addLessOrEqual("c 1", LinearExpr.builder().add(1, 1).build(), 1);
    String text = writer.write(m);
    List<String> lines = text.lines().toList();
    assertTrue(lines.contains(" obj_2: a_b + a_b_2 + _st + dup + C4"), text);
    assertTrue(lines.contains(" obj: a_b <= 1"), text);
    assertTrue(lines.contains(" c_1: a_b_2 <= 1"), text);
    assertTrue(lines.contains("\\ 3 column name(s) changed for the LP format:"), text);
    assertTrue(lines.contains("\\   column 1 'a b' written as a_b_2"), text);
    assertTrue(lines.contains("\\   column 4 'dup' written as C4"), text);
    assertTrue(lines.contains("\\   row 1 'c 1' written as c_1"), text);
  }

  @Test
  void longRowsWrapBeforeTheLineLimitWithSenseAndRhsTogether() {
    Model m = new Model("long");
    LinearExpr.Builder b = LinearExpr.builder();
    for (int i = 0; i < 200; i++) {
      b.add(i + 0.5, m.addContinuous(0, INF, "variable_" + i));
    }
    LinearExpr e = b.build();
    m.addLessOrEqual("big", e, 12345.5);
    m.setObjective(Sense.MINIMIZE, e);
    String text = writer.write(m);
    List<String> lines = text.lines().toList();
    int start = lines.indexOf("Subject To") + 1;
    int end = lines.indexOf("End");
    StringBuilder joined = new StringBuilder();
    for (String line : lines.subList(start, end)) {
      assertTrue(line.length() <= 100, line);
      if (line.startsWith(" big:")) {
        joined.append(line);
      } else {
        assertTrue(line.startsWith("  "), "continuation lines start with a blank: " + line);
        joined.append(line.substring(1));
      }
    }
    assertTrue(lines.get(end - 1).endsWith(" <= 12345.5"), lines.get(end - 1));
    StringBuilder expected = new StringBuilder(" big: 0.5 variable_0");
    for (int i = 1; i < 200; i++) {
      expected.append(" + ").append(i + 0.5).append(" variable_").append(i);
    }
    assertEquals(expected + " <= 12345.5", joined.toString());
  }

  @Test
  void aFixedBinaryGoesToGeneralsWithItsBound() {
    Model m = new Model("fixedbin");
    Var z = m.addBinary("z");
    m.setBounds(z.index(), 1, 1);
    m.setObjective(Sense.MINIMIZE, LinearExpr.of(z));
    List<String> lines = writer.write(m).lines().toList();
    assertEquals(List.of("Bounds", " z = 1", "Generals", " z", "End"), lines.subList(lines.size() - 5, lines.size()));
  }

  @Test
  void aColumnMentionedNowhereIsStillDeclared() {
    Model m = new Model("unused");
    Var a = m.addContinuous(0, 1, "a");
    m.addContinuous(0, INF, "lonely");
    m.addInteger(0, INF, "lonely.int");
    m.setObjective(Sense.MINIMIZE, LinearExpr.of(a));
    List<String> lines = writer.write(m).lines().toList();
    assertEquals(List.of("Bounds", " 0 <= a <= 1", " lonely >= 0", "Generals", " lonely.int", "End"),
        lines.subList(lines.size() - 6, lines.size()));
  }

  @Test
  void writingAFileReplacesItAtomically(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("small.lp");
    Files.writeString(file, "old");
    writer.write(small(), file);
    assertEquals(writer.write(small()), Files.readString(file));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }
}
