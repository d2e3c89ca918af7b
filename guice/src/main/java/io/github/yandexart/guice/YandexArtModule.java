package io.github.yandexart.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import io.github.yandexart.ClientConfig;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.ImageGenerators;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.spi.Scheduler;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Binds {@link ClientConfig}, {@link ImageGenerator} and {@link YandexArtClient} as singletons.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(YandexArtModule.fromEnvironment());
 * YandexArtClient client = injector.getInstance(YandexArtClient.class);
 * }</pre>
 *
 * <p>The generator comes from discovery ({@link ImageGenerators#create(ClientConfig)}), which honours
 * a transport named in the config. Both the config and the generator are bound with {@link
 * OptionalBinder#setDefault()}, so a module may replace either with {@code setBinding()}; {@link
 * YandexArtTestingModule} does that for a fake. A {@link Scheduler} may be bound the same way (none
 * by default: the client runs its own timer thread); the testing module binds a virtual one. The
 * client gets the config's wait policy and folder. Nothing is created until first injected. The
 * application closes the {@link YandexArtClient} when it stops; that closes the generator too.
 */
public final class YandexArtModule extends AbstractModule {
  private final Supplier<ClientConfig> config;

  private YandexArtModule(Supplier<ClientConfig> config) {
    this.config = config;
  }

  /** Reads the config from the environment when it is first needed ({@link ClientConfig#fromEnvironment()}). */
  public static YandexArtModule fromEnvironment() {
    return new YandexArtModule(ClientConfig::fromEnvironment);
  }

  /** Uses {@code config}, built with {@link ClientConfig#builder()}. */
  public static YandexArtModule withConfig(ClientConfig config) {
    Objects.requireNonNull(config, "config");
    return new YandexArtModule(() -> config);
  }

  @Override
  protected void configure() {
    OptionalBinder.newOptionalBinder(binder(), ClientConfig.class)
        .setDefault().toProvider(config::get).in(Singleton.class);
    OptionalBinder.newOptionalBinder(binder(), ImageGenerator.class)
        .setDefault().toProvider(DiscoveredGenerator.class).in(Singleton.class);
    OptionalBinder.newOptionalBinder(binder(), Scheduler.class);
  }

  @Provides
  @Singleton
  YandexArtClient client(ImageGenerator generator, ClientConfig config, Optional<Scheduler> scheduler) {
    YandexArtClient.Builder b = YandexArtClient.builder().generator(generator).waitPolicy(config.waitPolicy());
    config.folderId().ifPresent(b::folderId);
    scheduler.ifPresent(b::scheduler);
    return b.build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof YandexArtModule;
  }

  @Override
  public int hashCode() {
    return YandexArtModule.class.hashCode();
  }

  /** The generator discovery picks for the bound config. */
  static final class DiscoveredGenerator implements com.google.inject.Provider<ImageGenerator> {
    private final ClientConfig config;

    @jakarta.inject.Inject
    DiscoveredGenerator(ClientConfig config) {
      this.config = config;
    }

    @Override
    public ImageGenerator get() {
      return ImageGenerators.create(config);
    }
  }
}
