package io.github.yandexart.testkit;

import java.util.Objects;

/**
 * Entry points of the testkit's AssertJ assertions. Import {@code assertThat} statically next to
 * AssertJ's own: the overloads do not clash.
 *
 * <pre>{@code
 * import static io.github.yandexart.testkit.FakeAssertions.assertThat;
 * import static org.assertj.core.api.Assertions.assertThat;
 *
 * assertThat(fake).submittedOnce().submittedPrompt("a red cat");
 * assertThat(image.mimeType()).isEqualTo("image/jpeg");
 * }</pre>
 *
 * <p>Needs {@code org.assertj:assertj-core} on the test classpath (an optional dependency of the
 * testkit).
 */
public final class FakeAssertions {
  private FakeAssertions() {}

  /** Assertions on the calls {@code fake} received. */
  public static RecordedCallsAssert assertThat(FakeImageGenerator fake) {
    Objects.requireNonNull(fake, "fake");
    return new RecordedCallsAssert(fake, fake.store());
  }

  /** Assertions on the calls {@code store} answered (for the emulator: {@code emulator.store()}). */
  public static RecordedCallsAssert assertThat(InMemoryOperationStore store) {
    Objects.requireNonNull(store, "store");
    return new RecordedCallsAssert(store, store);
  }
}
