package io.github.yandexart.guice;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.github.yandexart.ClientConfig;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.ModelUri;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.spi.Scheduler;
import io.github.yandexart.testkit.FakeImageGenerator;
import io.github.yandexart.testkit.InMemoryOperationStore;
import io.github.yandexart.testkit.Outcome;
import io.github.yandexart.testkit.VirtualScheduler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class YandexArtTestingModuleTest {
  private static final java.time.Instant START = java.time.Instant.parse("2026-01-01T00:00:00Z");
  private static final ClientConfig FAST = ClientConfig.builder()
      .waitPolicy(WaitPolicy.builder()
          .initialDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(2)).build())
      .build();

  @Test
  void applicationGetsTheFakeInsteadOfADiscoveredTransport() {
    FakeImageGenerator fake = FakeImageGenerator.create();
    fake.store().setDefaultOutcome(Outcome.succeedAfterReads(1));
    Injector injector = Guice.createInjector(
        YandexArtModule.fromEnvironment(), YandexArtTestingModule.with(fake, FAST));

    ImageService service = injector.getInstance(ImageService.class);
    GeneratedImage image = service.draw("a red cat");

    assertThat(image.mimeType()).isEqualTo("image/jpeg");
    assertThat(fake.submittedRequests()).hasSize(1);
    assertThat(fake.submittedRequests().get(0).messages().get(0).text()).isEqualTo("a red cat");
    assertThat(injector.getInstance(ImageGenerator.class)).isSameAs(fake);
    service.client().close();
    assertThat(fake.isClosed()).isTrue();
  }

  @Test
  void clientAndGeneratorAreSingletons() {
    FakeImageGenerator fake = FakeImageGenerator.create();
    Injector injector = Guice.createInjector(
        YandexArtModule.fromEnvironment(), YandexArtTestingModule.with(fake, FAST));
    assertThat(injector.getInstance(YandexArtClient.class))
        .isSameAs(injector.getInstance(YandexArtClient.class));
    assertThat(injector.getInstance(ImageService.class).client())
        .isSameAs(injector.getInstance(YandexArtClient.class));
  }

  @Test
  void boundConfigDecidesTheClientsWaitPolicy() {
    Injector injector = Guice.createInjector(
        YandexArtModule.withConfig(FAST), YandexArtTestingModule.with(FakeImageGenerator.create(), FAST));
    assertThat(injector.getInstance(YandexArtClient.class).waitPolicy()).isEqualTo(FAST.waitPolicy());
  }

  @Test
  void creatingTheInjectorDoesNoWork() {
    // Without the testing module and with no transport on the classpath, discovery would fail:
    // the injector must still be created, because modules only bind.
    Injector injector = Guice.createInjector(YandexArtModule.withConfig(FAST));
    assertThat(injector.getBinding(YandexArtClient.class)).isNotNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> injector.getInstance(ImageGenerator.class))
        .hasMessageContaining("no yandexart transport found");
  }

  @Test
  void withAVirtualSchedulerTheApplicationsBlockingCallsRunInVirtualTime() {
    VirtualScheduler time = VirtualScheduler.autoAdvancing();
    FakeImageGenerator fake = FakeImageGenerator.over(
        InMemoryOperationStore.builder().clock(time.clock()).smallImages(true).build());
    fake.store().setDefaultOutcome(Outcome.succeedAfter(Duration.ofMinutes(3)));
    Injector injector = Guice.createInjector(
        YandexArtModule.fromEnvironment(), YandexArtTestingModule.with(fake).withScheduler(time));
    long started = System.nanoTime();

    GeneratedImage image = injector.getInstance(ImageService.class).draw("a red cat");

    assertThat(image.operationId()).hasValue(fake.store().operationIds().get(0));
    assertThat(Duration.between(START, time.now())).isGreaterThanOrEqualTo(Duration.ofMinutes(3));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no real waiting").isLessThan(Duration.ofSeconds(10));
    assertThat(injector.getInstance(Scheduler.class)).isSameAs(time);
  }

  @Test
  void theBoundConfigsFolderIsTheModelOfARequestWithoutOne() {
    VirtualScheduler time = VirtualScheduler.autoAdvancing();
    FakeImageGenerator fake = FakeImageGenerator.over(
        InMemoryOperationStore.builder().clock(time.clock()).smallImages(true).build());
    Injector injector = Guice.createInjector(YandexArtModule.fromEnvironment(),
        YandexArtTestingModule.with(fake, ClientConfig.builder().folderId("b1gconfigured").build()).withScheduler(time));

    injector.getInstance(ImageService.class).drawInTheConfiguredFolder("a red cat");

    assertThat(fake.submittedRequests()).singleElement()
        .satisfies(r -> assertThat(r.modelUri()).hasValue(ModelUri.of("b1gconfigured")));
  }
}
