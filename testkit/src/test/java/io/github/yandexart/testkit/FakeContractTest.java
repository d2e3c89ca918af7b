package io.github.yandexart.testkit;

import io.github.yandexart.ImageGenerator;

/** The fake behaves as the contract says every generator must. */
class FakeContractTest extends ImageGeneratorContract {
  private final FakeImageGenerator fake = FakeImageGenerator.create();

  @Override
  protected ImageGenerator generator() {
    return fake;
  }

  @Override
  protected ImageGenerator newGenerator() {
    return FakeImageGenerator.over(fake.store());
  }

  @Override
  protected InMemoryOperationStore store() {
    return fake.store();
  }
}
