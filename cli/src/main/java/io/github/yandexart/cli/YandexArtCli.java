package io.github.yandexart.cli;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.OperationFailedException;
import io.github.yandexart.StatusCode;
import io.github.yandexart.WaitTimeoutException;
import io.github.yandexart.YandexArtClient;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.CancellationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code yandexart} command. Exit codes: 0 done; 1 the operation failed or was cancelled; 2 bad
 * usage or an invalid request; 3 stopped waiting while the operation still runs; 4 a call failed.
 */
@Command(name = "yandexart", mixinStandardHelpOptions = true,
    versionProvider = YandexArtCli.VersionProvider.class,
    description = "Generate images with YandexART from the command line.",
    subcommands = {GenerateCommand.class, WaitCommand.class, GetCommand.class, CancelCommand.class,
        EmulatorCommand.class},
    exitCodeOnInvalidInput = YandexArtCli.USAGE,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "1:the operation failed or was cancelled",
        "2:bad usage or an invalid request", "3:stopped waiting; the operation still runs",
        "4:a call failed (auth, network, quota, refusal)"},
    footerHeading = "%nEnvironment:%n",
    footer = {"  YC_API_KEY, YC_IAM_TOKEN        credentials (never flags: they would show in ps)",
        "  YC_SERVICE_ACCOUNT_KEY_FILE     a service-account key file, exchanged at",
        "  YC_IAM_ENDPOINT                 (default https://iam.api.cloud.yandex.net)",
        "  YC_FOLDER_ID                    folder to bill and to build the model URI from",
        "  YANDEXART_TRANSPORT             rest or grpc"})
public final class YandexArtCli {
  static final int DONE = 0;
  static final int OPERATION_FAILED = 1;
  static final int USAGE = 2;
  static final int STOPPED_WAITING = 3;
  static final int CALL_FAILED = 4;

  final Map<String, String> env;
  final PrintStream out;
  final PrintStream err;
  final boolean stderrIsTerminal;

  YandexArtCli(Map<String, String> env, PrintStream out, PrintStream err, boolean stderrIsTerminal) {
    this.env = env;
    this.out = out;
    this.err = err;
    this.stderrIsTerminal = stderrIsTerminal;
  }

  public static void main(String[] args) {
    // The launcher tells whether stderr is a terminal ([ -t 2 ]); Java cannot ask by itself.
    String tty = System.getProperty("yandexart.stderr.tty");
    boolean terminal = tty != null ? Boolean.parseBoolean(tty) : System.console() != null;
    System.exit(run(args, System.getenv(), System.out, System.err, terminal));
  }

  /** Runs the command line and returns the exit code; for tests and embedding. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, boolean terminal) {
    YandexArtCli cli = new YandexArtCli(env, out, err, terminal);
    CommandLine cmd = new CommandLine(cli);
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      boolean verbose = parseResult.subcommand() != null
          && parseResult.subcommand().hasMatchedOption("--verbose");
      return cli.fail(e, verbose);
    });
    return cmd.execute(args);
  }

  /** Prints one line for {@code e} (a stack trace too when verbose) and returns the exit code. */
  int fail(Throwable e, boolean verbose) {
    int code = exitCode(e);
    err.println("yandexart: " + message(e));
    if (e instanceof WaitTimeoutException) {
      String id = ((WaitTimeoutException) e).operationId().orElseThrow();
      err.println("the operation is still running; resume with: yandexart wait " + id
          + "   (or stop it: yandexart cancel " + id + ")");
    }
    if (verbose) {
      e.printStackTrace(err);
    }
    return code;
  }

  static int exitCode(Throwable e) {
    if (e instanceof OperationFailedException) {
      return OPERATION_FAILED;
    }
    if (e instanceof WaitTimeoutException || e instanceof CancellationException) {
      return STOPPED_WAITING;
    }
    if (e instanceof ApiCallException) {
      return ((ApiCallException) e).code() == StatusCode.INVALID_ARGUMENT ? USAGE : CALL_FAILED;
    }
    if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
        || e instanceof CommandLine.ParameterException) {
      return USAGE;
    }
    return CALL_FAILED;
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  /** Prints the SDK version. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"yandexart-java/" + YandexArtClient.version()
          + " java/" + System.getProperty("java.version", "unknown")};
    }
  }
}
