package io.milpnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance 2 of issue 19: every command, at every place it reads a file, through a table of hostile inputs (huge,
 * endless, one endless line, deeply nested, binary, a directory, unreadable, values of the wrong type). Each must
 * end in one line on stderr that names the input, exit code 2, and no file written anywhere (the whole working
 * directory is compared before and after).
 *
 * <p>A new reader joins by adding its slot to {@link #SLOTS} (the command line, with {@code F} where the file goes,
 * and the file's extension) and, where its format nests or has types, its deep and wrong-type inputs to
 * {@link #FORMAT_INPUTS}. "Huge" is a sparse file beyond the 1 GiB input limit (nothing written); "endless" is
 * {@code /dev/zero} and {@code /dev/urandom}; "unreadable" is {@code /proc/self/mem}, which fails with an I/O error
 * even for the superuser; all reached through links named with the slot's extension.
 */
class HostileInputTest {
  @TempDir
  static Path dir;

  /**
   * Where a command reads a file: its arguments with F for the file, the extension the file needs, and the inputs it
   * is tried with (null: all; a slot whose reader another slot already drives in full gets a few, to show it is
   * wired to the checked reader, which keeps the table fast).
   */
  record Slot(String name, String extension, List<String> args, Set<String> only) {
    Slot(String name, String extension, List<String> args) {
      this(name, extension, args, null);
    }
  }

  private static final Set<String> WIRED = Set.of("binary", "a directory", "unreadable");

  static final List<Slot> SLOTS = List.of(
      new Slot("train --data", "csv", List.of("train", "--data", "F", "--out", "OUT")),
      new Slot("train --test", "csv", List.of("train", "--data", "GOOD.csv", "--test", "F", "--out", "OUT"), WIRED),
      new Slot("train --anchors", "csv", List.of("train", "--data", "GOOD.csv", "--anchors", "F", "--out", "OUT"),
          WIRED),
      // An empty experiment file is valid (no settings), so it is not among this slot's inputs.
      new Slot("train --config", "yaml", List.of("train", "--config", "F", "--data", "GOOD.csv", "--out", "OUT"),
          Set.of("huge", "one endless line", "binary", "a directory", "endless random bytes", "endless zeros",
              "unreadable", "deep", "wrong type")),
      new Slot("verify --network (json)", "json", List.of("verify", "--network", "F", "--property", "GOOD.vnnlib",
          "--out", "OUT")),
      new Slot("verify --network (nnet)", "nnet", List.of("verify", "--network", "F", "--property", "GOOD.vnnlib",
          "--out", "OUT")),
      new Slot("verify --property", "vnnlib", List.of("verify", "--network", "GOOD.nnet", "--property", "F", "--out",
          "OUT")),
      new Slot("verify --data", "csv", List.of("verify", "--network", "GOOD.nnet", "--data", "F", "--epsilon", "0.1",
          "--out", "OUT"), WIRED),
      // ONNX is binary: every generic input but the format ones; a truncated or corrupt model is OnnxReaderTest's.
      new Slot("verify --network (onnx)", "onnx", List.of("verify", "--network", "F", "--property", "GOOD.vnnlib",
          "--out", "OUT")),
      new Slot("export --network", "json", List.of("export", "--network", "F", "--onnx", "OUT.onnx"), WIRED),
      new Slot("bench --vnncomp", "csv", List.of("bench", "--vnncomp", "F", "--out", "OUT"),
          Set.of("huge", "one endless line", "binary", "a directory", "endless zeros", "unreadable")),
      // report reads a directory: a file in its place, or an empty directory, is one line too.
      new Slot("report", "csv", List.of("report", "F"), Set.of("binary", "a directory", "an empty file",
          "endless zeros")),
      new Slot("solve", "mps", List.of("solve", "F")),
      new Slot("bench --suite", "yaml", List.of("bench", "--suite", "F", "--out", "OUT")),
      // solvers reads no file: a file given to it is an unexpected argument, named.
      new Slot("solvers", "csv", List.of("solvers", "F"), Set.of("binary")));

  /** Deeply nested and wrong-typed content of the formats that nest or have types, by extension. */
  static final Map<String, Map<String, String>> FORMAT_INPUTS = Map.of(
      "json", Map.of(
          "deep", "[".repeat(10_000) + "]".repeat(10_000),
          "wrong type", "{\"format\": \"milpnet-network\", \"version\": 1, \"inputFeatures\": [\"x\"], \"inputScaling\":"
              + " {\"min\": [0], \"max\": [1]}, \"outputKind\": \"BINARY_SCORE\", \"classLabels\": [0, 1], \"layers\":"
              + " [{\"type\": \"dense\", \"activation\": \"linear\", \"weights\": [[\"abc\"]], \"bias\": [0]}]}"),
      "vnnlib", Map.of(
          "deep", "(declare-const X_0 Real)\n(declare-const Y_0 Real)\n(assert " + "(and ".repeat(10_000)
              + "(<= Y_0 1)" + ")".repeat(10_001) + "\n",
          "wrong type", "(declare-const X_0 Real)\n(declare-const Y_0 Real)\n(assert (<= Y_0 \"abc\"))\n"),
      "yaml", Map.of(
          "deep", "a: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n",
          "wrong type", "time-limit: [1, 2]\nruns: {name: x}\n"),
      "csv", Map.of("wrong type", "x1,x2,label\n0,true,0\n1,[1],1\n"),
      "mps", Map.of("wrong type", "NAME m\nROWS\n N obj\n L c\nCOLUMNS\n x obj 1 c 1\nRHS\n RHS c abc\nENDATA\n"),
      "nnet", Map.of("wrong type", "1,1,1,1,\nabc,1,\n"));

  /** The hostile files that every format shares, by name: a path (the link target) or null for generated ones. */
  static final Map<String, String> DEVICES = Map.of(
      "endless zeros", "/dev/zero",
      "endless random bytes", "/dev/urandom",
      "unreadable", "/proc/self/mem");

  private static Path good;
  private static Path goodNnet;
  private static Path goodProperty;
  private static Path longLine;
  private static Path binary;
  private static Path huge;

  @BeforeAll
  static void inputs() throws IOException {
    good = Files.writeString(dir.resolve("good.csv"), "x1,x2,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n");
    goodNnet = Files.copy(VerifyCommandTest.CASES.resolve("abs.nnet"), dir.resolve("good.nnet"));
    goodProperty = Files.copy(VerifyCommandTest.CASES.resolve("abs-holds.vnnlib"), dir.resolve("good.vnnlib"));
    Path hostile = Files.createDirectories(dir.resolve("hostile"));
    // One line one character longer than the line limit (4 Mi characters): 4 MB written once, linked per slot.
    longLine = hostile.resolve("long-line");
    try (var out = Files.newBufferedWriter(longLine, StandardCharsets.UTF_8)) {
      char[] chunk = new char[1 << 16];
      java.util.Arrays.fill(chunk, 'x');
      for (int i = 0; i < 64; i++) {
        out.write(chunk);
      }
      out.write('x');
    }
    binary = Files.write(hostile.resolve("binary"), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
        0, 0, 0, 13, 'I', 'H', 'D', 'R'});
    huge = hostile.resolve("huge");
    try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength((1L << 30) + 1); // sparse: nothing is written
    }
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Slot slot : SLOTS) {
      List<String> inputs = new ArrayList<>(List.of("huge", "one endless line", "binary", "a directory",
          "an empty file"));
      inputs.addAll(new TreeSet<>(DEVICES.keySet()));
      inputs.addAll(new TreeSet<>(FORMAT_INPUTS.getOrDefault(slot.extension(), Map.of()).keySet()));
      for (String input : inputs) {
        if (slot.only() == null || slot.only().contains(input)) {
          cases.add(Arguments.of(slot, input));
        }
      }
    }
    return cases.stream();
  }

  /** The hostile file for a slot: a link or file named with the slot's extension, in a directory of its own. */
  private static Path file(Slot slot, String input) throws IOException {
    Path d = Files.createTempDirectory(dir.resolve("hostile"), "case-");
    Path f = d.resolve("input." + slot.extension());
    switch (input) {
      case "huge" -> Files.createSymbolicLink(f, huge);
      case "one endless line" -> Files.createSymbolicLink(f, longLine);
      case "binary" -> Files.createSymbolicLink(f, binary);
      case "a directory" -> Files.createDirectory(f);
      case "an empty file" -> Files.createFile(f);
      default -> {
        String device = DEVICES.get(input);
        if (device != null) {
          Files.createSymbolicLink(f, Path.of(device));
        } else {
          Files.writeString(f, FORMAT_INPUTS.get(slot.extension()).get(input));
        }
      }
    }
    return f;
  }

  private static Set<String> tree() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.map(p -> dir.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void oneLineExitTwoNothingWritten(Slot slot, String input) throws IOException {
    Path f = file(slot, input);
    Path out = dir.resolve("out");
    List<String> args = slot.args().stream().map(a -> switch (a) {
      case "F" -> f.toString();
      case "OUT" -> out.toString();
      case "OUT.onnx" -> dir.resolve("out.onnx").toString();
      case "GOOD.csv" -> good.toString();
      case "GOOD.nnet" -> goodNnet.toString();
      case "GOOD.vnnlib" -> goodProperty.toString();
      default -> a;
    }).toList();
    Set<String> before = tree();
    long start = System.nanoTime();
    CliRun run = CliRun.of(args.toArray(String[]::new));
    double seconds = (System.nanoTime() - start) / 1e9;
    List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), "exactly one line on stderr: " + run.err());
    assertTrue(lines.get(0).startsWith("milpnet: error: "), lines.get(0));
    assertTrue(lines.get(0).contains(f.toString()), "the message names the input: " + lines.get(0));
    assertEquals(2, run.exitCode(), lines.get(0));
    assertEquals(before, tree(), "nothing written");
    assertTrue(seconds < 60, "ends at the read limit, not after reading without end: " + seconds + " s");
  }
}
