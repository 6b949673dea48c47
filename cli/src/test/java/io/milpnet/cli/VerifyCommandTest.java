package io.milpnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.Guice;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.core.solver.SolverRegistry;
import io.milpnet.formulation.data.CsvDatasetReader;
import io.milpnet.formulation.layer.pool.PoolLayer;
import io.milpnet.formulation.layer.pool.PoolSpec;
import io.milpnet.formulation.network.ForwardPass;
import io.milpnet.formulation.network.TrainedNetwork;
import io.milpnet.formulation.network.TrainedNetworkJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** End-to-end runs of {@code milpnet verify}: hand-made cases on every backend, robustness, bad input. */
class VerifyCommandTest {
  static final Path CASES = Path.of("../formulation/src/test/resources/verify");

  @TempDir
  Path dir;

  /** Every registered MILP backend that can run here (the conformance kit's rule for lpsolve applies in CI). */
  static Stream<String> milpBackends() {
    SolverRegistry registry = Guice.createInjector(new MilpnetModule()).getInstance(SolverRegistry.class);
    return registry.all().values().stream()
        .filter(b -> b.availability().available() && b.capabilities().integers())
        .map(SolverBackend::name);
  }

  private CliRun verify(String backend, String net, String prop, Path out) {
    return CliRun.of("verify", "--network", CASES.resolve(net + ".nnet").toString(), "--property",
        CASES.resolve(prop + ".vnnlib").toString(), "--backend", backend, "--bounds", "interval", "--time-limit",
        "60", "--out", out.toString());
  }

  /** Interval bounds leave these to the MILP solver, so each backend really decides them (answers: README). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("milpBackends")
  void handMadeCasesOnEveryBackend(String backend) throws IOException {
    for (String[] c : List.of(new String[] {"abs", "abs-holds", "holds"},
        new String[] {"abs", "abs-violated", "violated"}, new String[] {"diff", "diff-or-holds", "holds"},
        new String[] {"diff", "diff-or-violated", "violated"})) {
      Path out = dir.resolve(backend + "-" + c[1]);
      CliRun run = verify(backend, c[0], c[1], out);
      assertEquals(0, run.exitCode(), backend + " " + c[1] + ": " + run.err() + run.out());
      JsonNode s = TrainCommandTest.json(out.resolve("summary.json"));
      assertEquals(c[2], s.get("result").asText(), backend + " " + c[1] + ": " + s.get("reason"));
      assertEquals(backend, s.get("backend").asText());
      if (c[2].equals("violated")) {
        JsonNode x = s.get("counterexample").get("input");
        if (c[0].equals("abs")) {
          assertTrue(Math.abs(x.get(0).asDouble() - 0.5) >= 0.45, s.toString());
        } else {
          double d = x.get(0).asDouble() - x.get(1).asDouble();
          assertTrue(d >= 0.9 && d <= 0.95, s.toString());
          assertEquals(1, s.get("counterexample").get("disjunct").asInt());
        }
      } else {
        assertTrue(s.get("counterexample").isNull());
      }
    }
  }

  /** {@code --relu psplit:N} reaches the hand-made answers through the MILP (interval bounds) and is recorded. */
  @Test
  void partitionFormulationDecidesTheHandMadeCases() throws IOException {
    for (String relu : List.of("psplit:1", "psplit:2", "PSPLIT:9")) {
      for (String[] c : List.of(new String[] {"abs", "abs-holds", "holds"},
          new String[] {"abs", "abs-violated", "violated"}, new String[] {"diff", "diff-or-holds", "holds"},
          new String[] {"diff", "diff-or-violated", "violated"})) {
        Path out = dir.resolve(relu.replace(':', '-') + "-" + c[1]);
        CliRun run = CliRun.of("verify", "--network", CASES.resolve(c[0] + ".nnet").toString(), "--property",
            CASES.resolve(c[1] + ".vnnlib").toString(), "--bounds", "interval", "--relu", relu, "--time-limit", "60",
            "--out", out.toString());
        assertEquals(0, run.exitCode(), relu + " " + c[1] + ": " + run.err() + run.out());
        JsonNode s = TrainCommandTest.json(out.resolve("summary.json"));
        assertEquals(c[2], s.get("result").asText(), relu + " " + c[1] + ": " + s.get("reason"));
        assertEquals(relu, s.get("relu").asText());
      }
    }
  }

