package io.milpnet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The milpnet version, filtered into {@code milpnet.properties} by Maven. */
public final class VersionProvider implements CommandLine.IVersionProvider {
  public static String version() {
    try (InputStream in = VersionProvider.class.getResourceAsStream("/milpnet.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"milpnet " + version() + " (Java " + System.getProperty("java.version") + ")"};
  }
}
