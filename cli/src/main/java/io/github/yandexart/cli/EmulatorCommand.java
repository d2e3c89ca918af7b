package io.github.yandexart.cli;

import io.github.yandexart.emulator.YandexArtEmulator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code yandexart emulator}: serve the emulator until interrupted. */
@Command(name = "emulator", mixinStandardHelpOptions = true,
    description = "Serve the YandexART emulator over REST and gRPC on 127.0.0.1 until interrupted.")
final class EmulatorCommand implements Callable<Integer> {
  @ParentCommand
  YandexArtCli cli;

  @Mixin
  Common common;

  @Option(names = "--rest-port", paramLabel = "N", description = "REST port (default: a free one).")
  int restPort;

  @Option(names = "--grpc-port", paramLabel = "N", description = "gRPC port (default: a free one).")
  int grpcPort;

  /** Counted down once the emulator serves; for tests. */
  final CountDownLatch serving = new CountDownLatch(1);

  @Override
  public Integer call() {
    try (YandexArtEmulator emulator = YandexArtEmulator.builder()
        .restPort(restPort).grpcPort(grpcPort).build().start()) {
      CountDownLatch stopped = new CountDownLatch(1);
      Thread hook = new Thread(stopped::countDown, "yandexart-emulator-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      cli.out.println("REST  " + emulator.restEndpoint());
      cli.out.println("gRPC  " + emulator.grpcEndpoint());
      if (!common.quiet) {
        cli.err.println("serving; any Authorization is accepted. Try: yandexart generate \"a red cat\""
            + " --endpoint " + emulator.restEndpoint() + " --transport rest  (with YC_API_KEY=any"
            + " YC_FOLDER_ID=b1gemulator). Stop with Ctrl-C.");
      }
      cli.out.flush();
      serving.countDown();
      try {
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the JVM is stopping: the hook has run or is running
        }
      }
      return YandexArtCli.DONE;
    }
  }
}
