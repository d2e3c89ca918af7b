package io.github.yandexart.testkit;

import static io.github.yandexart.testkit.FakeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.ModelUri;
import io.github.yandexart.YandexArtClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;

@ExtendWith(FakeImageGeneratorExtension.class)
class FakeImageGeneratorExtensionTest {
  private static final ImageGenerationRequest REQUEST = ImageGenerationRequest.of(ModelUri.of("b1gext"), "a red cat");

  private FakeImageGenerator fromBeforeEach;

  @BeforeEach
  void remember(FakeImageGenerator fake) {
    fromBeforeEach = fake;
  }

  @Test
  void resolvesOneWiredSetOfObjectsPerTest(FakeImageGenerator fake, ImageGenerator generator,
      InMemoryOperationStore store, VirtualScheduler time, YandexArtClient client) {
    assertThat(generator).isSameAs(fake);
    assertThat(fromBeforeEach).as("@BeforeEach sees the test's fake").isSameAs(fake);
    assertThat(fake.store()).isSameAs(store);
    assertThat(client.generator()).isSameAs(fake);
    time.advance(Duration.ofHours(1));
    assertThat(store.clock().instant()).as("the store runs on the scheduler's clock").isEqualTo(time.now());
  }

  @Test
  void clientWaitsOnTheVirtualSchedulerWithoutJitter(YandexArtClient client, VirtualScheduler time,
      FakeImageGenerator fake) {
    GeneratedImage image = time.advanceUntilDone(client.generateAsync(REQUEST), Duration.ofMinutes(1));

    assertThat(image.size()).as("small images by default").isLessThan(8 * 1024);
    assertThat(fake).submittedOnce().submittedPrompt("a red cat");
    assertThat(fake.calls()).extracting(RecordedCall::at).containsExactly(
        VirtualSchedulerTest.START, VirtualSchedulerTest.START.plusSeconds(1), VirtualSchedulerTest.START.plusMillis(2500));
  }

  @Test
  void eachTestGetsAFreshSetThatIsClosedAfterIt() {
    Sample.seen.clear();
    Map<String, TestExecutionResult> results = NestedRun.run(Sample.class);

    assertThat(results).containsOnlyKeys("first", "second");
    assertThat(results.values()).extracting(TestExecutionResult::getStatus)
        .containsOnly(TestExecutionResult.Status.SUCCESSFUL);
    assertThat(Sample.seen).hasSize(3).doesNotHaveDuplicates();
    assertThat(Sample.seen).allSatisfy(fake -> assertThat(fake.isClosed()).isTrue());
  }

  @ExtendWith({NestedRun.Only.class, FakeImageGeneratorExtension.class})
  static class Sample {
    static final List<FakeImageGenerator> seen = Collections.synchronizedList(new ArrayList<>());
    static FakeImageGenerator forTheClass;

    @BeforeAll
    static void forTheClass(FakeImageGenerator fake) {
      forTheClass = fake;
      seen.add(fake);
    }

    @Test
    void first(FakeImageGenerator fake, InMemoryOperationStore store) {
      check(fake, store);
    }

    @Test
    void second(FakeImageGenerator fake, InMemoryOperationStore store) {
      check(fake, store);
    }

    private static void check(FakeImageGenerator fake, InMemoryOperationStore store) {
      assertThat(fake).isNotSameAs(forTheClass);
      assertThat(fake.isClosed()).isFalse();
      assertThat(store.calls()).as("nothing left over from another test").isEmpty();
      fake.submit(REQUEST);
      seen.add(fake);
    }
  }
}