  @Test
  void propertyRunPrintsTheVerdictAndPerDisjunctDetail() throws IOException {
    Path out = dir.resolve("run");
    CliRun run = CliRun.of("verify", "--network", CASES.resolve("diff.nnet").toString(), "--property",
        CASES.resolve("diff-or-holds.vnnlib").toString(), "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("result: holds"), run.out());
    assertTrue(run.out().contains("disjunct 1: holds"), run.out());
    JsonNode s = TrainCommandTest.json(out.resolve("summary.json"));
    assertEquals(2, s.get("disjuncts").size());
    for (String f : List.of("result", "reason", "counterexample", "seconds", "backend", "bounds", "tolerance")) {
      assertTrue(s.has(f), f);
    }
    assertEquals("symbolic", s.get("bounds").asText());
  }

  /**
   * Acceptance: a network trained by {@code milpnet train} on Iris, verified for robustness at two epsilons; the
   * certified count decreases as epsilon grows, and {@code verify} on the written network agrees with
   * {@code train --verify-epsilon}.
   */
  @Test
  void irisRobustnessDecreasesWithEpsilon() throws IOException {
    Path train = TrainCommandTest.resource(dir, "iris-train-8-per-class.csv");
    Path test = TrainCommandTest.resource(dir, "iris-test-rest.csv");
    Path out = dir.resolve("iris");
    CliRun run = CliRun.of("train", "--data", train.toString(), "--test", test.toString(), "--arch", "dense:2",
        "--margin", "0.1", "--time-limit", "120", "--verify-epsilon", "0.02,0.2", "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonNode rob = TrainCommandTest.json(out.resolve("summary.json")).get("robustness");
    assertEquals(2, rob.size());
    JsonNode small = rob.get(0);
    JsonNode large = rob.get(1);
    assertEquals(120, small.get("samples").asInt());
    assertEquals(0, small.get("unknown").asInt(), small.toString());
    assertEquals(0, large.get("unknown").asInt(), large.toString());
    assertTrue(small.get("certified").asInt() > large.get("certified").asInt(),
        small.get("certified") + " certified at 0.02, " + large.get("certified") + " at 0.2");
    assertTrue(large.get("certified").asInt() > 0 || small.get("certified").asInt() > 0);
    // Misclassified samples are violated at any epsilon.
    assertEquals(small.get("misclassified").asInt(), large.get("misclassified").asInt());
    assertTrue(large.get("violated").asInt() >= large.get("misclassified").asInt());

    Path again = dir.resolve("again");
    CliRun verify = CliRun.of("verify", "--network", out.toString(), "--data", test.toString(), "--epsilon",
        "0.02,0.2", "--out", again.toString());
    assertEquals(0, verify.exitCode(), verify.err());
    JsonNode rob2 = TrainCommandTest.json(again.resolve("summary.json")).get("robustness");
    for (int i = 0; i < 2; i++) {
      assertEquals(rob.get(i).get("certified"), rob2.get(i).get("certified"));
      assertEquals(rob.get(i).get("violated"), rob2.get(i).get("violated"));
    }
    // Every counterexample is within epsilon of its sample (in scaled space) and changes the class.
    for (JsonNode sample : rob2.get(1).get("perSample")) {
      if (sample.get("result").asText().equals("violated") && !sample.get("counterexample").isNull()) {
        assertTrue(sample.get("predictedThere").asInt() != sample.get("label").asInt(), sample.toString());
      }
    }
  }

  /**
   * Acceptance: a conv + max-pooling network trained by {@code milpnet train} on 8x8 digits verifies for robustness
   * from its {@code network.json}, and the counts agree with a sampled attack: no sample reported certified is
   * attacked successfully by random and corner points of its epsilon box (the forward pass of the written network),
   * and every counterexample is in its box and changes the class there.
   */
  @Test
  void convMaxPoolNetworkVerifiesAndNoCertifiedSampleFallsToASampledAttack() throws IOException {
    Path digits = TrainCommandTest.resource(dir, "digits.csv");
    Path out = dir.resolve("conv-max");
    CliRun run = CliRun.of("train", "--data", digits.toString(), "--classes", "0,1", "--train-per-class", "5",
        "--input-shape", "1x8x8", "--arch", "conv:2@3x3,maxpool:2,flatten,dense:2", "--time-limit", "20", "--out",
        out.toString());
    assertEquals(0, run.exitCode(), run.err());
    // The first 10 images of each class.
    List<String> lines = Files.readAllLines(digits);
    int labelColumn = List.of(lines.get(0).split(",")).indexOf("label");
    StringBuilder csv = new StringBuilder(lines.get(0)).append('\n');
    int[] taken = new int[2];
    for (String line : lines.subList(1, lines.size())) {
      int label = (int) Double.parseDouble(line.split(",")[labelColumn]);
      if (label < 2 && taken[label] < 10) {
        taken[label]++;
        csv.append(line).append('\n');
      }
    }
    Path samples = Files.writeString(dir.resolve("digits-0-1.csv"), csv.toString());
    Path again = dir.resolve("verified");
    CliRun verify = CliRun.of("verify", "--network", out.resolve("network.json").toString(), "--data",
        samples.toString(), "--epsilon", "0.05,0.1", "--time-limit", "20", "--out", again.toString());
    assertTrue(verify.exitCode() == ExitCode.OK || verify.exitCode() == ExitCode.NO_SOLUTION,
        verify.out() + verify.err());
    JsonNode reports = TrainCommandTest.json(again.resolve("summary.json")).get("robustness");
    assertTrue(reports.get(0).get("certified").asInt() > 0, reports.get(0).toString());

    TrainedNetwork net = new TrainedNetworkJson().read(Files.readString(out.resolve("network.json")),
        "network.json");
    assertTrue(net.layers().get(1) instanceof PoolLayer p && p.kind() == PoolSpec.Kind.MAX, "max pooling verified");
    ForwardPass forward = new ForwardPass(net);
    double[][] x = net.scaler().transform(new CsvDatasetReader().read(samples, "label")).features();
    java.util.Random random = new java.util.Random(5);
    int attacked = 0;
    for (JsonNode rob : reports) {
      attacked += checkAgainstAttack(rob, forward, x, random);
    }
    // At the larger epsilon the attack succeeds on some samples: the check has teeth.
    assertTrue(attacked > 0, "no sample falls to the attack at any epsilon: " + reports);
  }

  /**
   * Attacks every sample of a robustness report with 2000 points of its epsilon box (half corners, half uniform):
   * none reported certified may fall; every counterexample lies in its box and changes the class. The attacked
   * samples, which must be counted violated or unknown.
   */
  private static int checkAgainstAttack(JsonNode rob, ForwardPass forward, double[][] x, java.util.Random random) {
    double epsilon = rob.get("epsilon").asDouble();
    assertEquals(x.length, rob.get("samples").asInt());
    assertEquals(x.length, rob.get("certified").asInt() + rob.get("violated").asInt() + rob.get("unknown").asInt());
    int attacked = 0;
    for (JsonNode sample : rob.get("perSample")) {
      int i = sample.get("index").asInt();
      int label = sample.get("label").asInt();
      double[] lo = new double[x[i].length];
      double[] hi = new double[x[i].length];
      for (int k = 0; k < lo.length; k++) {
        lo[k] = Math.max(0, x[i][k] - epsilon);
        hi[k] = Math.min(1, x[i][k] + epsilon);
      }
      boolean fell = forward.predict(x[i]) != label;
      for (int t = 0; t < 2000 && !fell; t++) {
        double[] p = new double[lo.length];
        for (int k = 0; k < p.length; k++) {
          p[k] = t % 2 == 0 ? (random.nextBoolean() ? lo[k] : hi[k]) : lo[k] + random.nextDouble() * (hi[k] - lo[k]);
        }
        fell = forward.predict(p) != label;
      }
      attacked += fell ? 1 : 0;
      String result = sample.get("result").asText();
      if (result.equals("holds")) {
        assertFalse(fell, "epsilon " + epsilon + ": certified sample " + i + " falls to a sampled attack");
      }
      if (result.equals("violated")) {
        JsonNode cex = sample.get("counterexample");
        double[] c = new double[cex.size()];
        for (int k = 0; k < c.length; k++) {
          c[k] = cex.get(k).asDouble();
          assertTrue(c[k] >= lo[k] - 1e-12 && c[k] <= hi[k] + 1e-12, "counterexample of sample " + i + " in its box");
        }
        assertTrue(forward.predict(c) != label, "the counterexample of sample " + i + " changes the class");
      }
    }
    assertTrue(attacked <= rob.get("violated").asInt() + rob.get("unknown").asInt(), attacked + " attacked: " + rob);
    return attacked;
  }

  @Test
  void badInputIsOneLineWithExitCode2AndNothingWritten() throws IOException {
    Path out = dir.resolve("never");
    String nnet = CASES.resolve("abs.nnet").toString();
    String prop = CASES.resolve("abs-holds.vnnlib").toString();
    assertBad(out, "does not exist", "verify", "--network", "no/such.nnet", "--property", prop);
    assertBad(out, "--property", "verify", "--network", nnet);
    assertBad(out, "not both", "verify", "--network", nnet, "--property", prop, "--data", "x.csv", "--epsilon",
        "0.1");
    assertBad(out, "--data", "verify", "--network", nnet, "--epsilon", "0.1");
    assertBad(out, "--bounds", "verify", "--network", nnet, "--property", prop, "--bounds", "magic");
    assertBad(out, "--relu 'psplit:0': N in psplit:N must be a whole number >= 1", "verify", "--network", nnet,
        "--property", prop, "--relu", "psplit:0");
    assertBad(out, "--relu 'psplit:two': N in psplit:N", "verify", "--network", nnet, "--property", prop, "--relu",
        "psplit:two");
    assertBad(out, "--relu 'psplit' is not an encoding: use bigm, indicator or psplit:N", "verify", "--network",
        nnet, "--property", prop, "--relu", "psplit");
    assertBad(out, "--epsilon", "verify", "--network", nnet, "--data", prop, "--epsilon", "-1");
    // A property of the wrong size for the network.
    assertBad(out, "declares 2 inputs", "verify", "--network", nnet, "--property",
        CASES.resolve("diff-or-holds.vnnlib").toString());
    // A malformed property names its line.
    Path broken = dir.resolve("broken.vnnlib");
    Files.writeString(broken, "(declare-const X_0 Real)\n(declare-const Y_0 Real)\n(assert (=> X_0 1))\n");
    assertBad(out, "line 3", "verify", "--network", nnet, "--property", broken.toString());
    // A malformed network names its line.
    Path badNet = dir.resolve("bad.nnet");
    Files.writeString(badNet, "1,1,1,1,\n1,1,\n0,\n0,\n1,\n0,0,\n1,1,\nx,\n0,\n");
    assertBad(out, "line 8", "verify", "--network", badNet.toString(), "--property", prop);
    assertBad(out, "--verify-epsilon", "train", "--data", "../data/xor.csv", "--verify-epsilon", "0.1");
  }

  private void assertBad(Path out, String expected, String... args) {
    String[] withOut = Stream.concat(Stream.of(args), Stream.of("--out", out.toString())).toArray(String[]::new);
    CliRun run = CliRun.of(withOut);
    assertEquals(2, run.exitCode(), String.join(" ", args) + "\n" + run.out() + run.err());
    assertTrue(run.err().contains(expected), run.err());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertFalse(Files.exists(out), "nothing written for " + String.join(" ", args));
  }
}
