package io.milpnet.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/cli.md against the options the commands declare: every option of a command is named in that command's section
 * (or, for the shared solver options, in the solver-options section), and every option a section's tables list is one
 * the command has. An option added without its documentation, or documentation left behind by a removed option,
 * fails here.
 */
class CliReferenceTest {
  private static final Path REFERENCE = Path.of("../docs/cli.md");
  private static final Set<String> STANDARD = Set.of("--help", "--version");
  private static final Pattern OPTION = Pattern.compile("(?<![A-Za-z0-9-])(--[a-z][a-z0-9-]*)");

  /**
   * Every command's help renders without picocli warnings: a description with a bare {@code %} is a format string
   * picocli cannot expand, and --help then prints "[picocli WARN]" lines and the raw text.
   */
  @Test
  void everyCommandsHelpRendersWithoutFormatWarnings() {
    CommandLine root = new CommandLine(MilpnetCommand.class,
        new GuiceFactory(Guice.createInjector(new MilpnetModule())));
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    List<String> problems = new ArrayList<>();
    try {
      System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
      for (var entry : root.getSubcommands().entrySet()) {
        String help = entry.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF);
        String warnings = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        if (warnings.contains("WARN") || help.contains("%n") || help.contains("%s")) {
          problems.add(entry.getKey() + ": " + warnings.strip());
        }
        captured.reset();
      }
    } finally {
      System.setErr(err);
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void everyOptionIsDocumentedAndEveryDocumentedOptionExists() throws IOException {
    String doc = Files.readString(REFERENCE);
    CommandLine root = new CommandLine(MilpnetCommand.class,
        new GuiceFactory(Guice.createInjector(new MilpnetModule())));
    String solverSection = section(doc, "## Solver options");
    Set<String> solverOptions = names(new CommandLine(new SolverFlags()).getCommandSpec());
    List<String> problems = new ArrayList<>();
    for (String documented : tableOptions(solverSection)) {
      if (!solverOptions.contains(documented)) {
        problems.add("solver options: " + documented + " is not an option of SolverFlags");
      }
    }
    for (var entry : root.getSubcommands().entrySet()) {
      String name = entry.getKey();
      CommandSpec spec = entry.getValue().getCommandSpec();
      String own = section(doc, "## `milpnet " + name + "`");
      if (own == null) {
        problems.add(name + ": no section '## `milpnet " + name + "`'");
        continue;
      }
      Set<String> declared = names(spec);
      Set<String> listed = tableOptions(own);
      for (String option : declared) {
        boolean shared = solverOptions.contains(option)
            && spec.mixins().values().stream().anyMatch(m -> m.userObject() instanceof SolverFlags);
        boolean documented = listed.contains(option) || mentions(own, option);
        if (!documented && !(shared && tableOptions(solverSection).contains(option))) {
          problems.add(name + ": " + option + " is not documented");
        }
      }
      for (String documented : listed) {
        if (!declared.contains(documented)) {
          problems.add(name + ": the reference lists " + documented + ", which the command does not have");
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  /** Long option names of a command, without the standard help options. */
  private static Set<String> names(CommandSpec spec) {
    Set<String> out = new TreeSet<>();
    for (OptionSpec o : spec.options()) {
      String longest = o.longestName();
      if (!STANDARD.contains(longest)) {
        out.add(longest);
      }
    }
    return out;
  }

  /** The text from a heading that starts with {@code heading} to the next heading of the same level, or null. */
  private static String section(String doc, String heading) {
    int start = doc.indexOf("\n" + heading);
    if (start < 0) {
      return null;
    }
    int end = doc.indexOf("\n## ", start + 1);
    return doc.substring(start, end < 0 ? doc.length() : end);
  }

  private static boolean mentions(String text, String option) {
    return Pattern.compile("`" + Pattern.quote(option) + "(?![a-z0-9-])").matcher(text).find();
  }

  /** The options named in the first cell of the section's table rows. */
  private static Set<String> tableOptions(String text) {
    Set<String> out = new TreeSet<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("| `--")) {
        String first = line.substring(1, line.indexOf(" | ", 1));
        Matcher m = OPTION.matcher(first);
        while (m.find()) {
          out.add(m.group(1));
        }
      }
    }
    return out;
  }
}
