package io.github.yandexart.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.testkit.Outcome;
import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class YandexArtEmulatorExtensionTest {
  @RegisterExtension
  static final YandexArtEmulatorExtension EMULATOR = YandexArtEmulatorExtension.withSmallImages();

  private static final AtomicReference<URI> FIRST = new AtomicReference<>();

  @Test
  @Order(1)
  void oneEmulatorServesTheClassAndIsResolvedAsAParameter(YandexArtEmulator emulator) {
    assertThat(emulator).isSameAs(EMULATOR.emulator());
    FIRST.set(emulator.restEndpoint());
    EMULATOR.store().setDefaultOutcome(Outcome.neverDone());
    EMULATOR.store().submit(ImageGenerationRequest.of(ModelUri.of("b1gext"), "a red cat"));
    assertThat(EMULATOR.config("grpc").generationEndpoint()).isEqualTo(emulator.grpcEndpoint());
    assertThat(EMULATOR.config("rest").transport()).hasValue("rest");
  }

  @Test
  @Order(2)
  void eachTestStartsFromAResetStoreOnTheSameEmulator() {
    assertThat(EMULATOR.emulator().restEndpoint()).isEqualTo(FIRST.get());
    assertThat(EMULATOR.store().operationIds()).isEmpty();
  }
}
