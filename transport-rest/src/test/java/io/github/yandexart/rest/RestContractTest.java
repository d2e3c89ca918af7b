package io.github.yandexart.rest;

import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.testkit.ImageGeneratorContract;
import io.github.yandexart.testkit.InMemoryOperationStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The transport contract, over a real socket to the emulator's REST side. */
class RestContractTest extends ImageGeneratorContract {
  private static YandexArtEmulator emulator;
  private static ImageGenerator generator;

  private static ClientConfig config() {
    return ClientConfig.builder()
        .credentials(Credentials.apiKey("contract-key"))
        .endpoint(emulator.restEndpoint())
        .build();
  }

  @BeforeAll
  static void start() {
    emulator = TestSupport.startEmulator();
    generator = new RestImageGeneratorProvider().create(config());
  }

  @AfterAll
  static void stop() {
    generator.close();
    emulator.close();
  }

  @Override
  protected ImageGenerator generator() {
    return generator;
  }

  @Override
  protected ImageGenerator newGenerator() {
    return new RestImageGeneratorProvider().create(config());
  }

  @Override
  protected InMemoryOperationStore store() {
    return emulator.store();
  }
}
