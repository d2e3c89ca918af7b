package io.github.yandexart.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.multibindings.OptionalBinder;
import io.github.yandexart.ClientConfig;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.spi.Scheduler;
import java.util.Objects;

/**
 * Replaces the generator {@link YandexArtModule} binds with one given by hand, such as {@code
 * io.github.yandexart.testkit.FakeImageGenerator}, and the config with one that needs no
 * environment; optionally the client's scheduler, so that waits run in virtual time. Install it
 * next to {@link YandexArtModule}:
 *
 * <pre>{@code
 * VirtualScheduler time = VirtualScheduler.autoAdvancing();
 * FakeImageGenerator fake = FakeImageGenerator.over(
 *     InMemoryOperationStore.builder().clock(time.clock()).smallImages(true).build());
 * Injector injector = Guice.createInjector(
 *     YandexArtModule.fromEnvironment(), YandexArtTestingModule.with(fake).withScheduler(time));
 * }</pre>
 *
 * <p>Immutable: {@link #withScheduler} returns a new module.
 */
public final class YandexArtTestingModule extends AbstractModule {
  private final ImageGenerator generator;
  private final ClientConfig config;
  /** Binds the scheduler given, or nothing (the client then runs its own timer thread). */
  private final Module schedulerBinding;

  private YandexArtTestingModule(ImageGenerator generator, ClientConfig config, Scheduler scheduler) {
    this.generator = generator;
    this.config = config;
    this.schedulerBinding = scheduler == null
        ? binder -> OptionalBinder.newOptionalBinder(binder, Scheduler.class)
        : binder -> OptionalBinder.newOptionalBinder(binder, Scheduler.class).setBinding().toInstance(scheduler);
  }

  /** Binds {@code generator} and a default config (no credentials, default wait policy). */
  public static YandexArtTestingModule with(ImageGenerator generator) {
    return with(generator, ClientConfig.builder().build());
  }

  /** Binds {@code generator} and {@code config}. */
  public static YandexArtTestingModule with(ImageGenerator generator, ClientConfig config) {
    return new YandexArtTestingModule(
        Objects.requireNonNull(generator, "generator"), Objects.requireNonNull(config, "config"), null);
  }

  /**
   * This module, also binding the client's {@link Scheduler}: pass {@code
   * io.github.yandexart.testkit.VirtualScheduler.autoAdvancing()} (the one the fake's store runs on)
   * so that the application's blocking calls finish in virtual time.
   */
  public YandexArtTestingModule withScheduler(Scheduler scheduler) {
    return new YandexArtTestingModule(generator, config, Objects.requireNonNull(scheduler, "scheduler"));
  }

  @Override
  protected void configure() {
    OptionalBinder.newOptionalBinder(binder(), ImageGenerator.class).setBinding().toInstance(generator);
    OptionalBinder.newOptionalBinder(binder(), ClientConfig.class).setBinding().toInstance(config);
    install(schedulerBinding);
  }
}
