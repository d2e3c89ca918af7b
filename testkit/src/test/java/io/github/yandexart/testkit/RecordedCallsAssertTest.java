package io.github.yandexart.testkit;

import static io.github.yandexart.testkit.FakeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.StatusCode;
import org.junit.jupiter.api.Test;

class RecordedCallsAssertTest {
  private final FakeImageGenerator fake = FakeImageGenerator.create();

  private static ImageGenerationRequest request(String prompt) {
    return ImageGenerationRequest.builder().modelUri(ModelUri.of("b1gassert")).addMessage(prompt)
        .addMessage("blurry", -1).build();
  }

  @Test
  void passesWhenTheCallsAreAsClaimed() {
    String id = fake.submit(request("a red cat")).join().id();
    fake.getOperation(id);
    fake.getOperation(id);

    assertThat(fake).submittedOnce().hasSubmitted(1).submittedPrompt("a red cat").submittedPrompt("blurry")
        .readTimes(id, 2).readTimes("fbvother000000000000", 0).notCancelled();
    assertThat(fake).lastSubmittedRequest().isEqualTo(request("a red cat"));
    fake.cancelOperation(id);
    assertThat(fake.store()).cancelled(id);
    assertThat("AssertJ's own assertThat still works alongside").startsWith("AssertJ");
    assertThat(fake).as("AssertJ's object assertions compare the fake itself").isSameAs(fake).isNotEqualTo(fake.store());
  }

  @Test
  void submitCountsOnlyAcceptedSubmitsAndSaysWhatWasCalled() {
    fake.store().faults().refuseNextSubmits(1, StatusCode.RESOURCE_EXHAUSTED, null);
    fake.submit(request("refused"));
    assertThat(fake).submittedNothing();
    fake.submit(request("accepted"));
    fake.submit(request("again"));

    assertThatThrownBy(() -> assertThat(fake).submittedOnce())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected 1 accepted submits but there were 2")
        .hasMessageContaining("SUBMIT \"refused\" -> RESOURCE_EXHAUSTED")
        .hasMessageContaining("\"accepted\"");
  }

  @Test
  void missingPromptIsReportedWithThePromptsThatWereSent() {
    fake.submit(request("a red cat"));
    assertThatThrownBy(() -> assertThat(fake).submittedPrompt("a red dog"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("\"a red dog\"")
        .hasMessageContaining("[[a red cat, blurry]]");
  }

  @Test
  void readTimesCountsFailedReadsToo() {
    String id = fake.submit(request("flaky")).join().id();
    fake.store().faults().failNextReads(1);
    fake.getOperation(id);
    fake.getOperation(id);
    assertThat(fake).readTimes(id, 2);
    assertThatThrownBy(() -> assertThat(fake).readTimes(id, 1))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected operation " + id + " to be read 1 times but it was read 2 times")
        .hasMessageContaining("GET " + id + " -> UNAVAILABLE");
  }

  @Test
  void cancelAssertionsFailTheRightWay() {
    String id = fake.submit(request("slow")).join().id();
    assertThatThrownBy(() -> assertThat(fake).cancelled(id))
        .isInstanceOf(AssertionError.class).hasMessageContaining("expected operation " + id + " to be cancelled");
    fake.cancelOperation(id);
    assertThatThrownBy(() -> assertThat(fake).notCancelled())
        .isInstanceOf(AssertionError.class).hasMessageContaining("CANCEL " + id);
  }

  @Test
  void lastSubmittedRequestNeedsASubmit() {
    assertThatThrownBy(() -> assertThat(fake).lastSubmittedRequest())
        .isInstanceOf(AssertionError.class).hasMessageContaining("nothing was submitted").hasMessageContaining("(none)");
  }
}
