package io.github.yandexart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every log line goes one way, and the libraries stay quiet unless --verbose (a fresh JVM each: slf4j reads its settings once). */
class LoggingTest {
  /** Logs a line at each level through JUL (grpc-java), System.Logger (the SDK) and SLF4J (HttpClient). */
  public static void main(String[] args) {
    CliLogging.configure(Boolean.parseBoolean(args[0]));
    java.util.logging.Logger grpc = java.util.logging.Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyClientHandler");
    grpc.info("grpc-info Received data on closed stream");
    grpc.warning("grpc-warning");
    System.Logger sdk = System.getLogger("io.github.yandexart.internal.WaitEngine");
    sdk.log(System.Logger.Level.DEBUG, "sdk-debug");
    sdk.log(System.Logger.Level.WARNING, "sdk-warning");
    org.slf4j.LoggerFactory.getLogger("org.apache.hc.client5.http.impl.classic.InternalHttpClient").info("hc-info");
  }

  private static List<String> stderr(boolean verbose) throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), LoggingTest.class.getName(), Boolean.toString(verbose)).start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return err.lines().toList();
  }

  @Test
  void withoutVerboseOnlyTheSdksWarningsShow() throws Exception {
    assertThat(stderr(false)).singleElement().satisfies(l -> assertThat(l).contains("WARN").endsWith("sdk-warning"));
  }

  @Test
  void verboseShowsTheSdksDebugLinesAndTheLibrariesInfoThroughOneLogger() throws Exception {
    List<String> lines = stderr(true);
    for (String expected : List.of("grpc-info", "grpc-warning", "sdk-debug", "sdk-warning", "hc-info")) {
      assertThat(lines).anySatisfy(l -> assertThat(l).contains(expected));
    }
    assertThat(lines).allSatisfy(l -> assertThat(l).matches("\\[[^]]+\\] [A-Z]+ \\S+ - .*"));
  }
}
