package io.github.yandexart.examples.spring;

// README: spring-boot-test
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.yandexart.OperationFailedException;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import io.github.yandexart.spring.test.AutoConfigureYandexArtFake;
import io.github.yandexart.testkit.FakeImageGenerator;
import io.github.yandexart.testkit.InMemoryOperationStore;
import io.github.yandexart.testkit.Outcome;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest
@AutoConfigureYandexArtFake   // the testkit's fake instead of a transport: no network, no credentials
class PosterServiceFakeTest {
  @Autowired PosterService posters;
  @Autowired FakeImageGenerator fake;
  @Autowired InMemoryOperationStore store;

  @Test
  void makesOnePosterWithThePrompt() {
    posters.poster("a red cat");

    assertThat(fake.submittedRequests()).singleElement()
        .satisfies(r -> assertThat(r.messages().get(0).text()).isEqualTo("a red cat"));
  }

  @Test
  void aFailedGenerationReachesTheCaller() {
    store.setDefaultOutcome(Outcome.failAfterReads(0, OperationStatus.of(StatusCode.INVALID_ARGUMENT, "no cats")));

    assertThatThrownBy(() -> posters.poster("a red cat")).isInstanceOf(OperationFailedException.class);
  }
}
// README: end
