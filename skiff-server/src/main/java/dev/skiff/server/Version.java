package dev.skiff.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The Skiff version, stamped into {@code skiff-version.properties} by the build. */
public final class Version {
  private static final String VERSION = load();

  private Version() {}

  /**
   * The version string, e.g. {@code 0.1.0-SNAPSHOT}; {@code dev} when run from unpackaged classes.
   */
  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("/skiff-version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "dev");
      return v.startsWith("${") ? "dev" : v;
    } catch (IOException e) {
      return "dev";
    }
  }
}
