package io.github.yandexart.cli;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * One place for every log line of the process: SLF4J's simple logger on stderr. JUL (grpc-java, and
 * the JDK's {@code System.Logger}, which the SDK uses) is bridged into it; Apache HttpClient logs to
 * SLF4J already. Without {@code --verbose} the SDK shows warnings and the libraries nothing at all
 * (grpc-java alone can print hundreds of INFO lines about one oversized reply); with it, the SDK
 * shows debug lines and the libraries their warnings and info.
 */
final class CliLogging {
  /** The libraries the CLI keeps quiet unless {@code --verbose}. */
  static final List<String> LIBRARIES = List.of("io.grpc", "io.netty", "org.apache.hc", "com.sun.net.httpserver",
      "jdk.internal.httpclient", "sun.net");

  /** JUL holds loggers weakly: keep the ones whose level we set. */
  private static final List<Logger> CONFIGURED = new java.util.ArrayList<>();

  private CliLogging() {}

  /** Configures logging for this process; call before anything logs (slf4j-simple reads its settings once). */
  static synchronized void configure(boolean verbose) {
    set("org.slf4j.simpleLogger.logFile", "System.err");
    set("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "warn");
    set("org.slf4j.simpleLogger.showThreadName", Boolean.toString(verbose));
    set("org.slf4j.simpleLogger.showShortLogName", "true");
    for (String library : LIBRARIES) {
      set("org.slf4j.simpleLogger.log." + library, verbose ? "info" : "off");
    }
    LogManager.getLogManager().reset();
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    CONFIGURED.clear();
    Logger root = Logger.getLogger("");
    root.setLevel(verbose ? Level.FINE : Level.WARNING);
    CONFIGURED.add(root);
    for (String library : LIBRARIES) {
      Logger logger = Logger.getLogger(library);
      logger.setLevel(verbose ? Level.INFO : Level.OFF);
      CONFIGURED.add(logger);
    }
  }

  /** Sets a system property unless the user set it with {@code -D} (then theirs wins). */
  private static void set(String name, String value) {
    if (System.getProperty(name) == null) {
      System.setProperty(name, value);
    }
  }
}
