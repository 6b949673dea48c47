package io.milpnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A sweep: for each swept key of {@code milpnet train} (a regularisation weight, the architecture, the seed, the data
 * set, any option) a list of values; the runs are their cartesian product, in the order the keys were given, the last
 * key varying fastest. Each run is named from its values ({@code l0-0.01__seed-1}), with only characters that are safe
 * in a directory name on every system, and made unique when two values sanitise to the same text.
 *
 * <p>The grid comes from {@code --sweep KEY=v1,v2,...} flags (values separated by {@code ;} instead when one of them
 * holds a comma, as architectures do: {@code arch=dense:4,dense:2;dense:3}) or from the {@code grid:} map of a suite.
 */
record SweepExpansion(LinkedHashMap<String, List<JsonNode>> axes) {

  /** Options that name outputs of a run, not settings of it: sweeping them makes no sense. */
  static final Set<String> NOT_SWEEPABLE = Set.of("out", "config", "sweep", "report", "help", "version",
      "write-split", "export-model");

  /** One run of the sweep: its directory name and the value of each swept key. */
  record Point(String name, LinkedHashMap<String, JsonNode> values) {
    /** A swept value as text (a table cell, a command-line argument). */
    String text(String key) {
      return plain(values.get(key));
    }

    /** The point as flags of {@code milpnet train}: {@code --l0 0.01 --seed 1}. */
    List<String> flags() {
      List<String> args = new ArrayList<>();
      for (String k : values.keySet()) {
        args.add("--" + k);
        args.add(text(k));
      }
      return args;
    }
  }

  /**
   * The grid of {@code --sweep} flags, each checked against {@code known} (the keys of {@code milpnet train}).
   *
   * @throws UserInputException naming the flag at fault
   */
  static SweepExpansion ofFlags(List<String> flags, Predicate<String> known) {
    LinkedHashMap<String, List<JsonNode>> axes = new LinkedHashMap<>();
    for (String flag : flags) {
      int eq = flag.indexOf('=');
      String key = eq < 0 ? flag.strip() : flag.substring(0, eq).strip();
      String what = "--sweep " + flag;
      if (eq < 0 || key.isEmpty()) {
        throw new UserInputException(what + ": give KEY=v1,v2,... (e.g. --sweep l0=0,0.01,0.1)");
      }
      checkKey(key, known, what);
      String list = flag.substring(eq + 1);
      List<JsonNode> values = new ArrayList<>();
      for (String v : list.split(list.contains(";") ? ";" : ",", -1)) {
        if (!v.isBlank()) {
          values.add(JsonNodeFactory.instance.textNode(v.strip()));
        }
      }
      put(axes, key, values, what);
    }
    return checked(axes, "--sweep");
  }

  /**
   * The {@code grid:} map of a suite file: each key a list of values (or one value).
   *
   * @throws UserInputException naming the file and the key at fault
   */
  static SweepExpansion ofGrid(JsonNode grid, Path file, Predicate<String> known) {
    if (grid == null || !grid.isObject()) {
      throw new UserInputException(file + ": 'grid' must be a map of train keys to lists of values, e.g."
          + " grid: {l0: [0, 0.01], seed: [0, 1]}");
    }
    LinkedHashMap<String, List<JsonNode>> axes = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = grid.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String what = file + ": grid key '" + e.getKey() + "'";
      checkKey(e.getKey(), known, what);
      List<JsonNode> values = new ArrayList<>();
      if (e.getValue().isArray()) {
        e.getValue().forEach(values::add);
      } else if (!e.getValue().isNull()) {
        values.add(e.getValue());
      }
      for (JsonNode v : values) {
        if (!v.isValueNode() || v.isNull()) {
          throw new UserInputException(what + " must list single values (numbers or text), got " + v);
        }
      }
      put(axes, e.getKey(), values, what);
    }
    return checked(axes, file + ": grid");
  }

  private static void checkKey(String key, Predicate<String> known, String what) {
    if (NOT_SWEEPABLE.contains(key) || !known.test(key)) {
      throw new UserInputException(what + ": unknown sweep key '" + key + "': sweep a key of milpnet train, e.g. l0,"
          + " l1, neuron-penalty, feature-penalty, arch, seed or data");
    }
  }

  private static void put(LinkedHashMap<String, List<JsonNode>> axes, String key, List<JsonNode> values,
      String what) {
    if (values.isEmpty()) {
      throw new UserInputException(what + ": no values to sweep: give at least one, e.g. " + key + "=v1,v2");
    }
    if (axes.put(key, values) != null) {
      throw new UserInputException(what + ": key '" + key + "' is swept twice: give all its values at once");
    }
  }

  private static SweepExpansion checked(LinkedHashMap<String, List<JsonNode>> axes, String what) {
    if (axes.isEmpty()) {
      throw new UserInputException(what + " is empty: give at least one key with values, e.g. l0=0,0.01");
    }
    return new SweepExpansion(axes);
  }

  List<String> keys() {
    return List.copyOf(axes.keySet());
  }

  /** The cartesian product, the last key varying fastest, each point with a unique, safe name. */
  List<Point> points() {
    List<LinkedHashMap<String, JsonNode>> combos = new ArrayList<>();
    combos.add(new LinkedHashMap<>());
    for (Map.Entry<String, List<JsonNode>> axis : axes.entrySet()) {
      List<LinkedHashMap<String, JsonNode>> next = new ArrayList<>();
      for (LinkedHashMap<String, JsonNode> c : combos) {
        for (JsonNode v : axis.getValue()) {
          LinkedHashMap<String, JsonNode> m = new LinkedHashMap<>(c);
          m.put(axis.getKey(), v);
          next.add(m);
        }
      }
      combos = next;
    }
    List<Point> points = new ArrayList<>();
    Set<String> used = new LinkedHashSet<>();
    for (LinkedHashMap<String, JsonNode> c : combos) {
      List<String> parts = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : c.entrySet()) {
        parts.add(safe(e.getKey()) + "-" + safe(valueLabel(e.getKey(), e.getValue())));
      }
      String base = String.join("__", parts);
      String name = base;
      for (int n = 2; !used.add(name.toLowerCase(Locale.ROOT)); n++) {
        name = base + "-" + n;
      }
      points.add(new Point(name, c));
    }
    return points;
  }

  /** A data set is named by its file name without extensions; numbers in their shortest form. */
  private static String valueLabel(String key, JsonNode v) {
    String text = plain(v);
    if (key.equals("data") || key.equals("test")) {
      String file = Path.of(text).getFileName() == null ? text : Path.of(text).getFileName().toString();
      return file.replaceAll("(\\.csv)?(\\.gz)?$", "");
    }
    return text;
  }

  /** A value as written, numbers in their shortest exact decimal form (0.2, 0.001, 3), never 0.200000. */
  static String plain(JsonNode v) {
    if (v.isNumber()) {
      return v.isIntegralNumber() ? v.asText()
          : java.math.BigDecimal.valueOf(v.asDouble()).stripTrailingZeros().toPlainString();
    }
    return v.asText();
  }

  /** Letters, digits, '.', '_' and '-' only; ':' dropped ({@code dense:4} reads {@code dense4}), the rest '-'. */
  static String safe(String text) {
    String s = text.replace(":", "").replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("-{2,}", "-")
        .replaceAll("^[-.]+|-+$", "");
    return s.isEmpty() ? "x" : s;
  }
}
