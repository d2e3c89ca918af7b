package io.github.yandexart.cli;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.OperationFailedException;
import io.github.yandexart.StatusCode;
import io.github.yandexart.WaitTimeoutException;
import io.github.yandexart.YandexArtClient;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code yandexart} command. Exit codes: 0 done; 1 the operation failed or was cancelled; 2 bad
 * usage or an invalid request; 3 stopped waiting while the operation still runs; 4 a call failed,
 * or the image could not be written where asked (it is saved elsewhere).
 *
 * <p>The top level is described here in code ({@link #commandLine}), not with picocli's annotations:
 * reading annotations reflects over the class, its methods and {@code Object}'s, and spins a proxy
 * class per annotation type, which was about a third of what {@code --help} cost.
 */
public final class YandexArtCli {
  static final int DONE = 0;
  static final int OPERATION_FAILED = 1;
  static final int USAGE = 2;
  static final int STOPPED_WAITING = 3;
  static final int CALL_FAILED = 4;

  /** What the top level's help says, below its usage line. */
  private static final String DESCRIPTION = "Generate images with YandexART from the command line.";
  private static final String[] EXIT_CODES = {"0:done", "1:the operation failed or was cancelled",
      "2:bad usage or an invalid request", "3:stopped waiting; the operation still runs",
      "4:a call failed (auth, network, quota, refusal), or the image could not be written where asked"};
  private static final String[] ENVIRONMENT = {
      "  YC_API_KEY                    an API key (sent as Api-Key)",
      "  YC_IAM_TOKEN                  an IAM token (sent as Bearer)",
      "  YC_SERVICE_ACCOUNT_KEY_FILE   a service-account key file, for IAM tokens",
      "  YC_IAM_ENDPOINT               IAM base URI (https://iam.api.cloud.yandex.net)",
      "  YC_METADATA_ADDR              a metadata service for IAM tokens, if set",
      "  YC_FOLDER_ID                  the folder to bill (and of the model URI)",
      "  YANDEXART_ENDPOINT            the service's base URI, as --endpoint",
      "  YANDEXART_OPERATION_ENDPOINT  base URI for operations, as --operation-endpoint",
      "  YANDEXART_TRANSPORT           rest or grpc, as --transport",
      "  YANDEXART_DATA_LOGGING        true or false: may the service log requests"};

  /** A subcommand: its class, read by picocli when a run names it, and what the top-level help says of it. */
  static final class Subcommand {
    final Class<?> type;
    final String name;
    final String[] description;

    Subcommand(Class<?> type, String name, String... description) {
      this.type = type;
      this.name = name;
      this.description = description;
    }
  }

  /**
   * The subcommands, in the order the help lists them, with the names and descriptions their
   * {@code @Command}s also use (the same constants), so that the stand-ins of {@link #commandLine}
   * need not read those annotations.
   */
  static final List<Subcommand> COMMANDS = List.of(
      new Subcommand(GenerateCommand.class, GenerateCommand.NAME, GenerateCommand.ABOUT),
      new Subcommand(WaitCommand.class, WaitCommand.NAME, WaitCommand.ABOUT),
      new Subcommand(GetCommand.class, GetCommand.NAME, GetCommand.ABOUT),
      new Subcommand(CancelCommand.class, CancelCommand.NAME, CancelCommand.ABOUT),
      new Subcommand(EmulatorCommand.class, EmulatorCommand.NAME, EmulatorCommand.ABOUT, EmulatorCommand.MORE),
      new Subcommand(io.github.yandexart.cli.batch.BatchCommand.class, io.github.yandexart.cli.batch.BatchCommand.NAME,
          io.github.yandexart.cli.batch.BatchCommand.ABOUT, io.github.yandexart.cli.batch.BatchCommand.MORE));

  final Map<String, String> env;
  final PrintStream out;
  final PrintStream err;
  final boolean stderrIsTerminal;
  final Path workingDir;
  final Signals signals;

  YandexArtCli(Map<String, String> env, PrintStream out, PrintStream err, boolean stderrIsTerminal,
      Path workingDir, Signals signals) {
    this.env = env;
    this.out = out;
    this.err = err;
    this.stderrIsTerminal = stderrIsTerminal;
    this.workingDir = workingDir;
    this.signals = signals;
  }

  public static void main(String[] args) {
    String training = System.getProperty(CDS_TRAINING);
    if (training != null) {
      train(training);
      return;
    }
    if (!onlyHelp(args)) { // help and version print and exit: they need no logging set up
      CliLogging.configure(List.of(args).contains("--verbose") || List.of(args).contains("-v"));
    }
    // The launcher tells whether stderr is a terminal ([ -t 2 ]); Java cannot ask by itself.
    String tty = System.getProperty("yandexart.stderr.tty");
    boolean terminal = tty != null ? Boolean.parseBoolean(tty) : System.console() != null;
    System.exit(run(args, System.getenv(), System.out, System.err, terminal, Path.of(""),
        Signals.exitingWith(STOPPED_WAITING)));
  }

  /**
   * The system property that makes {@link #main} a training run for the class-data-sharing archives
   * the build makes beside the jar (cli/pom.xml): {@code help} runs the help of every command; any
   * other value is a directory for the images of a full run.
   */
  static final String CDS_TRAINING = "yandexart.cds.training";

  /** Whether {@code args} ask for help or the version, which print and exit. */
  static boolean onlyHelp(String[] args) {
    if (args.length == 0) {
      return true;
    }
    for (String a : args) {
      if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
        return true;
      }
    }
    return false;
  }

  /**
   * What the archive should hold: the help, and a generation against the embedded emulator over each
   * transport (output discarded), the way the commands run them.
   */
  private static void train(String what) {
    PrintStream nowhere = new PrintStream(java.io.OutputStream.nullOutputStream(), true);
    Map<String, String> env = Map.of();
    if (what.equals("help")) {
      run(new String[] {"--version"}, env, nowhere, nowhere, false);
      helpOfEveryCommand(commandLine(new YandexArtCli(env, nowhere, nowhere, false, Path.of(""), Signals.NONE), null),
          new ArrayList<>(), env, nowhere);
      return;
    }
    Path dir = Path.of(what);
    run(new String[] {"--help"}, env, nowhere, nowhere, false);
    run(new String[] {"generate", "--help"}, env, nowhere, nowhere, false);
    CliLogging.configure(false);
    for (String transport : new String[] {"rest", "grpc"}) {
      int code = run(new String[] {"generate", "--emulator", "--transport", transport, "a red cat", "-o",
          dir.resolve("cds-training-" + transport + ".jpeg").toString(), "--force"}, env, nowhere, nowhere, false,
          Path.of(""), Signals.NONE);
      if (code != DONE) {
        System.err.println("yandexart: the class-data-sharing training run over " + transport + " ended with exit code "
            + code + "; the archive may miss its classes");
      }
    }
  }

  private static void helpOfEveryCommand(CommandLine command, List<String> path, Map<String, String> env,
      PrintStream nowhere) {
    List<String> args = new ArrayList<>(path);
    args.add("--help");
    run(args.toArray(new String[0]), env, nowhere, nowhere, false);
    command.getSubcommands().forEach((name, sub) -> {
      List<String> deeper = new ArrayList<>(path);
      deeper.add(name);
      helpOfEveryCommand(sub, deeper, env, nowhere);
    });
  }

  /** Runs the command line in the current directory and returns the exit code; for tests and embedding. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, boolean terminal) {
    return run(args, env, out, err, terminal, Path.of(""), Signals.NONE);
  }

  /** Runs the command line with {@code workingDir} for relative and default file names. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, boolean terminal,
      Path workingDir, Signals signals) {
    YandexArtCli cli = new YandexArtCli(env, out, err, terminal, workingDir.toAbsolutePath(), signals);
    CommandLine cmd = commandLine(cli, named(args));
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    Handlers handlers = new Handlers(cli);
    cmd.setParameterExceptionHandler(handlers);
    cmd.setExecutionExceptionHandler(handlers);
    return cmd.execute(args);
  }

  /**
   * Where picocli sends bad usage and the commands' exceptions. A class, not lambdas: picocli's
   * interfaces are Java 5 class files, and a lambda for one links it while the class-data-sharing
   * archive is dumped, which leaves it, the lambda and picocli's classes that implement it out of the
   * archive (JDK 17: "Old class has been linked"), to be read from the jar at every start.
   */
  private static final class Handlers
      implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {
    private final YandexArtCli cli;

    Handlers(YandexArtCli cli) {
      this.cli = cli;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
      return cli.badUsage(e, args);
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
      boolean verbose = parseResult.subcommand() != null
          && parseResult.subcommand().hasMatchedOption("--verbose");
      return cli.fail(e, verbose);
    }
  }

  /**
   * The command line of {@code cli}. Reading a command's options means reflecting over its classes
   * and their annotations, a good part of what {@code --help} costs, so the top level is built here
   * and only the subcommand named {@code only} is read whole; the others are stand-ins with their name
   * and description, all that the top-level help and its usage errors need. Null reads them all.
   */
  static CommandLine commandLine(YandexArtCli cli, String only) {
    CommandSpec top = CommandSpec.wrapWithoutInspection(cli)
        .name("yandexart")
        .versionProvider(new VersionProvider())
        .exitCodeOnInvalidInput(USAGE);
    // what picocli's mixinStandardHelpOptions adds
    top.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
        .description("Show this help message and exit.").build());
    top.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
        .description("Print version information and exit.").build());
    Map<String, String> exitCodes = new LinkedHashMap<>();
    for (String code : EXIT_CODES) {
      int colon = code.indexOf(':');
      exitCodes.put(code.substring(0, colon), code.substring(colon + 1));
    }
    top.usageMessage()
        .description(DESCRIPTION)
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(exitCodes)
        .footerHeading("%nEnvironment (credentials are never flags: ps would show them):%n")
        .footer(ENVIRONMENT);
    CommandLine cmd = new CommandLine(top);
    for (Subcommand command : COMMANDS) {
      if (only == null || command.name.equals(only)) {
        cmd.addSubcommand(command.name, command.type);
      } else {
        CommandSpec standIn = CommandSpec.create().name(command.name);
        standIn.usageMessage().description(command.description);
        cmd.addSubcommand(command.name, new CommandLine(standIn));
      }
    }
    return cmd;
  }

  /**
   * The subcommand {@code args} run: the first argument that names one (no option of the top level
   * takes a value that could come first).
   */
  private static String named(String[] args) {
    for (String arg : args) {
      for (Subcommand command : COMMANDS) {
        if (command.name.equals(arg)) {
          return arg;
        }
      }
    }
    return "";
  }

  /**
   * Writes the image {@code place} says, prints the file on stdout, and says on stderr what the user
   * must know: a safe name for an unsafe id, a name that does not match the image type, or, when the
   * image could not go where asked, where it is instead and how to fetch it again.
   */
  int deliver(ImageFile place, String operationId, GeneratedImage image, Common common) {
    ImageFile.Saved saved;
    try {
      saved = place.write(operationId, image);
    } catch (IllegalStateException nowhere) {
      throw new CliFailure(CALL_FAILED, nowhere.getMessage(),
          List.of("fetch it again with: " + Shell.resume("wait", operationId, common, "-o", "FILE")), nowhere);
    }
    String file = Untrusted.clean(saved.file.toString());
    out.println(file);
    if (!saved.asked) {
      throw new CliFailure(CALL_FAILED, saved.note.orElse("the image could not be written where asked")
          + "; saved it to " + saved.file + " instead",
          List.of("fetch it again with: " + Shell.resume("wait", operationId, common, "-o", "FILE")), null);
    }
    saved.note.ifPresent(note -> err.println("yandexart: " + Untrusted.clean(note) + ": saved the image to " + file));
    if (!common.quiet) {
      ImageFile.mismatch(saved.file, image.mimeType()).ifPresent(w -> err.println("yandexart: " + Untrusted.clean(w)));
    }
    return DONE;
  }

  /** A command line picocli could not read: one line that says what is wrong, and which help to read. */
  private int badUsage(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter w = command.getErr();
    Object user = command.getCommand();
    if (e instanceof CommandLine.UnmatchedArgumentException && user instanceof GenerateCommand
        && ((CommandLine.UnmatchedArgumentException) e).getUnmatched().stream().noneMatch(a -> a.startsWith("-"))) {
      List<String> words = new ArrayList<>();
      if (((GenerateCommand) user).prompt != null) {
        words.add(((GenerateCommand) user).prompt);
      }
      words.addAll(((CommandLine.UnmatchedArgumentException) e).getUnmatched());
      String prompt = String.join(" ", words).replace("\"", "\\\"");
      w.println(Untrusted.clean("yandexart: the prompt is one argument: quote it, as in: yandexart generate \""
          + prompt + "\""));
    } else {
      w.println("yandexart: " + Untrusted.clean(e.getMessage()) + " (see: "
          + command.getCommandSpec().qualifiedName(" ") + " --help)");
    }
    return USAGE;
  }

  /** Prints one line for {@code e} (a stack trace too when verbose) and returns the exit code. */
  int fail(Throwable e, boolean verbose) {
    int code = exitCode(e);
    err.println("yandexart: " + shown(message(e)));
    if (e instanceof CliFailure) {
      ((CliFailure) e).more.forEach(line -> err.println(shown(line)));
    }
    if (verbose) {
      printTrace(e);
    }
    return code;
  }

  /** The causal chain with frames, every message cleaned: a server's text reaches the terminal only this way. */
  private void printTrace(Throwable e) {
    String prefix = "";
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      err.println(prefix + t.getClass().getName() + (t.getMessage() == null ? "" : ": " + shown(t.getMessage())));
      for (StackTraceElement frame : t.getStackTrace()) {
        err.println("\tat " + frame);
      }
      prefix = "Caused by: ";
    }
  }

  /**
   * {@code text} fit to print: control characters {@link Untrusted#clean cleaned}, and the secrets of
   * {@code YC_API_KEY} and {@code YC_IAM_TOKEN} masked should a server have echoed them (the
   * transports redact the credential they sent; this covers the CLI's own output whatever the
   * transport did).
   */
  String shown(String text) {
    String s = text;
    for (String name : new String[] {"YC_API_KEY", "YC_IAM_TOKEN"}) {
      String secret = env.get(name);
      if (secret != null && secret.strip().length() >= 4) {
        s = s.replace(secret.strip(), "<" + name + ">");
      }
    }
    return Untrusted.clean(s);
  }

  static int exitCode(Throwable e) {
    if (e instanceof CliFailure) {
      return ((CliFailure) e).exitCode;
    }
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
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    return inCliWords(m);
  }

  private static final Pattern ISO_DURATION =
      Pattern.compile("\\bPT(?:\\d+H)?(?:\\d+M)?(?:\\d+(?:\\.\\d+)?S)?\\b");

  /**
   * A library message in the CLI's words: durations rounded ({@code PT0.299980792S} becomes {@code
   * 0.3s}), and the total budget named by its flag.
   */
  static String inCliWords(String message) {
    Matcher m = ISO_DURATION.matcher(message);
    StringBuilder s = new StringBuilder();
    while (m.find()) {
      String replacement = m.group();
      if (replacement.length() > 2) {
        try {
          replacement = Durations.format(Duration.parse(replacement));
        } catch (DateTimeParseException e) {
          // not a duration after all: keep it
        }
      }
      m.appendReplacement(s, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(s);
    String out = s.toString();
    return out.contains("--timeout") ? out : out.replace("the total budget", "the total budget (--timeout)");
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
