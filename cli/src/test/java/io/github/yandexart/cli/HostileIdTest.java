package io.github.yandexart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A server-chosen operation id is untrusted: it never escapes the working directory or reaches the terminal raw. */
class HostileIdTest {
  private static final Map<String, String> ENV = Map.of("YC_API_KEY", "cli-test-key", "YC_FOLDER_ID", "b1gcli");

  @TempDir
  Path temp;

  static Stream<Arguments> hostileIds() {
    List<String> ids = List.of("../../escaped", "/tmp/yandexart-absolute-escape", "..", ".", ".hidden",
        "a/b\\c", "\u001b[31mred\u001b]0;pwned\u0007", "x".repeat(5000), "con:nul?*|<>", "семь");
    return Stream.of("rest", "grpc").flatMap(t -> ids.stream().map(id -> Arguments.of(t, id)));
  }

  @ParameterizedTest
  @MethodSource("hostileIds")
  void generateWithoutOutputSavesUnderASafeNameInTheWorkingDirectoryAndSaysWhere(String transport, String id)
      throws IOException {
    Path work = Files.createDirectories(temp.resolve("a/b/work"));
    try (HostileServer server = HostileServer.start(id, true)) {
      CliRun r = CliRun.in(work, ENV, "generate", "a red cat", "--transport", transport,
          "--endpoint", server.endpoint(transport).toString(), "--poll-interval", "20ms");

      assertThat(r.exit()).as(r.toString()).isEqualTo(0);
      Path file = Path.of(r.out().strip());
      assertThat(file.getParent()).isEqualTo(work);
      assertThat(file.getFileName().toString()).matches("[A-Za-z0-9_-][A-Za-z0-9._-]{0,90}\\.jpeg");
      assertThat(Files.readAllBytes(file)).isEqualTo(HostileServer.JPEG);
      try (Stream<Path> all = Files.walk(temp)) {
        assertThat(all.filter(Files::isRegularFile)).containsExactly(file);
      }
      assertThat(Path.of("/tmp/yandexart-absolute-escape.jpeg")).doesNotExist();
      assertThat(r.err()).contains("not a plain file name").contains(file.toString());
      assertThat(r.out() + r.err()).doesNotContain("\u001b").doesNotContain("\u0007");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void aPlainIdIsTheFileNameAndAnExistingOneIsNeverReplaced(String transport) throws IOException {
    try (HostileServer server = HostileServer.start("fbv0000001", true)) {
      Files.writeString(temp.resolve("fbv0000001.jpeg"), "an earlier image");
      CliRun r = CliRun.in(temp, ENV, "generate", "a red cat", "--transport", transport,
          "--endpoint", server.endpoint(transport).toString(), "--poll-interval", "20ms");

      assertThat(r.exit()).as(r.toString()).isEqualTo(0);
      assertThat(r.out().strip()).isEqualTo(temp.resolve("fbv0000001-2.jpeg").toString());
      assertThat(Files.readString(temp.resolve("fbv0000001.jpeg"))).isEqualTo("an earlier image");
      assertThat(r.err()).contains("fbv0000001.jpeg exists");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void waitWithAnIdThatIsAPathStillWritesInsideTheWorkingDirectory(String transport) throws IOException {
    Path work = Files.createDirectories(temp.resolve("work"));
    try (HostileServer server = HostileServer.start("../escaped", true)) {
      CliRun r = CliRun.in(work, ENV, "wait", "../escaped", "--transport", transport,
          "--endpoint", server.endpoint(transport).toString(), "--poll-interval", "20ms");

      assertThat(r.exit()).as(r.toString()).isEqualTo(0);
      assertThat(Path.of(r.out().strip()).getParent()).isEqualTo(work);
      assertThat(temp.resolve("escaped.jpeg")).doesNotExist();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void theResumeHintQuotesAnIdAShellWouldRead(String transport) {
    String id = "op'; touch pwned #";
    try (HostileServer server = HostileServer.start(id, false)) {
      CliRun r = CliRun.in(temp, ENV, "generate", "a red cat", "--transport", transport,
          "--endpoint", server.endpoint(transport).toString(), "--poll-interval", "20ms", "--timeout", "2s");

      assertThat(r.exit()).as(r.toString()).isEqualTo(3);
      assertThat(r.err()).contains("resume with: yandexart wait 'op'\\''; touch pwned #' --transport " + transport);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void anIdWithEscapesIsShownEscapedAndQuotedForBash(String transport) {
    String id = "op\u001b[2J\nyandexart: forged";
    try (HostileServer server = HostileServer.start(id, false)) {
      CliRun r = CliRun.in(temp, ENV, "generate", "a red cat", "--transport", transport,
          "--endpoint", server.endpoint(transport).toString(), "--poll-interval", "20ms", "--timeout", "2s");

      assertThat(r.exit()).as(r.toString()).isEqualTo(3);
      assertThat(r.err()).doesNotContain("\u001b").doesNotContain("\nyandexart: forged");
      assertThat(r.err()).contains("yandexart wait $'op\\x1B[2J\\x0Ayandexart: forged'");
    }
  }
}
