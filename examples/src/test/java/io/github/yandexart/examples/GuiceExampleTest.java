package io.github.yandexart.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.guice.YandexArtModule;
import io.github.yandexart.guice.YandexArtTestingModule;
import io.github.yandexart.testkit.FakeImageGenerator;
import io.github.yandexart.testkit.InMemoryOperationStore;
import io.github.yandexart.testkit.Outcome;
import io.github.yandexart.testkit.VirtualScheduler;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The README's Guice section: an application class with the real module, then with the fake. */
class GuiceExampleTest {
  // README: guice-app
  static final class Posters {
    private final YandexArtClient client;

    @Inject
    Posters(YandexArtClient client) {
      this.client = client;
    }

    GeneratedImage poster(String prompt) {
      return client.generate(ImageGenerationRequest.of(ModelUri.of("b1gexample"), prompt));
    }
  }
  // README: end

  @Test
  void theRealModuleAgainstTheEmulator() {
    try (YandexArtEmulator emulator = YandexArtEmulator.builder()
        .store(InMemoryOperationStore.builder().smallImages(true).build()).build().start()) {
      emulator.store().setDefaultOutcome(Outcome.succeedAfterReads(1));
      ClientConfig config = ClientConfig.builder()
          .credentials(Credentials.apiKey("guice")).endpoint(emulator.restEndpoint()).transport("rest").build();
      // README: guice
      Injector injector = Guice.createInjector(YandexArtModule.withConfig(config));  // or fromEnvironment()
      Posters posters = injector.getInstance(Posters.class);
      GeneratedImage image = posters.poster("a red cat");
      // README: end
      assertThat(image.mimeType()).isEqualTo("image/jpeg");
      assertThat(emulator.store().submittedRequests()).hasSize(1);
      injector.getInstance(YandexArtClient.class).close();
    }
  }

  @Test
  void theSameApplicationWithTheFake() {
    // README: guice-test
    VirtualScheduler time = VirtualScheduler.autoAdvancing();   // waits take no real time
    FakeImageGenerator fake = FakeImageGenerator.create(time);
    Injector injector = Guice.createInjector(
        YandexArtModule.fromEnvironment(), YandexArtTestingModule.with(fake).withScheduler(time));
    Posters posters = injector.getInstance(Posters.class);
    // README: end
    assertThat(posters.poster("a red cat").mimeType()).isEqualTo("image/jpeg");
    assertThat(time.now()).as("two reads, 1 s and 2.5 s in").isAfter(java.time.Instant.parse("2026-01-01T00:00:02Z"));
    assertThat(fake.submittedRequests()).singleElement()
        .satisfies(r -> assertThat(r.messages().get(0).text()).isEqualTo("a red cat"));
  }
}
