package io.github.yandexart.spring.test;

import io.github.yandexart.ImageGenerator;
import io.github.yandexart.spi.Scheduler;
import io.github.yandexart.spring.YandexArtAutoConfiguration;
import io.github.yandexart.testkit.FakeImageGenerator;
import io.github.yandexart.testkit.InMemoryOperationStore;
import io.github.yandexart.testkit.VirtualScheduler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The testkit's fake as the application's {@link ImageGenerator}, in virtual time; imported by
 * {@link AutoConfigureYandexArtFake}, never on its own.
 */
@AutoConfiguration(before = YandexArtAutoConfiguration.class)
@ConditionalOnClass(FakeImageGenerator.class)
public class YandexArtFakeAutoConfiguration {

  /**
   * The client's time: virtual, and moving by itself while a thread is blocked in a client call, so
   * a wait of minutes takes no real time.
   */
  @Bean
  @ConditionalOnMissingBean(Scheduler.class)
  public VirtualScheduler yandexArtVirtualScheduler() {
    return VirtualScheduler.autoAdvancing();
  }

  /** The fake service, on the virtual clock when there is one: small images, done after two reads. */
  @Bean
  @ConditionalOnMissingBean
  public InMemoryOperationStore yandexArtFakeStore(ObjectProvider<VirtualScheduler> time) {
    InMemoryOperationStore.Builder store = InMemoryOperationStore.builder().smallImages(true);
    time.ifAvailable(t -> store.clock(t.clock()));
    return store.build();
  }

  /** The client owns and closes it. */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean(ImageGenerator.class)
  public FakeImageGenerator yandexArtFakeImageGenerator(InMemoryOperationStore store) {
    return FakeImageGenerator.over(store);
  }
}
