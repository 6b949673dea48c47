package io.milpnet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.milpnet.core.io.AtomicTextFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A benchmark suite as a list of independent jobs, each of which writes its own files under the suite's output
 * directory and yields its rows; the tables are computed from those files alone. That is what lets every executor run
 * every kind of suite: one after another in this process ({@link LocalSuite}), as processes on this machine
 * ({@code --jobs N}) or as a Slurm job array ({@link SlurmSuite}), and {@code --collect} give the same tables, because
 * they run the same jobs and tabulate them by the same {@link #tabulate}.
 *
 * <p>One implementation per suite kind: {@link TrainRunsSuite} (a train suite's {@code runs:}), {@link SweepSuite}
 * ({@code grid:}), {@link TightnessSuite} ({@code kind: tightness} and {@code backends}), {@link BaselinesSuite}.
 */
interface SuiteJobs {
  /** The exit code a job that has not ended (yet) has in {@link #tabulate}. */
  int NOT_FINISHED = -1;

  /** What the suite is, for the first line an executor prints ("tightness", "sweep", ...). */
  String kind();

  /** The names of the jobs, in table order; plain file names, unique in the suite. */
  List<String> names();

  /** A job's description for progress lines (its name unless the suite has a better one). */
  default String label(String name) {
    return name;
  }

  /**
   * Writes what the jobs read before any of them runs (experiment files, a sweep's description), after checking
   * everything that can be checked without running; returns the files it wrote, so that a refused submission can
   * take them away again.
   */
  List<Path> prepare(Path dir) throws IOException;

  /**
   * Runs one job in this process, its files under {@code dir}; returns its exit code. {@code out} and {@code err} are
   * the console (a job array's task: its log).
   */
  int run(String name, Path dir, PrintWriter out, PrintWriter err) throws IOException;

  /** True when a job prints nothing to the console (it keeps its own log), so that a progress bar can be shown. */
  boolean quiet();

  /**
   * Writes {@code results.csv} and {@code results.md} of the jobs named in {@code codes} (table order; their exit
   * codes, {@link #NOT_FINISHED} for one that has not ended) from their files; returns the number of rows.
   */
  int tabulate(Path dir, Map<String, Integer> codes) throws IOException;

  /** The suite's exit code once its jobs have run with these codes. */
  default int exitCode(Map<String, Integer> codes) {
    return ExitCode.OK;
  }

  /** Writes job {@code name}'s experiment file {@code DIR/NAME.yaml} (atomically) and returns it. */
  static Path writeExperiment(Path dir, String name, ObjectNode experiment) throws IOException {
    Path file = dir.resolve(name + ".yaml");
    String text = new ObjectMapper(new YAMLFactory()).writeValueAsString(experiment);
    AtomicTextFile.write(file, w -> w.write(text));
    return file;
  }

  /**
   * Runs job {@code name} of a suite of training runs: {@code train --config DIR/NAME.yaml --out DIR/NAME}, with the
   * suite's {@code --time-limit} when it gave one.
   */
  static int runTrain(String name, Path dir, Double timeLimit, PrintWriter out, PrintWriter err) {
    List<String> args = new ArrayList<>(List.of("train", "--config", dir.resolve(name + ".yaml").toString(), "--out",
        dir.resolve(name).toString()));
    if (timeLimit != null) {
      args.addAll(List.of("--time-limit", Double.toString(timeLimit)));
    }
    return Main.run(args.toArray(new String[0]), out, err);
  }

  /** The status cell of a job without results: failed with its exit code, or not finished. */
  static String failed(int code) {
    return code == NOT_FINISHED ? "NOT_FINISHED" : "FAILED(exit " + code + ")";
  }
}
