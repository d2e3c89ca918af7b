package io.github.yandexart.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.OperationFailedException;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import io.github.yandexart.spring.test.AutoConfigureYandexArtFake;
import io.github.yandexart.testkit.FakeImageGenerator;
import io.github.yandexart.testkit.InMemoryOperationStore;
import io.github.yandexart.testkit.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.junit.jupiter.api.Assertions.assertThrows;

// README: spring-boot-test
@SpringBootTest
@AutoConfigureYandexArtFake
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
    Executable poster = () -> posters.poster("a red cat");

    assertThrows(OperationFailedException.class, poster);
  }
}
// README: end
