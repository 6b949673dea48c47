package io.milpnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.milpnet.formulation.verify.FixedNetwork;
import io.milpnet.formulation.verify.NnetReader;
import io.milpnet.formulation.verify.VnnProperty;
import io.milpnet.formulation.verify.VnnlibReader;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ACAS Xu cases of {@code data/acasxu} on the default backend, with the official VNN-COMP answers. A violation
 * must come with a counterexample that the property holds at, re-evaluated here once more from the summary.
 */
class AcasXuTest {
  static final Path ACAS = Path.of("../data/acasxu");

  @TempDir
  Path dir;

  @ParameterizedTest(name = "network {0}, property {1}: {2}")
  @CsvSource({"1_1, 1, holds", "1_1, 2, holds", "1_1, 3, holds", "1_1, 4, holds", "1_2, 1, holds",
      "1_2, 2, violated", "1_2, 3, holds", "1_2, 4, holds"})
  void officialAnswer(String net, int prop, String expected) throws IOException {
    Path nnet = ACAS.resolve("nnet/ACASXU_run2a_" + net + "_batch_2000.nnet");
    Path vnnlib = ACAS.resolve("vnnlib/prop_" + prop + ".vnnlib");
    Path out = dir.resolve("run");
    CliRun run = CliRun.of("verify", "--network", nnet.toString(), "--property", vnnlib.toString(), "--time-limit",
        "600", "--out", out.toString());
    JsonNode s = TrainCommandTest.json(out.resolve("summary.json"));
    assertEquals(expected, s.get("result").asText(), s.get("reason").asText());
    assertEquals(0, run.exitCode(), run.err());
    if (expected.equals("violated")) {
      JsonNode in = s.get("counterexample").get("input");
      double[] x = new double[in.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = in.get(i).asDouble();
      }
      FixedNetwork f = new NnetReader().read(nnet).toFixedNetwork();
      VnnProperty p = new VnnlibReader().read(vnnlib);
      assertTrue(p.disjuncts().get(s.get("counterexample").get("disjunct").asInt()).holdsAt(x, f.evaluate(x)),
          "the counterexample from summary.json lies in the unsafe set");
    }
  }
}
