package io.milpnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run directory is written whole: an earlier run is replaced, never mixed with the new one, and it is said so. */
class RunDirectoryTest {
  @TempDir
  Path dir;

  private static Set<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  @Test
  void aSecondRunReplacesTheFirstWholeAndSaysSo() throws IOException {
    Path out = dir.resolve("run");
    RunDirectory train = RunDirectory.resolve(out, "runs");
    train.put("summary.json", "{\"run\": 1}");
    train.put("network.json", "{\"run\": 1}");
    assertFalse(train.commit());
    assertEquals("", train.replacedNote());
    // A verify run into the same directory: its summary alone, no network.json of the train run left beside it.
    RunDirectory verify = RunDirectory.resolve(out, "runs");
    verify.put("summary.json", "{\"run\": 2}");
    assertTrue(verify.commit());
    assertEquals(" (replacing the earlier run there)", verify.replacedNote());
    assertEquals(Set.of("summary.json"), names(out));
    assertEquals("{\"run\": 2}", Files.readString(out.resolve("summary.json")));
    assertEquals(Set.of("run"), names(dir), "no staging or moved-aside directory is left");
    // A directory that also holds the user's files keeps them (never replaced whole, which would delete them): a
    // train run's pair moves in, and a verify run after it leaves no network.json of the train run beside its summary.
    Path mine = Files.createDirectory(dir.resolve("mine"));
    Files.writeString(mine.resolve("notes.txt"), "mine");
    RunDirectory trainHere = RunDirectory.resolve(mine, "runs");
    trainHere.put("summary.json", "{\"run\": 3}");
    trainHere.put("network.json", "{\"run\": 3}");
    assertFalse(trainHere.commit());
    RunDirectory verifyHere = RunDirectory.resolve(mine, "runs");
    verifyHere.put("summary.json", "{\"run\": 4}");
    assertTrue(verifyHere.commit());
    assertEquals(Set.of("notes.txt", "summary.json", ".milpnet.lock"), names(mine));
    assertEquals("{\"run\": 4}", Files.readString(mine.resolve("summary.json")));
    assertEquals(Set.of("run", "mine"), names(dir), "no staging directory is left");
    // An empty directory is filled, not reported as replaced.
    Path empty = Files.createDirectory(dir.resolve("empty"));
    RunDirectory first = RunDirectory.resolve(empty, "runs");
    first.put("summary.json", "{}");
    assertFalse(first.commit());
  }

  @Test
  void racingRunsNeverLeaveAMixedPair() throws Exception {
    Path out = dir.resolve("race");
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger mixed = new AtomicInteger();
    AtomicInteger seen = new AtomicInteger();
    Thread reader = new Thread(() -> {
      while (!done.get()) {
        try {
          // Every commit writes a unique text and a directory moved aside never comes back: the same summary before
          // and after means one directory stood there throughout, and its network must be the same run's.
          String s = Files.readString(out.resolve("summary.json"));
          String n = Files.readString(out.resolve("network.json"));
          String again = Files.readString(out.resolve("summary.json"));
          if (s.equals(again)) {
            seen.incrementAndGet();
            if (!s.equals(n)) {
              mixed.incrementAndGet();
            }
          }
        } catch (NoSuchFileException between) {
          // the directory is being swapped: absent, never mixed
        } catch (IOException e) {
          mixed.incrementAndGet();
        }
      }
    });
    reader.start();
    List<Thread> writers = new ArrayList<>();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int w = 0; w < 3; w++) {
      int id = w;
      Thread t = new Thread(() -> {
        try {
          for (int i = 0; i < 30; i++) {
            RunDirectory run = RunDirectory.resolve(out, "runs");
            run.put("summary.json", "writer " + id + " run " + i);
            run.put("network.json", "writer " + id + " run " + i);
            run.commit();
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      writers.add(t);
      t.start();
    }
    for (Thread t : writers) {
      t.join();
    }
    done.set(true);
    reader.join();
    assertEquals(List.of(), failures);
    assertEquals(0, mixed.get(), "a reader saw the files of two runs at once");
    assertTrue(seen.get() > 0);
    assertEquals(Files.readString(out.resolve("summary.json")), Files.readString(out.resolve("network.json")));
    assertEquals(Set.of("race"), names(dir), "no staging or moved-aside directory is left");
  }
}
