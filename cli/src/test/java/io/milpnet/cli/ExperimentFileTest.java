package io.milpnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Experiment files: keys are options, flags override them, bad keys and types are named. */
class ExperimentFileTest {
  @TempDir
  Path dir;

  private Path xor() throws IOException {
    return Files.copy(Path.of("../data/xor.csv"), dir.resolve("xor.csv"));
  }

  private static JsonNode summary(Path out) throws IOException {
    return new ObjectMapper().readTree(Files.readString(out.resolve("summary.json")));
  }

  @Test
  void theFileSuppliesOptionsAndFlagsOverrideIt() throws IOException {
    Path data = xor();
    Path out = dir.resolve("run");
    Path exp = Files.writeString(dir.resolve("exp.yaml"), """
        # XOR with a pruning budget
        data: %s
        arch: dense:4
        neuron-penalty: 0.1
        margin: 0.5
        symmetry-breaking: false
        solver:
          backend: ortools-scip
          time-limit: 30
          memory: 2048
          params: {limits/nodes: 100000, separating/maxroundsroot: 20}
        """.formatted(data));
    CliRun run = CliRun.of("train", "--config", exp.toString(), "--margin", "0.25", "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonNode s = summary(out);
    assertEquals("dense:4", s.get("run").get("arch").asText());
    assertEquals(0.25, s.get("run").get("margin").asDouble(), "the flag wins over the file");
    assertEquals(0.1, s.get("run").get("neuronPenalty").asDouble());
    assertFalse(s.get("run").get("symmetryBreaking").asBoolean());
    assertEquals(30.0, s.get("run").get("timeLimit").asDouble());
    assertEquals(2048.0, s.get("run").get("solverMemoryMb").asDouble(), "solver.memory is --solver-memory");
    assertEquals("{\"limits/nodes\":\"100000\",\"separating/maxroundsroot\":\"20\"}",
        s.get("run").get("solverParameters").toString(), "solver.params is --solver-param, in the file's order");
    assertEquals("ortools-scip", s.get("backend").asText());
    assertEquals(2, s.get("activeNeurons").asInt());
  }

  static Stream<Arguments> badFiles() {
    return Stream.of(
        Arguments.of("archh: dense:2\n", "unknown key 'archh'"),
        Arguments.of("solver:\n  backnd: x\n", "unknown key 'solver.backnd'"),
        Arguments.of("time-limit: soon\n", "key 'time-limit' must be a number, got 'soon'"),
        Arguments.of("seed: 1.5\n", "key 'seed' must be a whole number"),
        Arguments.of("symmetry-breaking: maybe\n", "key 'symmetry-breaking' must be true or false"),
        Arguments.of("arch: [dense:2, dense:3]\n", "key 'arch' must be a single value"),
        Arguments.of("arch: dense:2\narch: dense:3\n", "line 3 is not valid YAML: Duplicate field 'arch'"),
        Arguments.of("arch: [unclosed\n", "is not valid YAML"),
        Arguments.of("solver:\n  backend: nope\n", "unknown backend 'nope'"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badFiles")
  void badFilesAreNamedErrors(String content, String expected) throws IOException {
    Path exp = Files.writeString(dir.resolve("bad.yaml"), "data: " + xor() + "\n" + content);
    Path out = dir.resolve("never");
    CliRun run = CliRun.of("train", "--config", exp.toString(), "--out", out.toString());
    assertEquals(2, run.exitCode(), run.out() + run.err());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.err().startsWith("milpnet: error: "), run.err());
    assertTrue(run.err().contains(expected), run.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void aListIsNotAnExperiment() throws IOException {
    Path exp = Files.writeString(dir.resolve("list.yaml"), "- just\n- a list\n");
    CliRun run = CliRun.of("train", "--config", exp.toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("must be a mapping of keys to values"), run.err());
  }

  @Test
  void missingFileIsNamed() {
    CliRun run = CliRun.of("train", "--config", dir.resolve("nope.yaml").toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("experiment file '" + dir.resolve("nope.yaml") + "' does not exist"), run.err());
  }
}
