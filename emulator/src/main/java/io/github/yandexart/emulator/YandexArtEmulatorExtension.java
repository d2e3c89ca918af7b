package io.github.yandexart.emulator;

import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.testkit.InMemoryOperationStore;
import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that runs one {@link YandexArtEmulator} for a test class: started before the
 * first test, {@linkplain YandexArtEmulator#reset() reset} before each (store, faults and recorded
 * requests; trusted keys stay), closed after the last.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final YandexArtEmulatorExtension EMULATOR = YandexArtEmulatorExtension.withSmallImages();
 *
 * @Test
 * void generates() {
 *   try (YandexArtClient client = YandexArtClient.create(EMULATOR.config("grpc"))) { ... }
 * }
 * }</pre>
 *
 * <p>Register it on a static field. Test methods may also take a {@link YandexArtEmulator} parameter.
 */
public final class YandexArtEmulatorExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, ParameterResolver {
  private final Supplier<YandexArtEmulator> factory;
  private volatile YandexArtEmulator emulator;

  private YandexArtEmulatorExtension(Supplier<YandexArtEmulator> factory) {
    this.factory = factory;
  }

  /** An emulator with small (about 64×64) images, so suites stay fast. */
  public static YandexArtEmulatorExtension withSmallImages() {
    return of(() -> YandexArtEmulator.builder()
        .store(InMemoryOperationStore.builder().smallImages(true).build()).build());
  }

  /** An emulator from {@code builder}, which is built (not started) once per test class. */
  public static YandexArtEmulatorExtension of(Supplier<YandexArtEmulator> builder) {
    return new YandexArtEmulatorExtension(Objects.requireNonNull(builder, "builder"));
  }

  /** The running emulator. */
  public YandexArtEmulator emulator() {
    YandexArtEmulator e = emulator;
    if (e == null) {
      throw new IllegalStateException("the emulator runs only while the test class does: register"
          + " the extension on a static field with @RegisterExtension");
    }
    return e;
  }

  /** The store behind the emulator: script outcomes and faults here. */
  public InMemoryOperationStore store() {
    return emulator().store();
  }

  /**
   * A config that points {@code transport} ({@code "rest"} or {@code "grpc"}) at this emulator with
   * an API key; add to it with {@code toBuilder()}.
   */
  public ClientConfig config(String transport) {
    return ClientConfig.builder()
        .credentials(Credentials.apiKey("emulator"))
        .transport(transport)
        .endpoint(transport.equals("grpc") ? emulator().grpcEndpoint() : emulator().restEndpoint())
        .build();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    emulator = factory.get().start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    emulator().reset();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    YandexArtEmulator e = emulator;
    emulator = null;
    if (e != null) {
      e.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == YandexArtEmulator.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return emulator();
  }
}
