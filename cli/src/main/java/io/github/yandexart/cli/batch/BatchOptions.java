package io.github.yandexart.cli.batch;

import java.net.URI;
import picocli.CommandLine.Option;

/** The options every command accepts, as the other commands spell them. */
final class BatchOptions {
  @Option(names = "--transport", paramLabel = "rest|grpc",
      description = "Transport to use (default: gRPC if on the classpath, else REST).")
  String transport;

  @Option(names = "--endpoint", paramLabel = "URI",
      description = "Base URI of the service; alone it also serves operations.")
  URI endpoint;

  @Option(names = "--operation-endpoint", paramLabel = "URI",
      description = "Base URI for reading and cancelling operations.")
  URI operationEndpoint;

  @Option(names = "--emulator",
      description = "Start an embedded emulator and point the command at it (no cloud account needed).")
  boolean emulator;

  @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
  boolean quiet;

  @Option(names = {"-v", "--verbose"}, description = "Print details, and stack traces on errors.")
  boolean verbose;
}
