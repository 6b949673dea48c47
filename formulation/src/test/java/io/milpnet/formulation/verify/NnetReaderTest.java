package io.milpnet.formulation.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.formulation.activation.Activation;
import io.milpnet.formulation.layer.dense.DenseLayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NnetReaderTest {
  static final Path ACAS = Path.of("../data/acasxu");

  static NnetNetwork acas(String id) {
    return new NnetReader().read(ACAS.resolve("nnet/ACASXU_run2a_" + id + "_batch_2000.nnet"));
  }

  @Test
  void readsAcasXuWithItsNormalisationAndExactWeights() throws Exception {
    NnetNetwork net = acas("1_1");
    assertEquals(7, net.layers().size());
    assertEquals(5, net.inputs());
    assertEquals(5, net.outputs());
    for (int l = 0; l < 6; l++) {
      assertEquals(50, net.layers().get(l).units());
      assertEquals(Activation.RELU, net.layers().get(l).activation());
    }
    assertEquals(Activation.LINEAR, net.layers().get(6).activation());
    assertArrayEquals(new double[] {0.0, -3.141593, -3.141593, 100.0, 0.0}, net.inputMin());
    assertArrayEquals(new double[] {60760.0, 3.141593, 3.141593, 1200.0, 1200.0}, net.inputMax());
    assertEquals(7.5188840201005975, net.means()[5]);
    assertEquals(373.94992, net.ranges()[5]);
    // The first weight row and the last bias, parsed from the file's own text.
    List<String> lines = Files.readAllLines(ACAS.resolve("nnet/ACASXU_run2a_1_1_batch_2000.nnet"));
    double[] firstRow = parseRow(lines.get(10));
    assertArrayEquals(firstRow, net.layers().get(0).weights()[0]);
    double lastBias = parseRow(lines.get(lines.size() - 1))[0];
    assertEquals(lastBias, net.layers().get(6).bias()[4]);
  }

  @Test
  void forwardPassMatchesAHandComputedTwoLayerNetwork() {
    NnetNetwork net = new NnetReader().parse(List.of(
        "// tiny", "2,2,1,2,", "2,2,1,", "0,", "-1,-1,", "1,1,", "0,0,0,", "1,1,1,",
        "1.0,-1.0,", "0.5,2.0,", "0.0,", "-1.0,", "1.0,1.0,", "0.25,"), "'tiny'");
    FixedNetwork f = net.toFixedNetwork();
    // h = relu([x0 - x1, 0.5 x0 + 2 x1 - 1]); y = h0 + h1 + 0.25
    assertArrayEquals(new double[] {0.5 + 0 + 0.25}, f.evaluate(new double[] {0.5, 0.0}), 1e-15);
    assertArrayEquals(new double[] {0 + (0.5 * 0.2 + 2 * 0.8 - 1) + 0.25}, f.evaluate(new double[] {0.2, 0.8}),
        1e-15);
  }

  @Test
  void malformedFilesNameTheLine() {
    List<String> good = List.of("// tiny", "1,1,1,1,", "1,1,", "0,", "0,", "1,", "0,0,", "1,1,", "2.0,", "0.5,");
    NnetNetwork ok = new NnetReader().parse(good, "'t'");
    DenseLayer only = ok.layers().get(0);
    assertEquals(2.0, only.weights()[0][0]);

    List<String> badNumber = new ArrayList<>(good);
    badNumber.set(8, "2.0x,");
    NnetFormatException e = assertThrows(NnetFormatException.class,
        () -> new NnetReader().parse(badNumber, "'t'"));
    assertTrue(e.getMessage().contains("line 9") && e.getMessage().contains("2.0x"), e.getMessage());

    List<String> truncated = good.subList(0, 9);
    e = assertThrows(NnetFormatException.class, () -> new NnetReader().parse(truncated, "'t'"));
    assertTrue(e.getMessage().contains("ends before"), e.getMessage());

    List<String> wrongCount = new ArrayList<>(good);
    wrongCount.set(2, "1,1,1,");
    e = assertThrows(NnetFormatException.class, () -> new NnetReader().parse(wrongCount, "'t'"));
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());

    List<String> extra = new ArrayList<>(good);
    extra.add("7,");
    e = assertThrows(NnetFormatException.class, () -> new NnetReader().parse(extra, "'t'"));
    assertTrue(e.getMessage().contains("line 11"), e.getMessage());

    e = assertThrows(NnetFormatException.class, () -> new NnetReader().read(Path.of("no/such.nnet")));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void hostileFilesAreNamedNotRead(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
    NnetFormatException e = assertThrows(NnetFormatException.class, () -> new NnetReader().read(dir));
    assertTrue(e.getMessage().endsWith("is a directory, not a file; give the path of a file"), e.getMessage());
    Path binary = java.nio.file.Files.write(dir.resolve("zeros.nnet"), new byte[4096]);
    e = assertThrows(NnetFormatException.class, () -> new NnetReader().read(binary));
    assertTrue(e.getMessage().endsWith("is binary, not text (a NUL byte on line 1)"), e.getMessage());
    // The JDK's own message for such bytes was "Input length = 1".
    Path latin1 = java.nio.file.Files.write(dir.resolve("latin1.nnet"), new byte[] {'/', '/', ' ', (byte) 0xE9, '\n'});
    e = assertThrows(NnetFormatException.class, () -> new NnetReader().read(latin1));
    assertTrue(e.getMessage().contains("is not UTF-8 text (line 1 "), e.getMessage());
    Path wide = java.nio.file.Files.writeString(dir.resolve("wide.nnet"), "1,".repeat(600) + "\n");
    e = assertThrows(NnetFormatException.class,
        () -> new NnetReader(new io.milpnet.core.io.TextInput.Limits(10_000, 1000)).read(wide));
    assertTrue(e.getMessage().contains("has a line longer than 1,000 characters (line 1)"), e.getMessage());
  }

  private static double[] parseRow(String line) {
    String[] parts = line.split(",");
    double[] v = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      v[i] = Double.parseDouble(parts[i].trim());
    }
    return v;
  }
}
