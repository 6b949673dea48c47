package io.milpnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input gets one line on stderr that names the input and the fix, a nonzero exit code, and leaves nothing
 * in {@code --out}.
 */
class BadInputTest {
  @TempDir
  static Path dir;

  static Path good;

  @BeforeEach
  void files() throws IOException {
    good = write("good.csv", "x1,x2,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n");
    write("ragged.csv", "x1,x2,label\n0,0,0\n0,1\n1,0,1\n");
    write("word.csv", "x1,x2,label\n0,0,0\n0,abc,1\n1,0,1\n");
    write("nan.csv", "x1,x2,label\n0,0,0\n0,NaN,1\n1,0,1\n");
    write("inf.csv", "x1,x2,label\n0,0,0\nInfinity,1,1\n1,0,1\n");
    write("nolabel.csv", "x1,x2,y\n0,0,0\n0,1,1\n");
    write("oneclass.csv", "x1,x2,label\n0,0,1\n0,1,1\n1,0,1\n");
    write("fraction.csv", "x1,x2,label\n0,0,0\n0,1,1.5\n");
    write("empty.csv", "");
    write("header-only.csv", "x1,x2,label\n");
    write("other-columns.csv", "x1,x3,label\n0,0,0\n1,1,1\n");
    write("new-label.csv", "x1,x2,label\n0,0,0\n1,1,7\n");
    Files.writeString(dir.resolve("a-file"), "not a directory");
    Files.createDirectories(dir.resolve("empty-dir"));
    write("semicolon.csv", "x1;x2;label\n0;0;0\n0;1;1\n");
    Files.write(dir.resolve("zeros.csv"), new byte[4096]);
    Files.write(dir.resolve("latin1.csv"), "x1,x2,label\n0,caf\u00e9,1\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  private static Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        Arguments.of(List.of("--data", "missing.csv"), 2, "'DIR/missing.csv' does not exist"),
        Arguments.of(List.of("--data", "ragged.csv"), 2, "line 3 has 2 fields but the header has 3"),
        Arguments.of(List.of("--data", "word.csv"), 2, "line 3, column 'x2': 'abc' is not a number"),
        Arguments.of(List.of("--data", "nan.csv"), 2, "line 3, column 'x2': NaN is not allowed"),
        Arguments.of(List.of("--data", "inf.csv"), 2, "line 3, column 'x1'"),
        Arguments.of(List.of("--data", "nolabel.csv"), 2, "has no 'label' column"),
        Arguments.of(List.of("--data", "nolabel.csv", "--label", "z"), 2, "has no 'z' column"),
        Arguments.of(List.of("--data", "oneclass.csv"), 2, "has only one class (label 1)"),
        Arguments.of(List.of("--data", "fraction.csv"), 2, "is not a class index"),
        Arguments.of(List.of("--data", "empty.csv"), 2, "is empty"),
        Arguments.of(List.of("--data", "header-only.csv"), 2, "has no data rows"),
        Arguments.of(List.of("--data", "good.csv", "--test", "other-columns.csv"), 2, "lacks column 'x2'"),
        Arguments.of(List.of("--data", "good.csv", "--test", "new-label.csv"), 2, "has label 7"),
        Arguments.of(List.of("--data", "good.csv", "--backend", "gurobi"), 2,
            "unknown backend 'gurobi': choose one of "),
        Arguments.of(List.of("--data", "good.csv", "--arch", "dense:0"), 2, "needs at least 1 unit"),
        Arguments.of(List.of("--data", "good.csv", "--arch", "lstm:3"), 2, "unknown layer kind 'lstm'"),
        // Refused before anything is built, on any heap: 4 rows x 10^10 products.
        Arguments.of(List.of("--data", "good.csv", "--arch", "dense:100000,dense:100000"), 5,
            "the training MILP would have at least"),
        Arguments.of(List.of("--data", "good.csv", "--arch", "conv:100000@1x1,flatten,dense:100000", "--input-shape",
            "1x1x2"), 5, "or give Java more memory (MILPNET_JAVA_OPTS=-Xmx"),
        Arguments.of(List.of("--data", "good.csv", "--arch", "dense:x"), 2, "'x' in layer 'dense:x' is not a whole"),
        Arguments.of(List.of("--data", "good.csv", "--loss", "mse"), 2, "--loss 'mse' is not a loss"),
        Arguments.of(List.of("--data", "good.csv", "--relu", "sigmoid"), 2, "--relu 'sigmoid'"),
        Arguments.of(List.of("--data", "good.csv", "--relu", "psplit:0"), 2, "N in psplit:N must be a whole number"),
        Arguments.of(List.of("--data", "good.csv", "--maxpool", "soft"), 2, "--maxpool 'soft' is not an encoding"),
        Arguments.of(List.of("--data", "good.csv", "--lipschitz-cuts", "-1"), 2, "--lipschitz-cuts must be >= 0"),
        Arguments.of(List.of("--data", "good.csv", "--bounds", "symbolic"), 2, "--bounds symbolic is for fixed"),
        Arguments.of(List.of("--data", "good.csv", "--bounds", "exact"), 2, "--bounds 'exact' is not a bound method"),
        Arguments.of(List.of("--data", "good.csv", "--bounds", "lp", "--lp-backend", "nonesuch"), 2,
            "--lp-backend: unknown backend 'nonesuch'"),
        Arguments.of(List.of("--data", "good.csv", "--time-limit", "-5"), 2, "--time-limit must be a positive"),
        Arguments.of(List.of("--data", "good.csv", "--gradient-bounds", "-1"), 2,
            "--gradient-bounds must be a finite number >= 0"),
        Arguments.of(List.of("--data", "good.csv", "--gradient-bounds", "0.5", "--warm-start", "none"), 2,
            "--gradient-bounds needs the gradient network"),
        Arguments.of(List.of("--data", "good.csv", "--strategy", "hybrid", "--trust-region", "-0.1"), 2,
            "--trust-region must be a finite number >= 0"),
        Arguments.of(List.of("--data", "good.csv", "--trust-region", "0.1"), 2,
            "--trust-region is for --strategy hybrid"),
        Arguments.of(List.of("--data", "good.csv", "--time-limit", "abc"), 2, "'abc' is not a double"),
        Arguments.of(List.of("--data", "good.csv", "--gap", "2"), 2, "--gap must be in [0, 1)"),
        Arguments.of(List.of("--data", "good.csv", "--margin", "0"), 2, "--margin must be a positive number"),
        Arguments.of(List.of("--data", "good.csv", "--l0", "-1"), 2, "--l0 must be a finite number >= 0"),
        Arguments.of(List.of("--data", "good.csv", "--weight-bound", "0"), 2, "--weight-bound must be a positive"),
        Arguments.of(List.of("--data", "good.csv", "--max-features", "0"), 2, "--max-features must be at least 1"),
        Arguments.of(List.of("--data", "good.csv", "--max-neurons", "0"), 2, "--max-neurons must be at least 1"),
        Arguments.of(List.of("--data", "good.csv", "--feature-penalty", "-1"), 2,
            "--feature-penalty must be a finite number >= 0"),
        Arguments.of(List.of("--data", "good.csv", "--verify-epsilon", "0.1"), 2,
            "--verify-epsilon certifies the test set"),
        Arguments.of(List.of("--data", "good.csv", "--test-split", "1.5"), 2, "--test-split must be a fraction"),
        Arguments.of(List.of("--data", "good.csv", "--test-split", "0.01"), 2,
            "--test-split 0.01 of the 4 rows of DIR/good.csv leaves no test row"),
        Arguments.of(List.of("--data", "good.csv", "--test-split", "0.2"), 2, "--test-split 0.2 of the 4 rows"),
        Arguments.of(List.of("--data", "good.csv", "--test-split", "NaN"), 2,
            "--test-split must be a fraction strictly between 0 and 1, got NaN"),
        Arguments.of(List.of("--data", "good.csv", "--time-limit", "NaN"), 2,
            "--time-limit must be a positive number of seconds, got NaN"),
        Arguments.of(List.of("--data", "good.csv", "--gap", "NaN"), 2, "--gap must be in [0, 1), got NaN"),
        Arguments.of(List.of("--data", "good.csv", "--solver-memory", "0"), 2,
            "--solver-memory must be a positive number of megabytes or none, got '0'"),
        Arguments.of(List.of("--data", "good.csv", "--solver-memory", "NaN"), 2,
            "--solver-memory must be a positive number of megabytes or none, got 'NaN'"),
        Arguments.of(List.of("--data", "good.csv", "--solver-memory", "Infinity"), 2,
            "--solver-memory must be a positive number of megabytes or none, got 'Infinity'"),
        Arguments.of(List.of("--data", "good.csv", "--solver-memory", "lots"), 2,
            "--solver-memory must be a positive number of megabytes or none, got 'lots'"),
        Arguments.of(List.of("--data", "good.csv", "--solver-memory", "500", "--backend", "ortools-cbc"), 2,
            "--solver-memory: backend ortools-cbc has no memory limit"),
        Arguments.of(List.of("--data", "good.csv", "--solver-param", "limits/nodez=5"), 2,
            "--solver-param: SCIP has no parameter 'limits/nodez'"),
        Arguments.of(List.of("--data", "good.csv", "--solver-param", "limits/nodes=-7"), 2,
            "--solver-param: SCIP refuses the value '-7' of parameter 'limits/nodes': Invalid value <-7>"),
        Arguments.of(List.of("--data", "good.csv", "--solver-param", "limits/nodes=5", "--backend", "ortools-cbc"), 2,
            "--solver-param: backend ortools-cbc takes no solver parameters"),
        Arguments.of(List.of("--data", "semicolon.csv"), 2, "is separated by ';', not commas"),
        Arguments.of(List.of("--data", "zeros.csv"), 2, "is binary, not text (a NUL byte on line 1)"),
        Arguments.of(List.of("--data", "latin1.csv"), 2, "is not UTF-8 text (line 2 "),
        Arguments.of(List.of("--data", "empty-dir"), 2, "'DIR/empty-dir' is a directory, not a file"),
        Arguments.of(List.of("--data", "good.csv", "--test-split", "0.5", "--test", "good.csv"), 2,
            "either --test or --test-split"),
        Arguments.of(List.of("--data", "good.csv", "--out", "a-file"), 2, "is a file: give a directory"),
        Arguments.of(List.of("--data", "good.csv", "--out", ""), 2, "--out '' is empty: give a directory"),
        Arguments.of(List.of("--data", "good.csv", "--out", "a-file/run"), 2,
            "--out 'DIR/a-file/run': 'DIR/a-file' is a file, not a directory"),
        Arguments.of(List.of("--data", "good.csv", "--out", "/proc/milpnet-run"), 2,
            "--out '/proc/milpnet-run' cannot be written: cannot create files in '/proc' ("),
        Arguments.of(List.of("--data", "good.csv", "--export-model", "/proc/milpnet.mps"), 2,
            "--export-model '/proc/milpnet.mps' cannot be written: cannot create files in '/proc' ("),
        Arguments.of(List.of("--data", "good.csv", "--export-model", "DIR/a-file/m.lp"), 2,
            "--export-model 'DIR/a-file/m.lp': 'DIR/a-file' is a file, not a directory"),
        Arguments.of(List.of("--data", "good.csv", "--write-split", "/proc/milpnet-split"), 2,
            "--write-split '/proc/milpnet-split' cannot be written"),
        Arguments.of(List.of("--data", "good.csv", "--frobnicate"), 2, "Unknown option: '--frobnicate'"),
        Arguments.of(List.of("--data", "good.csv", "--arch", "conv:2@2x2"), 2, "give --input-shape CxHxW"),
        Arguments.of(List.of("--data", "good.csv", "--arch", "conv:1@1x1", "--input-shape", "1x2x2"), 2,
            "--input-shape 1x2x2 has 4 values but the data has 2 features"),
        Arguments.of(List.of("--data", "good.csv", "--arch", "conv:1@1x1", "--input-shape", "2x1"), 2,
            "--input-shape '2x1' is not CxHxW"),
        Arguments.of(List.of("--data", "good.csv", "--arch", "conv:1@1x1,dense:2", "--input-shape", "1x1x2"), 2,
            "put flatten before the first dense layer"),
        Arguments.of(List.of("--data", "good.csv", "--filter-penalty", "0.1"), 2,
            "--filter-penalty needs a convolution"),
        Arguments.of(List.of("--data", "good.csv", "--arch", "conv:1@1x1,flatten", "--input-shape", "1x1x2",
            "--max-features", "1"), 2, "need a dense first layer"),
        Arguments.of(List.of("--data", "good.csv", "--classes", "0,5"), 2, "--classes: 'DIR/good.csv' has no samples"
            + " of class 5; the classes there are 0, 1"),
        Arguments.of(List.of("--data", "good.csv", "--train-per-class", "2"), 2,
            "--train-per-class 2: class 0 of 'DIR/good.csv' has 2 samples"),
        Arguments.of(List.of("--data", "good.csv", "--train-per-class", "1", "--test-split", "0.5"), 2,
            "--train-per-class makes its own test set"),
        Arguments.of(List.of("--data", "good.csv", "--scaling", "zscore"), 2, "--scaling 'zscore' is not a scaling"),
        Arguments.of(List.of("--data", "good.csv", "--warm-start", "random"), 2, "--warm-start 'random' is not"),
        Arguments.of(List.of("--data", "good.csv", "--gradient-epochs", "0"), 2, "--gradient-epochs must be at least"),
        Arguments.of(List.of("--data", "good.csv", "--implication", "1:1"), 2,
            "--implication '1:1' is not LAYER:UNIT -> LAYER:UNIT"),
        Arguments.of(List.of("--data", "good.csv", "--implication", "1:1->2:1"), 2,
            "names unit 2:1, which this architecture does not have"),
        Arguments.of(List.of("--data", "good.csv", "--weight-domain", "integer:x"), 2, "K in integer:K must be a whole"),
        Arguments.of(List.of("--data", "good.csv", "--weight-domain", "continuous"), 2,
            "--weight-domain continuous: a layer fed by hidden units"),
        Arguments.of(List.of("--data", "good.csv", "--task", "ranking"), 2, "--task 'ranking' is not a task"),
        Arguments.of(List.of("--data", "good.csv", "--strategy", "greedy"), 2, "--strategy 'greedy' is not a strategy"),
        Arguments.of(List.of("--data", "good.csv", "--validation", "1.5"), 2, "--validation must be a fraction in [0, 1)"),
        Arguments.of(List.of("--data", "good.csv", "--validation", "-0.1"), 2, "--validation must be a fraction"),
        Arguments.of(List.of("--data", "good.csv", "--validation", "0.2", "--warm-start", "none"), 2,
            "it needs --warm-start gradient"),
        Arguments.of(List.of("--data", "good.csv", "--validation", "0.2", "--gradient-bounds", "0.1"), 2,
            "give --validation 0 with it"),
        Arguments.of(List.of("--data", "good.csv", "--validation-tolerance", "-1"), 2,
            "--validation-tolerance must be a finite number >= 0"),
        Arguments.of(List.of("--data", "good.csv", "--weight-decay", "-1"), 2,
            "--weight-decay must be a finite number >= 0"),
        Arguments.of(List.of("--data", "good.csv", "--weight-decay", "abc"), 2, "'abc' is not a double"),
        Arguments.of(List.of("--data", "good.csv", "--gradient-steps", "0"), 2, "--gradient-steps must be at least 1"),
        Arguments.of(List.of("--data", "good.csv", "--milp-nonzeros", "0"), 2, "--milp-nonzeros must be at least 1"),
        Arguments.of(List.of("--data", "good.csv", "--write-split", "a-file"), 2, "--write-split 'DIR/a-file' is a"
            + " file: give a directory"),
        Arguments.of(List.of("--data", "good.csv", "--strategy", "float", "--validation", "2"), 2,
            "--validation must be a fraction"),
        Arguments.of(List.of("--data", "good.csv", "--loss", "l1"), 2, "--loss l1 is a regression loss"),
        Arguments.of(List.of("--data", "good.csv", "--task", "regression", "--loss", "hinge"), 2,
            "--loss hinge is a classification loss"),
        Arguments.of(List.of("--data", "good.csv", "--task", "regression", "--classes", "0,1"), 2,
            "--classes is about classes"),
        Arguments.of(List.of("--data", "good.csv", "--first-layer-domain", "binary"), 2,
            "--first-layer-domain 'binary' is not a weight domain"),
        Arguments.of(List.of(), 2, "--data is required"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("badInputs")
  void badInputIsOneLineAndWritesNothing(List<String> args, int exitCode, String expected) {
    Path out = dir.resolve("out-" + Math.abs(args.hashCode()));
    List<String> argv = new ArrayList<>(List.of("train"));
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      boolean isFileArg = i > 0 && (args.get(i - 1).equals("--data") || args.get(i - 1).equals("--test")
          || args.get(i - 1).equals("--out") || args.get(i - 1).equals("--write-split"));
      argv.add(isFileArg && !a.isEmpty() ? dir.resolve(a).toString() : a.replace("DIR", dir.toString()));
    }
    if (!args.contains("--out")) {
      argv.add("--out");
      argv.add(out.toString());
    }
    CliRun run = CliRun.of(argv.toArray(String[]::new));
    assertEquals(exitCode, run.exitCode(), run.err());
    List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), "exactly one line on stderr: " + run.err());
    assertTrue(lines.get(0).startsWith("milpnet: error: "), lines.get(0));
    assertTrue(lines.get(0).contains(expected.replace("DIR", dir.toString())), lines.get(0));
    assertFalse(Files.exists(out), "nothing written to --out after a failed run");
    assertTrue(run.out().isEmpty() || !run.out().contains("wrote"), run.out());
  }

  @Test
  void unknownCommandIsOneLine() {
    CliRun run = CliRun.of("frobnicate");
    assertEquals(2, run.exitCode());
    assertEquals(1, run.err().lines().count(), run.err());
  }

  @Test
  void noCommandIsOneLine() {
    CliRun run = CliRun.of();
    assertEquals(2, run.exitCode());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.err().contains("choose a command: train, verify, export, solve, solvers, bench"), run.err());
  }
}
