package io.github.yandexart.guice;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.OptionalBinder;
import io.github.yandexart.ClientConfig;
import io.github.yandexart.ImageGenerator;
import java.util.Objects;

/**
 * Replaces the generator {@link YandexArtModule} binds with one given by hand, such as {@code
 * io.github.yandexart.testkit.FakeImageGenerator}, and the config with one that needs no
 * environment. Install it next to {@link YandexArtModule}:
 *
 * <pre>{@code
 * FakeImageGenerator fake = FakeImageGenerator.create();
 * Injector injector = Guice.createInjector(
 *     YandexArtModule.fromEnvironment(), YandexArtTestingModule.with(fake));
 * }</pre>
 */
public final class YandexArtTestingModule extends AbstractModule {
  private final ImageGenerator generator;
  private final ClientConfig config;

  private YandexArtTestingModule(ImageGenerator generator, ClientConfig config) {
    this.generator = generator;
    this.config = config;
  }

  /** Binds {@code generator} and a default config (no credentials, default wait policy). */
  public static YandexArtTestingModule with(ImageGenerator generator) {
    return with(generator, ClientConfig.builder().build());
  }

  /** Binds {@code generator} and {@code config}. */
  public static YandexArtTestingModule with(ImageGenerator generator, ClientConfig config) {
    return new YandexArtTestingModule(
        Objects.requireNonNull(generator, "generator"), Objects.requireNonNull(config, "config"));
  }

  @Override
  protected void configure() {
    OptionalBinder.newOptionalBinder(binder(), ImageGenerator.class).setBinding().toInstance(generator);
    OptionalBinder.newOptionalBinder(binder(), ClientConfig.class).setBinding().toInstance(config);
  }
}
