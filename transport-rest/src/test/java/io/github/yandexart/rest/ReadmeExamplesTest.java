package io.github.yandexart.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.ImageGenerators;
import io.github.yandexart.ModelUri;
import io.github.yandexart.Operation;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.emulator.RecordedRequest;
import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.testkit.InMemoryOperationStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of transport-rest/README.md, compiled and run against the emulator: keep them in step. */
class ReadmeExamplesTest {
  private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern REGION =
      Pattern.compile("// README:(?! end)[^\\n]*\\n(.*?)// README: end", Pattern.DOTALL);

  private static YandexArtEmulator emulator;
  private final String apiKey = "readme-api-key";
  private final String folderId = "b1greadme";

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    InMemoryOperationStore store = InMemoryOperationStore.builder().smallImages(true)
        .pollIntervalHint(Duration.ofMillis(100)).build();
    emulator = YandexArtEmulator.builder().store(store).build().start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @BeforeEach
  void reset() {
    emulator.reset();
  }

  @Test
  void theQuickStartGeneratesAnImageThroughDiscovery() throws IOException {
    URI endpoint = emulator.restEndpoint();
    Path output = dir.resolve("cat.jpeg");

    // README: quick start
    ClientConfig config = ClientConfig.builder()
        .credentials(Credentials.apiKey(apiKey))
        .folderId(folderId)
        .endpoint(endpoint)   // leave out for Yandex Cloud; tests give the emulator's restEndpoint()
        .build();
    try (YandexArtClient client = YandexArtClient.create(config)) {
      GeneratedImage image = client.generate(ImageGenerationRequest.of(ModelUri.of(folderId), "a red cat"));
      image.writeTo(output);
    }
    // README: end

    byte[] written = Files.readAllBytes(output);
    assertThat(written).startsWith((byte) 0xff, (byte) 0xd8, (byte) 0xff);
    assertThat(emulator.requests().get(0).header("authorization")).contains("Api-Key " + apiKey);
  }

  @Test
  void theProviderCanBePassedByHand() {
    ClientConfig config = ClientConfig.builder()
        .credentials(Credentials.apiKey(apiKey)).endpoint(emulator.restEndpoint()).build();

    // README: by hand
    try (ImageGenerator generator = ImageGenerators.create(config, new RestImageGeneratorProvider())) {
      Operation started = generator.submit(ImageGenerationRequest.of(ModelUri.of(folderId), "a red cat")).join();
      Operation now = generator.getOperation(started.id()).join();
    }
    // README: end

    String id = emulator.store().operationIds().get(0);
    assertThat(emulator.requests()).extracting(RecordedRequest::method)
        .containsExactly("POST /foundationModels/v1/imageGenerationAsync", "GET /operations/" + id);
  }

  @Test
  void everyJavaSnippetOfTheReadmeIsInThisFile() throws IOException {
    List<String> regions = new ArrayList<>();
    Matcher r = REGION.matcher(Files.readString(Path.of("src/test/java/io/github/yandexart/rest/ReadmeExamplesTest.java")));
    while (r.find()) {
      regions.add(normalize(r.group(1)));
    }
    Matcher m = BLOCK.matcher(Files.readString(Path.of("README.md")));
    int blocks = 0;
    while (m.find()) {
      blocks++;
      String snippet = normalize(m.group(1));
      assertThat(regions).as("README snippet #%d is not in a // README: region:%n%s", blocks, snippet)
          .anyMatch(region -> region.contains(snippet));
    }
    assertThat(blocks).isEqualTo(2);
  }

  private static String normalize(String code) {
    return code.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
  }
}
