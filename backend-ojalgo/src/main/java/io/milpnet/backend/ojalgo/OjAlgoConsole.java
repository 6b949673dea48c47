package io.milpnet.backend.ojalgo;

import java.io.PrintStream;
import org.ojalgo.OjAlgoUtils;
import org.ojalgo.netio.BasicLogger;

/**
 * Keeps ojAlgo off standard output, where it would corrupt the CLI's {@code --json} output. Two things in ojAlgo 55
 * write there:
 *
 * <ol>
 *   <li>The start-up banner ("ojAlgo includes a small set of predefined hardware profiles, none of which were deemed
 *       suitable ..."), printed by the static initialiser of {@link OjAlgoUtils} whenever the machine matches none of
 *       ojAlgo's hardware profiles, unless the system property {@value #PROPERTY} is set (to anything).
 *   <li>{@link BasicLogger#DEBUG}, a writer that captures {@code System.out} once, when {@link BasicLogger} is
 *       initialised. The banner goes through it, and so do a few unconditional diagnostics inside the simplex and
 *       branch-and-bound code (for example in {@code SimplexTableauSolver.build} and
 *       {@code SimplexStore.generateCutCandidates}).
 * </ol>
 *
 * <p>So, once per process and before any other ojAlgo class is used, this class (a) initialises {@link BasicLogger}
 * while {@code System.out} is briefly pointed at {@code System.err}, so that {@code DEBUG} captures standard error for
 * the life of the process, then restores {@code System.out}; (b) sets {@value #PROPERTY} (unless the user set it) and
 * forces {@link OjAlgoUtils} to initialise while it is in place, so the banner is not printed at all. After that both
 * initialisers have run and never run again. The swap in (a) lasts only as long as {@link BasicLogger}'s initialiser
 * (three writer objects); a line another thread prints to {@code System.out} in that instant lands on standard error,
 * not lost. The JVM runs a class initialiser exactly once, under a lock, so the holder idiom makes all this
 * thread-safe and once-per-process. It cannot help when other code in the process used ojAlgo before milpnet did.
 */
final class OjAlgoConsole {
  /** The system property ojAlgo 55's {@code OjAlgoUtils.<clinit>} reads before printing its banner. */
  static final String PROPERTY = "shut.up.ojAlgo";

  private OjAlgoConsole() {}

  private static final class Holder {
    static final BasicLogger DEBUG = redirectDebug();
    static final boolean QUIET = silenceBanner();

    private static BasicLogger redirectDebug() {
      PrintStream out = System.out;
      System.setOut(System.err);
      try {
        return BasicLogger.DEBUG; // reading the field runs BasicLogger's initialiser now, with System.err as "out"
      } finally {
        System.setOut(out);
      }
    }

    private static boolean silenceBanner() {
      if (System.getProperty(PROPERTY) == null) {
        System.setProperty(PROPERTY, "true");
      }
      return OjAlgoUtils.ENVIRONMENT != null; // reading the field runs OjAlgoUtils' initialiser now
    }
  }

  /** Applies both measures (once per process); call before any other ojAlgo class is used. */
  static void keepStdoutClean() {
    if (Holder.DEBUG == null || !Holder.QUIET) {
      throw new IllegalStateException("ojAlgo did not initialise its logger and environment");
    }
  }
}
