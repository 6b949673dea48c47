package io.milpnet.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.milpnet.core.io.TextInput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * An experiment file ({@code --config EXP.yaml}): every option of a command under its flag's name without dashes
 * ({@code arch: dense:4}, {@code time-limit: 120}); solver settings may also sit under {@code solver:}
 * ({@code solver.backend}, {@code solver.time-limit}, {@code solver.gap}, {@code solver.memory}, {@code solver.params:
 * {NAME: VALUE}}). Boolean flags take true/false, and {@code symmetry-breaking: false} is the file's spelling of
 * {@code --no-symmetry-breaking}.
 *
 * <p>The file's values become the options' defaults, so flags on the command line override them. Unknown keys and
 * values of the wrong type are errors that name the file and the key.
 */
final class ExperimentFile implements CommandLine.IDefaultValueProvider {
  private static final Map<String, String> SOLVER_KEYS = Map.of(
      "backend", "backend", "time-limit", "time-limit", "gap", "gap", "seed", "seed", "verbose", "verbose",
      "threads", "threads", "memory", "solver-memory", "params", "solver-param");

  private final Map<String, String> values;

  private ExperimentFile(Map<String, String> values) {
    this.values = values;
  }

  /** Reads the file and checks every key and value against the command's options. */
  static ExperimentFile load(Path file, CommandSpec command) {
    String name = "'" + file + "'";
    String text;
    try {
      text = TextInput.readString(file, TextInput.Limits.DEFAULT);
    } catch (IOException e) {
      throw new UserInputException("experiment file " + name + " " + TextInput.describe(e) + " (--config)");
    }
    JsonNode root;
    try {
      // Duplicate keys would silently keep the last value: make them an error.
      root = new ObjectMapper(new YAMLFactory().enable(com.fasterxml.jackson.core.JsonParser.Feature
          .STRICT_DUPLICATE_DETECTION)).readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new UserInputException("experiment file " + name + (at != null ? " line " + at.getLineNr() : "")
          + " is not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw new UserInputException("experiment file " + name + " cannot be read: " + e.getMessage());
    }
    if (root == null || root.isNull() || root.isMissingNode()) {
      return new ExperimentFile(Map.of());
    }
    if (!root.isObject()) {
      throw new UserInputException("experiment file " + name + " must be a mapping of keys to values");
    }
    Map<String, String> flat = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("solver") && e.getValue().isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> s = e.getValue().fields(); s.hasNext(); ) {
          Map.Entry<String, JsonNode> se = s.next();
          String option = SOLVER_KEYS.get(se.getKey());
          if (option == null) {
            throw new UserInputException("experiment file " + name + ": unknown key 'solver." + se.getKey()
                + "' (solver keys: " + String.join(", ", new java.util.TreeSet<>(SOLVER_KEYS.keySet())) + ")");
          }
          put(flat, "solver." + se.getKey(), option, se.getValue(), name, command);
        }
      } else {
        put(flat, e.getKey(), e.getKey(), e.getValue(), name, command);
      }
    }
    return new ExperimentFile(flat);
  }

  private static void put(Map<String, String> flat, String key, String option, JsonNode value, String file,
      CommandSpec command) {
    String flag = "--" + option;
    String text;
    if (option.equals("symmetry-breaking")) {
      flag = "--no-symmetry-breaking";
      text = Boolean.toString(!requireBoolean(key, value, file));
    } else {
      OptionSpec spec = command.findOption(flag);
      if (spec == null || flag.equals("--config") || spec.usageHelp() || spec.versionHelp()) {
        throw new UserInputException("experiment file " + file + ": unknown key '" + key + "' (keys: "
            + String.join(", ", knownKeys(command)) + ")");
      }
      text = scalar(key, value, file, spec);
    }
    if (flat.put(flag, text) != null) {
      throw new UserInputException("experiment file " + file + ": key '" + key + "' is given twice");
    }
  }

  private static String scalar(String key, JsonNode value, String file, OptionSpec spec) {
    if (spec.isMultiValue() && (value.isObject() || value.isArray())) {
      // A list (verify-epsilon: [0.01, 0.1]) or a map (monotone: {mean_radius: increasing}), as the flag writes it.
      List<String> parts = new ArrayList<>();
      if (value.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          parts.add(e.getKey() + "=" + element(key, e.getValue(), file));
        }
      } else {
        for (JsonNode element : value) {
          parts.add(element(key, element, file));
        }
      }
      return String.join(",", parts);
    }
    if (!value.isValueNode() || value.isNull()) {
      throw new UserInputException("experiment file " + file + ": key '" + key + "' must be a single value");
    }
    Class<?> type = spec.type();
    if (type == boolean.class || type == Boolean.class) {
      return Boolean.toString(requireBoolean(key, value, file));
    }
    if (type == double.class || type == Double.class || type == int.class || type == Integer.class) {
      boolean integral = type == int.class || type == Integer.class;
      if (!value.isNumber() || (integral && !value.canConvertToExactIntegral())) {
        throw new UserInputException("experiment file " + file + ": key '" + key + "' must be "
            + (integral ? "a whole number" : "a number") + ", got '" + value.asText() + "'");
      }
      return integral ? Long.toString(value.asLong()) : Double.toString(value.asDouble());
    }
    return value.asText();
  }

  private static String element(String key, JsonNode value, String file) {
    if (!value.isValueNode() || value.isNull()) {
      throw new UserInputException("experiment file " + file + ": key '" + key + "' must hold single values");
    }
    return value.asText();
  }

  private static boolean requireBoolean(String key, JsonNode value, String file) {
    if (!value.isBoolean()) {
      throw new UserInputException("experiment file " + file + ": key '" + key + "' must be true or false, got '"
          + value.asText() + "'");
    }
    return value.asBoolean();
  }

  private static List<String> knownKeys(CommandSpec command) {
    List<String> keys = new ArrayList<>();
    for (OptionSpec o : command.options()) {
      String n = o.longestName();
      if (n.startsWith("--") && !o.usageHelp() && !o.versionHelp() && !n.equals("--config")) {
        keys.add(n.equals("--no-symmetry-breaking") ? "symmetry-breaking" : n.substring(2));
      }
    }
    keys.add("solver.{backend,time-limit,gap,seed,threads,memory,verbose}");
    return keys;
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (argSpec instanceof OptionSpec option) {
      return values.get(option.longestName());
    }
    return null;
  }

  /** The value the file gives an option, or null. */
  String get(String flag) {
    return values.get(flag);
  }

  /**
   * The {@code --config FILE} of a command line, looked up before picocli parses it (the file supplies the other
   * options' defaults, so it must be known first); null when absent.
   */
  static Path configArgument(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config")) {
        if (i + 1 >= args.length) {
          throw new UserInputException("--config needs a file: --config EXP.yaml");
        }
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return Path.of(args[i].substring("--config=".length()));
      }
    }
    return null;
  }
}
