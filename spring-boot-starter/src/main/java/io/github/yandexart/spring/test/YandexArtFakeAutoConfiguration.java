package io.github.yandexart.spring.test;

import io.github.yandexart.ImageGenerator;
import io.github.yandexart.spring.YandexArtAutoConfiguration;
import io.github.yandexart.testkit.FakeImageGenerator;
import io.github.yandexart.testkit.InMemoryOperationStore;
import io.github.yandexart.testkit.Outcome;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The testkit's fake as the application's {@link ImageGenerator}; imported by {@link
 * AutoConfigureYandexArtFake}, never on its own.
 */
@AutoConfiguration(before = YandexArtAutoConfiguration.class)
@ConditionalOnClass(FakeImageGenerator.class)
public class YandexArtFakeAutoConfiguration {

  /** The fake service: small images, each generation done at once. */
  @Bean
  @ConditionalOnMissingBean
  public InMemoryOperationStore yandexArtFakeStore() {
    return InMemoryOperationStore.builder().smallImages(true).defaultOutcome(Outcome.succeedAfterReads(0)).build();
  }

  /** The client owns and closes it. */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean(ImageGenerator.class)
  public FakeImageGenerator yandexArtFakeImageGenerator(InMemoryOperationStore store) {
    return FakeImageGenerator.over(store);
  }
}
