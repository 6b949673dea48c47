package io.milpnet.backend.ojalgo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ojAlgo prints on first use, so standard output can only be checked in a JVM where ojAlgo has not run yet: each test
 * starts one ({@link OjAlgoStdoutProbe}) and reads its two streams separately.
 */
class OjAlgoStdoutTest {
  @TempDir
  Path dir;

  @Test
  void aFirstSolveLeavesStdoutEmptyAndOjAlgosDebugOutputGoesToStderr() throws Exception {
    Result r = probe("backend");
    assertEquals(0, r.exit, r.err);
    assertEquals("", r.out, "nothing on stdout");
    // max 2x + y, x integer in [0, 10], y in [0, 4], 1 <= x + y <= 7.5: x = 7, y = 0.5, objective 14.5.
    assertTrue(r.err.contains("probe: OPTIMAL 14.5"), r.err);
    assertTrue(r.err.contains(OjAlgoStdoutProbe.DEBUG_LINE), "BasicLogger.DEBUG now writes to stderr: " + r.err);
    assertFalse(r.err.contains("predefined hardware profiles"), "the banner is not printed at all: " + r.err);
  }

  @Test
  void withoutTheBackendOjAlgoPrintsItsBannerOnStdout() throws Exception {
    // The control: proves the test above could fail. ojAlgo is silent on machines matching one of its profiles.
    Result r = probe("raw");
    assertEquals(0, r.exit, r.err);
    assumeFalse(r.out.isEmpty(), "this machine matches an ojAlgo hardware profile: ojAlgo prints no banner here");
    assertTrue(r.out.contains("predefined hardware profiles"), r.out);
  }

  private record Result(int exit, String out, String err) {}

  private Result probe(String mode) throws IOException, InterruptedException {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Path out = dir.resolve(mode + ".out");
    Path err = dir.resolve(mode + ".err");
    Process p = new ProcessBuilder(List.of(java, "-cp", classPath, OjAlgoStdoutProbe.class.getName(), mode))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("probe JVM did not finish in 60 s");
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
