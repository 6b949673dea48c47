package io.milpnet.cli;

import io.milpnet.core.io.AtomicTextFile;
import io.milpnet.core.io.TextInput;
import io.milpnet.core.solver.InterruptSignal;
import io.milpnet.core.solver.SolveOptions;
import io.milpnet.core.solver.SolverBackend;
import io.milpnet.core.solver.SolverRegistry;
import io.milpnet.formulation.verify.DisjunctResult;
import io.milpnet.formulation.verify.VerificationResult;
import io.milpnet.formulation.verify.Verifier;
import io.milpnet.formulation.verify.VnnProperty;
import io.milpnet.formulation.verify.VnnlibFormatException;
import io.milpnet.formulation.verify.VnnlibReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench --vnncomp DIR/instances.csv}: the VNN-COMP benchmark layout, one instance per row
 * {@code onnx,vnnlib,timeout} (paths relative to the file's directory). Each instance is prepared (network and
 * property read, timed apart as the competition's prepare step) and verified within its timeout times
 * {@code --timeout-scale}; its result file holds the competition's word ({@code sat} with the counterexample,
 * {@code unsat}, {@code timeout}, {@code unknown}, {@code error}). The tables are rewritten after every instance, so
 * Ctrl-C (which stops the running instance as unknown) keeps every row done.
 */
final class VnncompRun {
  static final List<String> COLUMNS = List.of("instance", "onnx", "vnnlib", "timeout", "result", "prepareSeconds",
      "solveSeconds", "resultFile", "note");

  private final Path csv;
  private final double timeoutScale;
  private final SolverRegistry registry;
  private final PrintWriter stdout;

  VnncompRun(Path csv, double timeoutScale, SolverRegistry registry, PrintWriter stdout) {
    this.csv = csv;
    this.timeoutScale = timeoutScale;
    this.registry = registry;
    this.stdout = stdout;
  }

  /** One row of instances.csv, its paths resolved. */
  record Instance(int line, Path onnx, Path vnnlib, double timeout, String onnxText, String vnnlibText) {}

