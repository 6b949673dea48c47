package io.milpnet.formulation.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milpnet.formulation.train.ActivationKit;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every registered activation has an {@link ActivationKit} subclass among the compiled formulation tests (a class
 * named {@code *KitTest}), and every kit names a registered activation.
 */
class ActivationKitCoverageTest {
  @Test
  void everyRegisteredActivationHasAKit() throws IOException, URISyntaxException, ReflectiveOperationException {
    Path root = Path.of(ActivationKitCoverageTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertTrue(Files.isDirectory(root), "the tests run from a class directory: " + root);
    Set<String> kits = new TreeSet<>();
    List<Path> classes;
    try (Stream<Path> files = Files.walk(root)) {
      classes = files.filter(p -> p.getFileName().toString().endsWith("KitTest.class")).toList();
    }
    for (Path file : classes) {
      String name = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
      Class<?> c = Class.forName(name.substring(0, name.length() - ".class".length()));
      if (ActivationKit.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers())) {
        ActivationKit kit = (ActivationKit) c.getDeclaredConstructor().newInstance();
        kits.add(Activations.standard().parse(kit.activation()).key().split(":", 2)[0]);
      }
    }
    assertEquals(new TreeSet<>(Activations.standard().keys()), kits, "registered activations vs *KitTest kits");
  }
}
