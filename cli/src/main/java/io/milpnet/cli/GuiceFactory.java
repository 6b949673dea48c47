package io.milpnet.cli;

import com.google.inject.ConfigurationException;
import com.google.inject.Injector;
import picocli.CommandLine;

/** Lets picocli create commands through Guice, so commands receive what they use by constructor injection. */
final class GuiceFactory implements CommandLine.IFactory {
  private final Injector injector;

  GuiceFactory(Injector injector) {
    this.injector = injector;
  }

  @Override
  public <K> K create(Class<K> cls) throws Exception {
    try {
      return injector.getInstance(cls);
    } catch (ConfigurationException e) {
      return CommandLine.defaultFactory().create(cls); // picocli's own helper classes
    }
  }
}
