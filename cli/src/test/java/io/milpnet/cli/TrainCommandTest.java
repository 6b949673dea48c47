package io.milpnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milpnet.formulation.data.CsvDatasetReader;
import io.milpnet.formulation.data.Dataset;
import io.milpnet.formulation.data.StratifiedSplit;
import io.milpnet.formulation.layer.conv.ConvLayer;
import io.milpnet.formulation.layer.dense.DenseLayer;
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

/** End-to-end runs of {@code milpnet train} with known answers. */
class TrainCommandTest {
  @TempDir
  Path dir;

  /** A file of the project's data/ or examples/ folder (tests run in the module directory). */
  static Path resource(Path dir, String name) throws IOException {
    for (String folder : List.of("../data/", "../examples/")) {
      Path p = Path.of(folder + name);
      if (Files.exists(p)) {
        return Files.copy(p, dir.resolve(name));
      }
    }
    throw new IOException(name + " not found in ../data or ../examples");
  }

  /** The accuracy of a written network on raw rows (its own scaling, its class labels). */
  static double rawAccuracy(TrainedNetwork net, Dataset rows) {
    ForwardPass f = new ForwardPass(net);
    int correct = 0;
    for (int i = 0; i < rows.numSamples(); i++) {
      correct += net.classLabels()[f.predictRaw(rows.features()[i])] == (int) rows.labels()[i] ? 1 : 0;
    }
    return (double) correct / rows.numSamples();
  }

  static JsonNode json(Path file) throws IOException {
    return new ObjectMapper().readTree(Files.readString(file));
  }

