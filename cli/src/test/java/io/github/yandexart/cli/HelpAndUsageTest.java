package io.github.yandexart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HelpAndUsageTest {
  @TempDir
  Path dir;

  private CliRun run(String... args) {
    return CliRun.in(dir, Map.of(), args);
  }

  @Test
  void theHelpListsEveryVariableTheConfigReadsWithoutWrappingMidSentence() {
    CliRun help = run("--help");
    assertThat(help.exit()).isEqualTo(0);
    for (String variable : List.of("YC_API_KEY", "YC_IAM_TOKEN", "YC_SERVICE_ACCOUNT_KEY_FILE", "YC_IAM_ENDPOINT",
        "YC_METADATA_ADDR", "YC_FOLDER_ID", "YANDEXART_ENDPOINT", "YANDEXART_OPERATION_ENDPOINT",
        "YANDEXART_TRANSPORT", "YANDEXART_DATA_LOGGING")) {
      assertThat(help.out()).containsPattern("(?m)^  " + variable + " +\\S");
    }
    String environment = help.out().substring(help.out().indexOf("Environment"));
    assertThat(environment.lines().skip(1)).allSatisfy(line -> assertThat(line).matches("  [A-Z_]+ +\\S.{0,60}"));
  }

  @Test
  void theTopLevelHelpIsWhatPicocliMadeOfTheAnnotationsItReplaces() {
    // the top level is described in code, not read from a @Command; this is the help picocli printed
    // for that @Command (mixinStandardHelpOptions, exit code list, footer), byte for byte
    assertThat(run("--help").out()).isEqualTo("""
        Usage: yandexart [-hV] [COMMAND]
        Generate images with YandexART from the command line.
          -h, --help      Show this help message and exit.
          -V, --version   Print version information and exit.
        Commands:
          generate  Generate an image from PROMPT and write it to a file.
          wait      Wait for an operation started earlier and write its image.
          get       Read an operation once and print its state; write the image if it
                      is done.
          cancel    Ask the service to cancel an operation and print what it answered.
          emulator  Serve the YandexART emulator over REST and gRPC on 127.0.0.1 until
                      interrupted.
          batch     Generate one image per line of a file, recording every step in a
                      journal so that a run can be stopped, killed and resumed without
                      paying twice.

        Exit codes:
          0   done
          1   the operation failed or was cancelled
          2   bad usage or an invalid request
          3   stopped waiting; the operation still runs
          4   a call failed (auth, network, quota, refusal), or the image could not be
                written where asked

        Environment (credentials are never flags: ps would show them):
          YC_API_KEY                    an API key (sent as Api-Key)
          YC_IAM_TOKEN                  an IAM token (sent as Bearer)
          YC_SERVICE_ACCOUNT_KEY_FILE   a service-account key file, for IAM tokens
          YC_IAM_ENDPOINT               IAM base URI (https://iam.api.cloud.yandex.net)
          YC_METADATA_ADDR              a metadata service for IAM tokens, if set
          YC_FOLDER_ID                  the folder to bill (and of the model URI)
          YANDEXART_ENDPOINT            the service's base URI, as --endpoint
          YANDEXART_OPERATION_ENDPOINT  base URI for operations, as --operation-endpoint
          YANDEXART_TRANSPORT           rest or grpc, as --transport
          YANDEXART_DATA_LOGGING        true or false: may the service log requests
        """);
    assertThat(run().exit()).isEqualTo(YandexArtCli.USAGE);
    assertThat(run("--version").out()).startsWith("yandexart-java/");
  }

  @Test
  void theHelpOfTheStandInsIsTheHelpOfTheCommandsReadWhole() {
    // a run reads only the subcommand it names; the others stand in with their name and description
    CommandLine whole = YandexArtCli.commandLine(cli(), null);
    assertThat(whole.getSubcommands()).hasSize(YandexArtCli.COMMANDS.size());
    assertThat(run("--help").out()).isEqualTo(usage(whole));
    whole.getSubcommands().forEach((name, sub) ->
        assertThat(run(name, "--help").out()).as(name).isEqualTo(usage(sub)));
    CommandLine lazy = YandexArtCli.commandLine(cli(), "get");
    assertThat(lazy.getSubcommands().get("get").getCommandSpec().options()).isNotEmpty();
    assertThat(lazy.getSubcommands().get("generate").getCommandSpec().options()).isEmpty();
  }

  private static YandexArtCli cli() {
    PrintStream nowhere = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return new YandexArtCli(Map.of(), nowhere, nowhere, false, Path.of(""), Signals.NONE);
  }

  private static String usage(CommandLine command) {
    StringWriter text = new StringWriter();
    command.usage(new PrintWriter(text, true));
    return text.toString();
  }

  @Test
  void operationIdIsDescribedAndTimeoutIsTheTotalBudget() {
    for (String command : List.of("wait", "get", "cancel")) {
      assertThat(run(command, "--help").out()).containsPattern("OPERATION_ID +The operation");
    }
    assertThat(run("generate", "--help").out()).contains("--timeout=DURATION").contains("The total budget");
    assertThat(run("wait", "--help").out()).contains("The total budget");
  }

  @Test
  void theEmulatorCommandNeitherListsNorAcceptsTheClientFlags() {
    CliRun help = run("emulator", "--help");
    assertThat(help.out()).doesNotContain("--endpoint").doesNotContain("--transport").doesNotContain("--emulator")
        .contains("--rest-port");
    for (String flag : List.of("--endpoint=http://127.0.0.1:1", "--transport=rest", "--emulator")) {
      CliRun r = run("emulator", flag);
      assertThat(r.exit()).as(flag).isEqualTo(2);
      assertThat(r.err()).contains(flag.split("=")[0]);
    }
  }

  @Test
  void anUnquotedPromptSuggestsQuotingInsteadOfTheUsage() {
    CliRun r = run("generate", "a", "red", "cat", "--emulator");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("quote it, as in: yandexart generate \"a red cat\"").doesNotContain("Usage:");
    assertThat(r.err().lines()).hasSize(1);
  }

  @Test
  void aBadValueIsOneLineAndAPointerToHelpNotTheWholeUsage() {
    CliRun r = run("generate", "a cat", "--timeout", "soon");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines()).containsExactly(
        "yandexart: Invalid value for option '--timeout': 'soon' is not a duration: write 500ms, 2s, 10m, 1h or"
            + " ISO-8601 like PT2S (see: yandexart generate --help)");
  }

  @Test
  void verboseTracesCarryCleanedMessagesOnly() {
    CliRun r = run("get", "op\u001b[2Jx", "--verbose", "--endpoint", "http://example.invalid");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("\tat ").doesNotContain("\u001b");
  }
}
