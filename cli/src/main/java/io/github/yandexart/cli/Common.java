package io.github.yandexart.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/** The options every command accepts after its name (public for the {@code batch} commands' package). */
public final class Common {
  @Option(names = "--transport", paramLabel = "rest|grpc",
      description = "Transport to use (default: gRPC if on the classpath, else REST).")
  public String transport;

  @Option(names = "--endpoint", paramLabel = "URI",
      description = "Base URI of the service; alone it also serves operations.")
  public URI endpoint;

  @Option(names = "--operation-endpoint", paramLabel = "URI",
      description = "Base URI for reading and cancelling operations.")
  public URI operationEndpoint;

  @Option(names = "--emulator",
      description = "Start an embedded emulator and point the command at it (no cloud account needed).")
  public boolean emulator;

  @Option(names = {"-q", "--quiet"}, description = "Print nothing but results and errors.")
  public boolean quiet;

  @Option(names = {"-v", "--verbose"}, description = "Print details, and stack traces on errors.")
  public boolean verbose;
}