  @Test
  void xorIsLearnedExactly() throws IOException {
    Path xor = resource(dir, "xor.csv");
    Path out = dir.resolve("run");
    CliRun run = CliRun.of("train", "--data", xor.toString(), "--arch", "dense:2", "--time-limit", "60", "--out",
        out.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonNode s = json(out.resolve("summary.json"));
    assertEquals("OPTIMAL", s.get("status").asText());
    assertEquals(1.0, s.get("trainAccuracy").asDouble());
    assertEquals(0, s.get("decodeMismatches").asInt());
    assertEquals(0.0, s.get("objective").asDouble(), 1e-9, "XOR is separable with margin by 2 ReLUs");
    for (String field : List.of("status", "objective", "bestBound", "gap", "backend", "solveSeconds", "trainAccuracy",
        "testAccuracy", "nonzeroWeights", "totalWeights", "activeNeurons", "totalNeurons", "activeFilters",
        "activeLayers", "selectedFeatures", "decodeMismatches", "binaries", "constraints")) {
      assertTrue(s.has(field), "summary has " + field);
    }
    assertEquals(12, s.get("binaries").asInt(), "model size of XOR / dense:2 (pinned in TrainingProblemTest)");
    assertEquals(SolverFlags.TRAIN_MEMORY_MB, s.get("run").get("solverMemoryMb").asDouble(),
        "train caps each SCIP solve's memory by default");
    // The written network, reloaded, classifies XOR from raw inputs.
    TrainedNetwork net = new TrainedNetworkJson().read(Files.readString(out.resolve("network.json")), "network.json");
    ForwardPass f = new ForwardPass(net);
    assertEquals(0, net.classLabels()[f.predictRaw(new double[] {0, 0})]);
    assertEquals(1, net.classLabels()[f.predictRaw(new double[] {0, 1})]);
    assertEquals(1, net.classLabels()[f.predictRaw(new double[] {1, 0})]);
    assertEquals(0, net.classLabels()[f.predictRaw(new double[] {1, 1})]);
    assertTrue(run.out().contains("status OPTIMAL"), run.out());
  }

  @Test
  void digitsConvolutionWithGradientWarmStart() throws IOException {
    // Digits 0 and 1, 5 training images each (seeded draw), the other 350 of those classes (178 + 182 - 10) as test set; a conv net
    // started from its gradient-trained twin. The MILP may only improve on the start, and its network is audited.
    Path digits = resource(dir, "digits.csv");
    Path out = dir.resolve("digits");
    CliRun run = CliRun.of("train", "--data", digits.toString(), "--classes", "0,1", "--train-per-class", "5",
        "--input-shape", "1x8x8", "--arch", "conv:2@3x3,maxpool:2,flatten,dense:2", "--warm-start", "gradient",
        "--filter-penalty", "0.05", "--time-limit", "20", "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonNode s = json(out.resolve("summary.json"));
    assertEquals(10, s.get("run").get("trainSamples").asInt());
    assertEquals(178 + 182 - 10, s.get("run").get("testSamples").asInt());
    assertEquals("global", s.get("run").get("scaling").asText());
    assertEquals("1x8x8", s.get("run").get("inputShape").asText());
    assertEquals(0, s.get("decodeMismatches").asInt(), s.toString());
    assertEquals(2, s.get("totalFilters").asInt());
    assertTrue(s.get("warmStart").get("usedAsStart").asBoolean(), s.toString());
    assertTrue(s.get("objective").asDouble() <= s.get("warmStart").get("objective").asDouble() + 1e-9,
        "the solve never ends worse than its start");
    assertTrue(s.get("testAccuracy").asDouble() >= 0.9, s.toString());
    TrainedNetwork net = new TrainedNetworkJson().read(Files.readString(out.resolve("network.json")), "network.json");
    assertEquals(4, net.layers().size(), "conv, maxpool, dense, output");
    assertTrue(net.layers().get(0) instanceof ConvLayer);
    // The written network, on the raw test images (its own global scaling), reproduces the reported test accuracy.
    Dataset all = StratifiedSplit.keepClasses(new CsvDatasetReader().read(digits, "label"), List.of(0.0, 1.0));
    Dataset test = StratifiedSplit.perClass(all, 5, 0).test();
    assertEquals(s.get("testAccuracy").asDouble(), rawAccuracy(net, test), 1e-12);
  }

  @Test
  void convolutionAndAveragePoolingAreVerifiedThroughTheirDenseExpansion() throws IOException {
    Path digits = resource(dir, "digits.csv");
    Path out = dir.resolve("conv-avg");
    CliRun run = CliRun.of("train", "--data", digits.toString(), "--classes", "0,1", "--train-per-class", "5",
        "--input-shape", "1x8x8", "--arch", "conv:1@3x3,avgpool:2,flatten,dense:1", "--time-limit", "20",
        "--verify-epsilon", "0.01", "--verify-time-limit", "5", "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonNode s = json(out.resolve("summary.json"));
    JsonNode r = s.get("robustness").get(0);
    int test = s.get("run").get("testSamples").asInt();
    assertEquals(test, r.get("samples").asInt());
    assertEquals(test, r.get("certified").asInt() + r.get("violated").asInt() + r.get("unknown").asInt(),
        r.toString());
    assertTrue(r.get("certified").asInt() > test / 2, r.toString());
  }

  @Test
  void regressionFitsATentInTheTargetsUnits() throws IOException {
    // y = 10 + 4 (1 - |2x - 1|) on x in [0, 4] (scaled to [0, 1]): two ReLUs fit it exactly with weights in [-2, 2]
    // and biases in [-1, 1]; the written network predicts in the targets' own units.
    StringBuilder csv = new StringBuilder("x,y\n");
    for (int i = 0; i <= 8; i++) {
      double x = i / 8.0;
      csv.append(4 * x).append(',').append(10 + 4 * (1 - Math.abs(2 * x - 1))).append('\n');
    }
    Path file = Files.writeString(dir.resolve("tent.csv"), csv.toString());
    Path out = dir.resolve("tent");
    CliRun run = CliRun.of("train", "--data", file.toString(), "--label", "y", "--task", "regression", "--arch",
        "dense:2", "--weight-bound", "2", "--bias-bound", "1", "--time-limit", "30", "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonNode s = json(out.resolve("summary.json"));
    assertEquals("OPTIMAL", s.get("status").asText(), s.toString());
    assertEquals(0.0, s.get("objective").asDouble(), 1e-6);
    assertTrue(s.get("trainAccuracy").isNull());
    assertEquals(0.0, s.get("trainMaxAbsoluteError").asDouble(), 1e-5);
    assertEquals("regression", s.get("run").get("task").asText());
    assertEquals("l1", s.get("run").get("loss").asText());
    assertEquals(0, s.get("decodeMismatches").asInt());
    TrainedNetwork net = new TrainedNetworkJson().read(Files.readString(out.resolve("network.json")), "network.json");
    ForwardPass f = new ForwardPass(net);
    double mid = net.targetValue(f.outputs(net.scaler().transform(new double[] {2.0}))[0]);
    assertEquals(14.0, mid, 1e-5, "the peak, in the targets' units");
    assertTrue(run.out().contains("absolute error: train mean"), run.out());
  }

  @Test
  void hybridStrategyNeverEndsWorseThanItsStart() throws IOException {
    Path train = resource(dir, "iris-train-10-per-class.csv");
    Path out = dir.resolve("hybrid");
    CliRun run = CliRun.of("train", "--data", train.toString(), "--arch", "dense:3", "--l0", "0.05",
        "--strategy", "hybrid", "--trust-region", "0.2", "--time-limit", "8", "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonNode s = json(out.resolve("summary.json"));
    assertEquals("hybrid", s.get("strategy").asText());
    assertEquals(5, s.get("stages").size(), s.toString());
    assertEquals("prune", s.get("stages").get(1).get("name").asText());
    assertEquals(0.2, s.get("run").get("trustRegion").asDouble());
    JsonNode last = s.get("stages").get(4);
    assertEquals(s.get("nonzeroWeights").asInt(), last.get("nonzeroWeights").asInt(), "the last stage is the result");
    assertEquals(s.get("testAccuracy").asDouble(), last.get("testAccuracy").asDouble(), 1e-12);
    double previous = Double.POSITIVE_INFINITY;
    for (JsonNode stage : s.get("stages")) {
      assertTrue(stage.get("objective").asDouble() <= previous + 1e-9, "stages only improve: " + s.get("stages"));
      previous = stage.get("objective").asDouble();
    }
    assertEquals(previous, s.get("objective").asDouble(), 1e-9);
    assertTrue(s.get("objective").asDouble() <= s.get("warmStart").get("objective").asDouble() + 1e-9);
    assertEquals(0, s.get("decodeMismatches").asInt(), s.toString());
    assertEquals(s.get("objective").asDouble(), s.get("forwardObjective").asDouble(), 1e-6);
  }

  /**
   * Bounds from the gradient network's activation ranges restrict the problem: whatever the solver proves about the
   * restricted model, the run reports a network of the whole problem (audited), FEASIBLE and without a bound.
   */
  @Test
  void gradientBoundsAreNeverAGlobalClaim() throws IOException {
    Path train = resource(dir, "iris-train-10-per-class.csv");
    Path out = dir.resolve("gradient-bounds");
    CliRun run = CliRun.of("train", "--data", train.toString(), "--arch", "dense:3", "--gradient-bounds", "0.5",
        "--time-limit", "8", "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("restricted to the gradient network's activation ranges"), run.out());
    JsonNode s = json(out.resolve("summary.json"));
    assertEquals("FEASIBLE", s.get("status").asText(), "a restricted optimum is not a global one");
    assertTrue(s.get("bestBound").isNull() && s.get("gap").isNull(), s.toString());
    JsonNode g = s.get("tightening").get("gradientBounds");
    assertEquals(0.5, g.get("widening").asDouble());
    assertTrue(g.get("rows").asInt() > 0);
    assertTrue(!g.get("globalBound").asBoolean());
    assertTrue(s.get("message").asText().contains("no global bound"), s.get("message").asText());
    assertEquals(0, s.get("decodeMismatches").asInt());
    assertTrue(s.get("objective").asDouble() <= s.get("warmStart").get("objective").asDouble() + 1e-9);
  }

  @Test
  void irisTenPerClassGeneralises() throws IOException {
    // 10 training samples per class; the other 120 are the test set. The indicator encoding reaches objective 0
    // (every sample beyond the margin), a certificate the forward pass re-checks.
    Path train = resource(dir, "iris-train-10-per-class.csv");
    Path test = resource(dir, "iris-test-rest.csv");
    Path out = dir.resolve("iris");
    CliRun run = CliRun.of("train", "--data", train.toString(), "--test", test.toString(), "--arch", "dense:3",
        "--relu", "indicator", "--time-limit", "120", "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonNode s = json(out.resolve("summary.json"));
    assertEquals("OPTIMAL", s.get("status").asText(), s.toString());
    assertEquals(0.0, s.get("objective").asDouble(), 1e-6);
    assertEquals(0, s.get("decodeMismatches").asInt());
    assertTrue(s.get("testAccuracy").asDouble() >= 0.85, "test accuracy " + s.get("testAccuracy"));
    assertEquals(120, s.get("run").get("testSamples").asInt());
  }

  @Test
  void testSplitIsStratifiedAndSeeded() throws IOException {
    Path iris = resource(dir, "iris.csv");
    Path out = dir.resolve("split");
    CliRun run = CliRun.of("train", "--data", iris.toString(), "--test-split", "0.9", "--arch", "dense:1",
        "--time-limit", "30", "--out", out.toString(), "--seed", "3");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode s = json(out.resolve("summary.json"));
    assertEquals(15, s.get("run").get("trainSamples").asInt(), "round(50 * 0.9) = 45 of each class held out");
    assertEquals(135, s.get("run").get("testSamples").asInt());
  }

  @Test
  void neuronPenaltyPrunesUnneededUnits() throws IOException {
    // XOR needs exactly two ReLUs; offered four and charged per unit, the optimum keeps two.
    Path xor = resource(dir, "xor.csv");
    Path out = dir.resolve("pruned");
    CliRun run = CliRun.of("train", "--data", xor.toString(), "--arch", "dense:4", "--neuron-penalty", "0.1",
        "--time-limit", "60", "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonNode s = json(out.resolve("summary.json"));
    assertEquals("OPTIMAL", s.get("status").asText());
    assertEquals(2, s.get("activeNeurons").asInt());
    assertEquals(4, s.get("totalNeurons").asInt());
    assertEquals(1.0, s.get("trainAccuracy").asDouble());
    assertEquals(0.2, s.get("objective").asDouble(), 1e-6, "zero loss + 2 units x 0.1");
  }

  @Test
  void neuronBudgetKeepsAtMostKUnits() throws IOException {
    // XOR with margin needs two ReLUs: a budget of two keeps a perfect network, a budget of one cannot.
    Path xor = resource(dir, "xor.csv");
    CliRun two = CliRun.of("train", "--data", xor.toString(), "--arch", "dense:4", "--max-neurons", "2",
        "--time-limit", "60", "--out", dir.resolve("two").toString());
    assertEquals(0, two.exitCode(), two.err());
    JsonNode s2 = json(dir.resolve("two/summary.json"));
    assertEquals("OPTIMAL", s2.get("status").asText());
    assertEquals(0.0, s2.get("objective").asDouble(), 1e-9);
    assertTrue(s2.get("activeNeurons").asInt() <= 2, s2.toString());
    CliRun one = CliRun.of("train", "--data", xor.toString(), "--arch", "dense:4", "--max-neurons", "1",
        "--time-limit", "60", "--out", dir.resolve("one").toString());
    assertEquals(0, one.exitCode(), one.err());
    JsonNode s1 = json(dir.resolve("one/summary.json"));
    assertEquals("OPTIMAL", s1.get("status").asText());
    assertTrue(s1.get("activeNeurons").asInt() <= 1, s1.toString());
    assertTrue(s1.get("objective").asDouble() > 1e-6, "one ReLU cannot separate XOR with a margin");
    assertEquals(0, s1.get("decodeMismatches").asInt());
  }

  /**
   * Acceptance: XOR needs one hidden layer; offered two equal-width ones and charged per kept layer, the solver
   * switches one off, and the decoded network, with that layer as the identity, reproduces the MILP's predictions.
   */
  @Test
  void layerPruningTurnsAnUnneededLayerIntoTheIdentity() throws IOException {
    Path xor = resource(dir, "xor.csv");
    Path out = dir.resolve("layers");
    CliRun run = CliRun.of("train", "--data", xor.toString(), "--arch", "dense:2,dense:2", "--layer-penalty",
        "0.05", "--time-limit", "60", "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonNode s = json(out.resolve("summary.json"));
    assertEquals("OPTIMAL", s.get("status").asText());
    assertEquals(0.0, s.get("objective").asDouble(), 1e-9, "zero loss and no kept switchable layer");
    assertEquals(1, s.get("activeLayers").asInt());
    assertEquals(2, s.get("totalLayers").asInt());
    assertEquals(0, s.get("decodeMismatches").asInt(), s.get("decodeDetails").toString());
    assertEquals(1.0, s.get("trainAccuracy").asDouble());
    TrainedNetwork net = new TrainedNetworkJson().read(Files.readString(out.resolve("network.json")), "network.json");
    assertTrue(((DenseLayer) net.layers().get(1)).passesThrough(), "layer 2 decodes to the identity");
    assertEquals("identity (layer pruned)", net.layers().get(1).domain());
    // Without the penalty the same run keeps both layers switchable-free.
    CliRun bad = CliRun.of("train", "--data", xor.toString(), "--arch", "dense:2,dense:3", "--layer-penalty",
        "0.05", "--out", dir.resolve("never").toString());
    assertEquals(2, bad.exitCode());
    assertTrue(bad.err().contains("--layer-penalty needs"), bad.err());
  }

  /**
   * XOR is not monotone in x1 (the label rises with x1 at x2 = 0 and falls at x2 = 1): under the constraint the
   * optimum must pay a loss, and the trained score must be monotone along x1 everywhere. Given in an experiment file.
   */
  @Test
  void monotoneConstraintFromAnExperimentFile() throws IOException {
    Path xor = resource(dir, "xor.csv");
    Path config = dir.resolve("mono.yaml");
    Files.writeString(config, "data: " + xor + "\narch: dense:2\nmonotone:\n  x1: increasing\nsolver:\n"
        + "  time-limit: 60\n");
    Path out = dir.resolve("mono");
    CliRun run = CliRun.of("train", "--config", config.toString(), "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonNode s = json(out.resolve("summary.json"));
    assertEquals("OPTIMAL", s.get("status").asText());
    assertTrue(s.get("objective").asDouble() > 1e-6, "XOR cannot be fitted by a score monotone in x1");
    assertEquals("increasing", s.get("run").get("monotone").get("x1").asText());
    assertEquals(0, s.get("decodeMismatches").asInt());
    TrainedNetwork net = new TrainedNetworkJson().read(Files.readString(out.resolve("network.json")), "network.json");
    ForwardPass f = new ForwardPass(net);
    for (double x2 = -0.5; x2 <= 1.5; x2 += 0.25) {
      double previous = Double.NEGATIVE_INFINITY;
      for (double x1 = -0.5; x1 <= 1.5; x1 += 0.05) {
        double score = f.outputs(new double[] {x1, x2})[0];
        assertTrue(score >= previous - 1e-12, "score falls along x1 at x2 = " + x2);
        previous = score;
      }
    }
    // Without the constraint XOR is fitted exactly (xorIsLearnedExactly); bad constraints are named.
    CliRun unknown = CliRun.of("train", "--data", xor.toString(), "--monotone", "x9=increasing", "--out",
        dir.resolve("never").toString());
    assertEquals(2, unknown.exitCode());
    assertTrue(unknown.err().contains("feature 'x9'"), unknown.err());
    CliRun direction = CliRun.of("train", "--data", xor.toString(), "--monotone", "x1=up", "--out",
        dir.resolve("never").toString());
    assertEquals(2, direction.exitCode());
    assertTrue(direction.err().contains("'up' is not a direction"), direction.err());
    assertFalse(Files.exists(dir.resolve("never")));
  }

  /**
   * Anchors are obeyed even against the training data: XOR's own point (0,0) anchored to the other class, given in
   * an experiment file. The network predicts the anchor as asked and pays for it with training loss.
   */
  @Test
  void anchorsArePredictedAsAsked() throws IOException {
    Path xor = resource(dir, "xor.csv");
    Path anchorFile = dir.resolve("anchors.csv");
    Files.writeString(anchorFile, "x2,x1,label\n0,0,1\n");
    Path config = dir.resolve("anchored.yaml");
    Files.writeString(config, "data: " + xor + "\narch: dense:2\nanchors: " + anchorFile + "\n");
    Path out = dir.resolve("anchored");
    CliRun run = CliRun.of("train", "--config", config.toString(), "--time-limit", "60", "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonNode s = json(out.resolve("summary.json"));
    assertEquals("OPTIMAL", s.get("status").asText());
    assertEquals(0, s.get("decodeMismatches").asInt(), s.get("decodeDetails").toString());
    assertEquals(1, s.get("run").get("anchorCount").asInt());
    assertTrue(s.get("objective").asDouble() > 1e-6, "the anchor contradicts a training sample");
    TrainedNetwork net = new TrainedNetworkJson().read(Files.readString(out.resolve("network.json")), "network.json");
    assertEquals(1, new ForwardPass(net).predictRaw(new double[] {0, 0}));
    Files.writeString(anchorFile, "x1,x2,label\n0,0,7\n");
    CliRun bad = CliRun.of("train", "--data", xor.toString(), "--anchors", anchorFile.toString(), "--out",
        dir.resolve("never").toString());
    assertEquals(2, bad.exitCode());
    assertTrue(bad.err().contains("7"), bad.err());
  }

  @Test
  void featureBudgetSelectsAtMostKFeatures() throws IOException {
    Path train = resource(dir, "iris-train-8-per-class.csv");
    Path test = resource(dir, "iris-test-rest.csv");
    Path out = dir.resolve("features");
    CliRun run = CliRun.of("train", "--data", train.toString(), "--test", test.toString(), "--arch", "dense:2",
        "--margin", "0.1", "--max-features", "1", "--time-limit", "15", "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonNode s = json(out.resolve("summary.json"));
    assertTrue(s.get("selectedFeatures").asInt() <= 1, s.toString());
    assertEquals(0, s.get("decodeMismatches").asInt());
    JsonNode net = json(out.resolve("network.json"));
    assertEquals(s.get("selectedFeatures").asInt(), net.get("selectedFeatures").size());
    for (JsonNode name : net.get("selectedFeatures")) {
      assertTrue(name.asText().startsWith("petal"), "one Iris feature that separates the classes: " + name);
    }
    assertEquals(1, s.get("run").get("maxFeatures").asInt());
  }

  /**
   * From 100 training rows on, training is validated by default: Iris with a 30% test split has 105 training rows,
   * 21 held out. The gradient stages choose the sparsity, the MILP stages keep a change only where validation does not
   * fall, the kept network is re-fitted on all 105 rows; the bound of the MILP (on the 84 fitted rows) is a valid
   * bound of the reported objective on all rows, and the written network reproduces the test accuracy.
   */
  @Test
  void validatedTrainingIsTheDefaultFromAHundredRows() throws IOException {
    Path iris = resource(dir, "iris.csv");
    Path out = dir.resolve("validated");
    CliRun run = CliRun.of("train", "--data", iris.toString(), "--test-split", "0.3", "--arch", "dense:3",
        "--time-limit", "10", "--out", out.toString(), "--write-split", dir.resolve("split").toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonNode s = json(out.resolve("summary.json"));
    assertEquals(0.2, s.get("validation").get("fraction").asDouble());
    assertTrue(s.get("validation").get("refit").asBoolean());
    assertEquals("hybrid", s.get("strategy").asText(), "auto with validation");
    assertEquals("auto", s.get("run").get("strategyRequested").asText());
    List<String> names = new java.util.ArrayList<>();
    s.get("stages").forEach(st -> names.add(st.get("name").asText()));
    assertEquals(List.of("float", "sparse", "grid", "prune", "polish", "local search", "exact", "refit"), names);
    double start = Double.NaN;
    for (JsonNode st : s.get("stages")) {
      if (st.get("name").asText().equals("grid")) {
        start = st.get("validationAccuracy").asDouble();
      } else if (!Double.isNaN(start) && st.hasNonNull("validationAccuracy")) {
        assertTrue(st.get("validationAccuracy").asDouble() >= start, "no MILP stage lowers validation: " + st);
      }
    }
    assertTrue(s.get("objective").asDouble() >= s.get("bestBound").asDouble() - 1e-9, s.toString());
    assertEquals(0, s.get("decodeMismatches").asInt(), s.toString());
    assertTrue(s.get("testAccuracy").asDouble() >= 0.85, s.toString());
    assertTrue(s.get("nonzeroWeights").asInt() < s.get("totalWeights").asInt(), "the sparsity path prunes");
    assertTrue(s.get("floatNetwork").get("testAccuracy").isNumber());
    assertTrue(s.get("chosenDefaults").toString().contains("--l0"), s.get("chosenDefaults").toString());
    assertTrue(s.get("message").asText().contains("validation rows held out"), s.get("message").asText());
    assertTrue(run.out().contains("validation: 0.2"), run.out());
    // The written network, on the raw test rows of the written split, reproduces the reported test accuracy.
    TrainedNetwork net = new TrainedNetworkJson().read(Files.readString(out.resolve("network.json")), "network.json");
    assertTrue(net.scaler().clip(), "other data are clipped to the training box");
    Dataset test = new CsvDatasetReader().read(dir.resolve("split/test.csv"), "label");
    assertEquals(45, test.numSamples());
    assertEquals(105, new CsvDatasetReader().read(dir.resolve("split/train.csv"), "label").numSamples());
    assertEquals(s.get("testAccuracy").asDouble(), rawAccuracy(net, test), 1e-12);
  }

  /**
   * The float network knows nothing of a feature budget: by default a budget turns validation off (the exact MILP
   * keeps it); asked for, validation starts from the in-domain gradient network, which meets it, and the run keeps the
   * budget (Iris, 105 training rows, at most 2 features).
   */
  @Test
  void aFeatureBudgetIsKeptWithAndWithoutValidation() throws IOException {
    Path iris = resource(dir, "iris.csv");
    for (String validation : List.of("default", "0.2")) {
      Path out = dir.resolve("budget-" + validation);
      List<String> args = new java.util.ArrayList<>(List.of("train", "--data", iris.toString(), "--test-split", "0.3",
          "--arch", "dense:3", "--max-features", "2", "--time-limit", "5", "--out", out.toString()));
      if (!validation.equals("default")) {
        args.addAll(List.of("--validation", validation));
      }
      CliRun run = CliRun.of(args.toArray(String[]::new));
      assertEquals(0, run.exitCode(), run.err());
      JsonNode s = json(out.resolve("summary.json"));
      assertTrue(s.get("selectedFeatures").asInt() <= 2, s.toString());
      assertEquals(validation.equals("default") ? 0.0 : 0.2, s.get("validation").get("fraction").asDouble());
      assertEquals(0, s.get("decodeMismatches").asInt());
    }
  }

  /**
   * Past --milp-nonzeros the MILP stages encode a stratified sample of the fitted rows: the model stays within the
   * limit, the run says so, and the bound (of a subset of the rows) is still at most the objective on all rows. With
   * --no-refit the validated network itself is reported.
   */
  @Test
  void theMilpOfTheValidatedStagesStaysUnderItsSizeLimit() throws IOException {
    Path iris = resource(dir, "iris.csv");
    Path out = dir.resolve("sampled");
    CliRun run = CliRun.of("train", "--data", iris.toString(), "--test-split", "0.3", "--arch", "dense:3",
        "--milp-nonzeros", "5000", "--no-refit", "--time-limit", "5", "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonNode s = json(out.resolve("summary.json"));
    assertTrue(s.get("model").get("nonzeros").asInt() <= 5000, s.get("model").toString());
    assertTrue(s.get("chosenDefaults").toString().contains("MILP rows: a stratified sample of"), s.toString());
    assertTrue(s.get("message").asText().contains("a sample of the fitted rows"), s.get("message").asText());
    assertTrue(Double.isNaN(s.path("bestBound").asDouble(Double.NaN))
        || s.get("bestBound").asDouble() <= s.get("objective").asDouble() + 1e-9, s.toString());
    assertFalse(s.get("validation").get("refit").asBoolean());
    s.get("stages").forEach(st -> assertFalse(st.get("name").asText().equals("refit"), st.toString()));
    assertEquals(0, s.get("decodeMismatches").asInt());
  }

  /** --strategy float is the plain float network, no MILP: its written network reproduces its reported accuracy. */
  @Test
  void floatStrategyIsThePlainGradientBaseline() throws IOException {
    Path iris = resource(dir, "iris.csv");
    Path out = dir.resolve("float");
    CliRun run = CliRun.of("train", "--data", iris.toString(), "--test-split", "0.3", "--arch", "dense:3",
        "--strategy", "float", "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonNode s = json(out.resolve("summary.json"));
    assertEquals("FLOAT", s.get("status").asText());
    assertTrue(s.get("objective").isNull() && s.get("bestBound").isNull());
    assertEquals(21, s.get("totalWeights").asInt());
    assertTrue(s.get("testAccuracy").asDouble() >= 0.85, s.toString());
    TrainedNetwork net = new TrainedNetworkJson().read(Files.readString(out.resolve("network.json")), "network.json");
    assertEquals("float", ((DenseLayer) net.layers().get(0)).domain());
  }

  /**
   * Constant columns are dropped from flat data and named, and columns sharing one range are scaled globally: pixels
   * of the 8x8 digits (several always blank in training).
   */
  @Test
  void constantColumnsAreDroppedAndPixelsScaledGlobally() throws IOException {
    Path digits = resource(dir, "digits.csv");
    Path out = dir.resolve("pixels");
    CliRun run = CliRun.of("train", "--data", digits.toString(), "--classes", "0,1", "--train-per-class", "5",
        "--arch", "dense:2", "--time-limit", "10", "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonNode s = json(out.resolve("summary.json"));
    assertEquals("global", s.get("run").get("scaling").asText());
    JsonNode dropped = s.get("run").get("droppedFeatures");
    assertTrue(dropped.size() > 0 && dropped.toString().contains("pixel_0_0"), dropped.toString());
    assertEquals(64 - dropped.size(), s.get("run").get("features").asInt());
    assertTrue(run.out().contains("constant in training dropped"), run.out());
  }

  @Test
  void solversListsTheDefaultBackend() {
    CliRun run = CliRun.of("solvers");
    assertEquals(0, run.exitCode());
    assertTrue(run.out().lines().anyMatch(l -> l.startsWith("ortools-scip") && l.contains("yes")
        && l.contains("memory-limit")), run.out());
    assertTrue(run.out().lines().noneMatch(l -> l.startsWith("ortools-cbc") && l.contains("memory-limit")), run.out());
    assertTrue(run.out().lines().anyMatch(l -> l.startsWith("ortools-scip") && l.contains("solver-parameters")),
        run.out());
    assertTrue(run.out().lines().noneMatch(l -> l.startsWith("ortools-cbc") && l.contains("solver-parameters")),
        run.out());
  }

  @Test
  void versionIsPrinted() {
    CliRun run = CliRun.of("--version");
    assertEquals(0, run.exitCode());
    assertTrue(run.out().startsWith("milpnet "), run.out());
  }

  @Test
  void outIntoAnExistingDirectoryReplacesOnlyTheResultFiles() throws IOException {
    Path xor = resource(dir, "xor.csv");
    Path out = Files.createDirectories(dir.resolve("existing"));
    Files.writeString(out.resolve("notes.txt"), "mine");
    CliRun run = CliRun.of("train", "--data", xor.toString(), "--arch", "dense:2", "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("mine", Files.readString(out.resolve("notes.txt")));
    assertTrue(Files.exists(out.resolve("summary.json")) && Files.exists(out.resolve("network.json")));
    try (Stream<Path> files = Files.list(dir)) {
      assertFalse(files.anyMatch(p -> p.getFileName().toString().contains(".tmp-")), "no staging left behind");
    }
  }
}
