package io.milpnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.milpnet.core.io.AtomicTextFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A train suite with a {@code grid:} section: one {@code train} map (the keys of an experiment file) and a grid of
 * values for some of its keys; every point of the grid is one run, written as its experiment file
 * ({@code NAME.yaml}) and its directory, then tabulated as a sweep ({@link SweepRunner}).
 */
final class SweepSuite {
  private SweepSuite() {}

  static int run(Path file, JsonNode root, CommandSpec bench, Path dir, Double timeLimit) {
    CommandSpec train = bench.root().subcommands().get("train").getCommandSpec();
    SweepExpansion sweep = SweepExpansion.ofGrid(root.get("grid"), file,
        key -> train.findOption("--" + key) != null);
    if (root.has("runs")) {
      throw new UserInputException(file + ": a suite with a grid has one 'train' map, not 'runs': the grid makes"
          + " the runs");
    }
    if (!root.path("train").isObject()) {
      throw new UserInputException(file + ": a suite with a grid needs a 'train' map (the keys of milpnet train)"
          + " that the grid's values complete");
    }
    ObjectNode base = (ObjectNode) root.get("train");
    for (String key : sweep.keys()) {
      if (base.has(key) || base.path("solver").has(key)) {
        throw new UserInputException(file + ": key '" + key + "' is both in 'train' and in 'grid': give its values in"
            + " the grid only");
      }
    }
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UserInputException("--out '" + dir + "' is a file: give a directory (it is created if missing)");
    }
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    String title = root.path("description").asText(file.getFileName().toString());
    return new SweepRunner(sweep, title, bench.commandLine().getOut(), bench.commandLine().getErr())
        .run(dir, (p, runDir) -> {
          ObjectNode experiment = base.deepCopy();
          p.values().forEach(experiment::set);
          Path yamlFile = dir.resolve(p.name() + ".yaml");
          AtomicTextFile.write(yamlFile, w -> w.write(yaml.writeValueAsString(experiment)));
          List<String> args = new ArrayList<>(List.of("train", "--config", yamlFile.toString(), "--out",
              runDir.toString()));
          if (timeLimit != null) {
            args.addAll(List.of("--time-limit", Double.toString(timeLimit)));
          }
          return args;
        });
  }
}
