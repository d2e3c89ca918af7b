package io.github.yandexart.cli;

import io.github.yandexart.emulator.TestServiceAccountKey;
import io.github.yandexart.emulator.YandexArtEmulator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code yandexart emulator}: serve the emulator until interrupted, or write a test key file. */
@Command(name = EmulatorCommand.NAME, mixinStandardHelpOptions = true,
    description = {EmulatorCommand.ABOUT, EmulatorCommand.MORE})
final class EmulatorCommand implements Callable<Integer> {
  static final String NAME = "emulator";
  static final String ABOUT = "Serve the YandexART emulator over REST and gRPC on 127.0.0.1 until interrupted.";
  static final String MORE = "With --trust-key it also plays Yandex Cloud IAM for those service-account keys"
      + " (POST /iam/v1/tokens on the REST port), and then accepts only the IAM tokens it issued (and any Api-Key).";

  @ParentCommand
  YandexArtCli cli;

  @Option(names = {"-q", "--quiet"}, description = "Print only the endpoints (or the key file), no hints.")
  boolean quiet;

  @Option(names = {"-v", "--verbose"}, description = "Print details, and stack traces on errors.")
  boolean verbose;

  @Option(names = "--rest-port", paramLabel = "N", description = "REST port (default: a free one).")
  int restPort;

  @Option(names = "--grpc-port", paramLabel = "N", description = "gRPC port (default: a free one).")
  int grpcPort;

  @Option(names = "--trust-key", paramLabel = "FILE",
      description = "Trust this service-account key file (Yandex Cloud's authorized-key JSON); may repeat.")
  List<Path> trustKeys = new ArrayList<>();

  @Option(names = "--new-key", paramLabel = "FILE",
      description = "Write a fresh service-account key file for testing against the emulator, and exit.")
  Path newKey;

  /** Counted down once the emulator serves; for tests. */
  final CountDownLatch serving = new CountDownLatch(1);

  @Override
  public Integer call() {
    if (newKey != null) {
      return writeNewKey();
    }
    YandexArtEmulator.Builder builder = YandexArtEmulator.builder().restPort(restPort).grpcPort(grpcPort);
    trustKeys.forEach(builder::trustServiceAccountKey);
    try (YandexArtEmulator emulator = builder.build().start()) {
      CountDownLatch stopped = new CountDownLatch(1);
      Thread hook = new Thread(stopped::countDown, "yandexart-emulator-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      cli.out.println("REST  " + emulator.restEndpoint());
      cli.out.println("gRPC  " + emulator.grpcEndpoint());
      if (!emulator.trustedKeyIds().isEmpty()) {
        cli.out.println("IAM   " + emulator.iamEndpoint());
      }
      if (!quiet) {
        cli.err.println(hint(emulator));
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

  private Integer writeNewKey() {
    if (!trustKeys.isEmpty() || restPort != 0 || grpcPort != 0) {
      throw new IllegalArgumentException("--new-key writes a key file and exits: run `yandexart emulator"
          + " --trust-key " + newKey + "` afterwards to serve with it");
    }
    TestServiceAccountKey key = TestServiceAccountKey.generate();
    key.writeTo(newKey);
    cli.out.println(newKey);
    if (!quiet) {
      cli.err.println("wrote a fresh key " + key.keyId() + " of service account " + key.serviceAccountId()
          + ", which only an emulator that trusts it accepts. Try: YC_SERVICE_ACCOUNT_KEY_FILE=" + newKey
          + " yandexart generate --emulator \"a red cat\" -o cat.jpeg");
    }
    return YandexArtCli.DONE;
  }

  private static String hint(YandexArtEmulator emulator) {
    String rest = emulator.restEndpoint().toString();
    if (emulator.trustedKeyIds().isEmpty()) {
      return "serving; any Authorization is accepted. Try: yandexart generate \"a red cat\" --endpoint " + rest
          + " --transport rest  (with YC_API_KEY=any YC_FOLDER_ID=b1gemulator). Stop with Ctrl-C.";
    }
    return "serving; trusting service-account keys " + String.join(", ", emulator.trustedKeyIds())
        + ": Bearer tokens must come from the IAM endpoint above (Api-Key <any> still works). Try:"
        + " YC_SERVICE_ACCOUNT_KEY_FILE=<key file> YC_IAM_ENDPOINT=" + emulator.iamEndpoint()
        + " YC_FOLDER_ID=b1gemulator yandexart generate \"a red cat\" --endpoint " + rest
        + " --transport rest. Stop with Ctrl-C.";
  }
}
