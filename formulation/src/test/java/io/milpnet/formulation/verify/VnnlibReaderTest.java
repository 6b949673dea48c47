package io.milpnet.formulation.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class VnnlibReaderTest {
  private static final String DECLS = "(declare-const X_0 Real)\n(declare-const X_1 Real)\n"
      + "(declare-const Y_0 Real)\n(declare-const Y_1 Real)\n";

  @Test
  void readsAGzippedPropertyAsThePlainOne(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
    Path plain = Path.of("../data/acasxu/vnnlib/prop_3.vnnlib");
    Path gz = dir.resolve("prop_3.vnnlib.gz");
    try (var out = new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(gz))) {
      out.write(java.nio.file.Files.readAllBytes(plain));
    }
    VnnProperty a = new VnnlibReader().read(plain);
    VnnProperty b = new VnnlibReader().read(gz);
    assertEquals(a.disjuncts().size(), b.disjuncts().size());
    Conjunction ca = a.disjuncts().get(0);
    Conjunction cb = b.disjuncts().get(0);
    assertEquals(ca.atoms().size(), cb.atoms().size());
    for (int i = 0; i < ca.atoms().size(); i++) {
      assertArrayEquals(ca.atoms().get(i).x(), cb.atoms().get(i).x(), 0.0);
      assertArrayEquals(ca.atoms().get(i).y(), cb.atoms().get(i).y(), 0.0);
      assertEquals(ca.atoms().get(i).bound(), cb.atoms().get(i).bound(), 0.0);
    }
  }

  @Test
  void readsAcasProperty3AsOneDisjunctWithTheInputBoxAndFourConditions() {
    VnnProperty p = new VnnlibReader().read(Path.of("../data/acasxu/vnnlib/prop_3.vnnlib"));
    assertEquals(5, p.inputs());
    assertEquals(5, p.outputs());
    assertEquals(1, p.disjuncts().size());
    Conjunction c = p.disjuncts().get(0);
    long box = c.atoms().stream().filter(a -> a.singleInput() >= 0).count();
    assertEquals(10, box);
    assertEquals(4, c.atoms().size() - box);
    // (<= Y_0 Y_1): Y_0 - Y_1 <= 0
    LinearAtom first = c.atoms().stream().filter(LinearAtom::readsOutputs).findFirst().orElseThrow();
    assertArrayEquals(new double[] {1, -1, 0, 0, 0}, first.y());
    assertEquals(0, first.bound(), 0);
  }

  @Test
  void orOfAndsBecomesDisjunctsAndGreaterEqualFlipsSides() {
    VnnProperty p = new VnnlibReader().parse(DECLS
        + "(assert (>= X_0 -1))\n(assert (<= X_0 1.5))\n"
        + "(assert (or (and (>= Y_0 (+ Y_1 2)) (<= X_1 0.5)) (and (<= (* 2 Y_1) 3) (>= X_1 -0.5))))\n", "'t'");
    assertEquals(2, p.disjuncts().size());
    // Both disjuncts carry the shared input bounds.
    for (Conjunction c : p.disjuncts()) {
      assertTrue(c.atoms().stream().anyMatch(a -> a.singleInput() == 0 && a.x()[0] < 0 && a.bound() == 1));
    }
    Conjunction d0 = p.disjuncts().get(0);
    // Y_0 >= Y_1 + 2  <=>  -Y_0 + Y_1 <= -2
    assertTrue(d0.holdsAt(new double[] {0, 0.5}, new double[] {3, 1}));
    assertFalse(d0.holdsAt(new double[] {0, 0.5}, new double[] {2.9, 1}));
    assertFalse(d0.holdsAt(new double[] {0, 0.6}, new double[] {3, 1}));
    Conjunction d1 = p.disjuncts().get(1);
    assertTrue(d1.holdsAt(new double[] {1.5, -0.5}, new double[] {0, 1.5}));
    assertFalse(d1.holdsAt(new double[] {1.6, -0.5}, new double[] {0, 1.5}));
  }

  @Test
  void errorsNameTheLine() {
    assertError(DECLS + "(assert (<= X_0 1))\n(assert (< X_1 2))\n", "line 6");
    assertError(DECLS + "(assert (<= X_0 Z_3))\n", "line 5");
    assertError(DECLS + "(assert (<= X_0 1)\n", "line 5");
    assertError(DECLS + "(assert (<= X_0 1))\n(check-sat)\n", "line 6");
    assertError("(declare-const X_0 Real)\n(declare-const X_2 Real)\n(declare-const Y_0 Real)\n", "X_1");
    VnnlibFormatException e = assertThrows(VnnlibFormatException.class,
        () -> new VnnlibReader().read(Path.of("no/such.vnnlib")));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void deepNestingIsRefusedWithItsLineNotAStackOverflow() {
    String deep = DECLS + "(assert " + "(and ".repeat(10_000) + "(<= Y_0 Y_1)" + ")".repeat(10_000) + ")\n";
    assertError(deep, "line 5: forms are nested more than 500 levels deep");
    String deepTerm = DECLS + "(assert (<= Y_0 " + "(- ".repeat(10_000) + "Y_1" + ")".repeat(10_000) + "))\n";
    assertError(deepTerm, "nested more than 500 levels deep");
    // Just inside the limit still reads (the assert, 497 (and ...) and the (<= ...) nest 499 levels).
    int inside = VnnlibReader.MAX_DEPTH - 3;
    VnnProperty p = new VnnlibReader().parse(DECLS + "(assert " + "(and ".repeat(inside) + "(<= Y_0 Y_1)"
        + ")".repeat(inside) + ")\n", "'t'");
    assertEquals(1, p.disjuncts().size());
  }

  @Test
  void hostileFilesAreNamedNotRead(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
    VnnlibFormatException e = assertThrows(VnnlibFormatException.class, () -> new VnnlibReader().read(dir));
    assertTrue(e.getMessage().endsWith("is a directory, not a file; give the path of a file"), e.getMessage());
    Path binary = java.nio.file.Files.write(dir.resolve("p.vnnlib"), new byte[] {'(', 0, 1, 2});
    e = assertThrows(VnnlibFormatException.class, () -> new VnnlibReader().read(binary));
    assertTrue(e.getMessage().endsWith("is binary, not text (a NUL byte on line 1)"), e.getMessage());
    Path big = java.nio.file.Files.writeString(dir.resolve("big.vnnlib"), DECLS.repeat(10));
    e = assertThrows(VnnlibFormatException.class,
        () -> new VnnlibReader(new io.milpnet.core.io.TextInput.Limits(100, 1000)).read(big));
    assertTrue(e.getMessage().contains("is larger than 100 bytes"), e.getMessage());
  }

  private static void assertError(String text, String expected) {
    VnnlibFormatException e = assertThrows(VnnlibFormatException.class, () -> new VnnlibReader().parse(text, "'t'"));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
