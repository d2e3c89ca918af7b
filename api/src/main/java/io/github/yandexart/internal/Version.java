package io.github.yandexart.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The SDK's version, from a resource the build fills in. */
public final class Version {
  private static final String VERSION = load();
  private static final String USER_AGENT =
      "yandexart-java/" + VERSION + " java/" + System.getProperty("java.version", "unknown");

  private Version() {}

  public static String sdk() {
    return VERSION;
  }

  /** {@code yandexart-java/<sdk version> java/<java version>}. */
  public static String userAgent() {
    return USER_AGENT;
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