  /** Reads every row and checks its files exist, before any instance runs. */
  List<Instance> instances() {
    List<String> lines;
    try {
      lines = TextInput.readLines(csv, TextInput.Limits.DEFAULT);
    } catch (IOException e) {
      throw new UserInputException("--vnncomp '" + csv + "' " + TextInput.describe(e) + " (a VNN-COMP instances.csv"
          + " is expected)");
    }
    Path base = csv.toAbsolutePath().getParent();
    List<Instance> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String raw = lines.get(i).strip();
      if (raw.isEmpty() || raw.startsWith("#")) {
        continue;
      }
      String[] parts = raw.split(",", -1);
      String where = "--vnncomp '" + csv + "' line " + (i + 1);
      if (parts.length != 3) {
        throw new UserInputException(where + " has " + parts.length + " fields; a row is onnx,vnnlib,timeout");
      }
      double timeout;
      try {
        timeout = Double.parseDouble(parts[2].strip());
      } catch (NumberFormatException e) {
        throw new UserInputException(where + ": timeout '" + parts[2].strip() + "' is not a number of seconds");
      }
      if (!(timeout > 0) || Double.isInfinite(timeout)) {
        throw new UserInputException(where + ": timeout " + parts[2].strip() + " must be a positive number of"
            + " seconds");
      }
      Path onnx = base.resolve(parts[0].strip());
      Path vnnlib = base.resolve(parts[1].strip());
      for (Path p : List.of(onnx, vnnlib)) {
        if (!Files.isRegularFile(p)) {
          throw new UserInputException(where + ": '" + p + "' does not exist (paths are relative to the file's"
              + " directory)");
        }
      }
      out.add(new Instance(i + 1, onnx, vnnlib, timeout, parts[0].strip(), parts[1].strip()));
    }
    if (out.isEmpty()) {
      throw new UserInputException("--vnncomp '" + csv + "' has no instances: rows onnx,vnnlib,timeout");
    }
    return out;
  }

  int run(Path dir) throws IOException {
    List<Instance> instances = instances();
    SolverBackend backend = BackendChoice.resolve(null, registry);
    Files.createDirectories(dir.resolve("results"));
    stdout.printf(Locale.ROOT, "milpnet bench: %s, %d instance(s), %s, timeouts x %s, results in %s%n", csv,
        instances.size(), backend.name(), TrainCommand.fmt(timeoutScale), dir);
    stdout.flush();
    List<List<String>> rows = new ArrayList<>();
    InterruptSignal interrupt = new InterruptSignal();
    try (InterruptOnShutdown guard = new InterruptOnShutdown(interrupt)) {
      for (int k = 0; k < instances.size() && !interrupt.isInterrupted(); k++) {
        Instance in = instances.get(k);
        String name = String.format(Locale.ROOT, "%03d-%s-%s.txt", k + 1, stem(in.onnx()), stem(in.vnnlib()));
        Outcome o = runOne(in, backend, interrupt);
        AtomicTextFile.write(dir.resolve("results").resolve(name), w -> w.write(o.resultText()));
        rows.add(List.of(Integer.toString(k + 1), in.onnxText(), in.vnnlibText(), TrainCommand.fmt(in.timeout()),
            o.word(), String.format(Locale.ROOT, "%.2f", o.prepare()), String.format(Locale.ROOT, "%.2f", o.solve()),
            "results/" + name, o.note()));
        BenchCommand.writeTables(dir, COLUMNS, rows);
        stdout.printf(Locale.ROOT, "[%d/%d] %s %s: %s (prepare %.2f s, solve %.2f s)%s%n", k + 1, instances.size(),
            in.onnxText(), in.vnnlibText(), o.word(), o.prepare(), o.solve(), o.note().isEmpty() ? "" : ": "
                + o.note());
        stdout.flush();
      }
    }
    stdout.println("wrote " + dir.resolve("results.csv") + ", results.md and results/ (" + rows.size() + " of "
        + instances.size() + " instances)");
    stdout.flush();
    return ExitCode.OK;
  }

  /** An instance's competition word, its result file's text, the two times and a note (why error or unknown). */
  record Outcome(String word, String resultText, double prepare, double solve, String note) {}

  private Outcome runOne(Instance in, SolverBackend backend, InterruptSignal interrupt) {
    long t0 = System.nanoTime();
    LoadedNetwork net;
    VnnProperty prop;
    try {
      net = LoadedNetwork.load(in.onnx());
      prop = new VnnlibReader().read(in.vnnlib());
      if (prop.inputs() != net.fixed.inputs() || prop.outputs() != net.fixed.outputs()) {
        throw new UserInputException("'" + in.vnnlib() + "' declares " + prop.inputs() + " inputs and "
            + prop.outputs() + " outputs, the network has " + net.fixed.inputs() + " and " + net.fixed.outputs());
      }
      net.fixed.requireVerifiable();
    } catch (UserInputException | VnnlibFormatException | IllegalArgumentException e) {
      return new Outcome("error", "error\n", seconds(t0), 0, oneLine(e.getMessage()));
    }
    double prepare = seconds(t0);
    long t1 = System.nanoTime();
    Verifier verifier = VerifierSetup.verifier(backend, registry, "symbolic", "bigm", Verifier.DEFAULT_TOLERANCE,
        BackendChoice.LP_DEFAULT);
    SolveOptions options = SolveOptions.defaults().withTimeLimit(in.timeout() * timeoutScale)
        .withInterrupt(interrupt);
    VerificationResult result;
    try {
      result = verifier.verify(net.fixed, prop, options);
    } catch (RuntimeException e) {
      return new Outcome("error", "error\n", prepare, seconds(t1), oneLine(String.valueOf(e.getMessage())));
    }
    double solve = seconds(t1);
    return switch (result.verdict()) {
      case HOLDS -> new Outcome("unsat", "unsat\n", prepare, solve, "");
      case VIOLATED -> new Outcome("sat", "sat\n" + counterexample(result.counterexample()), prepare, solve, "");
      default -> {
        boolean interrupted = interrupt.isInterrupted();
        String word = !interrupted && result.reason().contains("time limit") ? "timeout" : "unknown";
        yield new Outcome(word, word + "\n", prepare, solve, interrupted ? "interrupted (Ctrl-C)"
            : oneLine(result.reason()));
      }
    };
  }

  /** The competition's counterexample: {@code ((X_0 v) (X_1 v) ... (Y_0 v) ...)}, one pair a line. */
  static String counterexample(DisjunctResult cex) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < cex.input().length; i++) {
      b.append(i == 0 ? "(" : " (").append("X_").append(i).append(' ').append(cex.input()[i]).append(")\n");
    }
    for (int j = 0; j < cex.output().length; j++) {
      b.append(" (Y_").append(j).append(' ').append(cex.output()[j]).append(')')
          .append(j + 1 == cex.output().length ? ")\n" : "\n");
    }
    return b.toString();
  }

  private static String stem(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return (dot > 0 ? n.substring(0, dot) : n).replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
