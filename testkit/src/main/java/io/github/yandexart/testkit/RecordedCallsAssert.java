package io.github.yandexart.testkit;

import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.Message;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ObjectAssert;

/**
 * AssertJ assertions on what a fake service was asked: submits, reads and cancels as {@link
 * InMemoryOperationStore#calls()} recorded them. Start with {@link FakeAssertions#assertThat}. A
 * failure lists every recorded call.
 *
 * <pre>{@code
 * assertThat(fake).submittedOnce().submittedPrompt("a red cat").readTimes(operationId, 2).notCancelled();
 * }</pre>
 */
public final class RecordedCallsAssert extends AbstractAssert<RecordedCallsAssert, Object> {
  // The actual value is what the test passed (the fake or the store), so that AssertJ's own
  // isSameAs / isEqualTo still mean what they say; the calls come from the store.
  private final InMemoryOperationStore store;

  RecordedCallsAssert(Object actual, InMemoryOperationStore store) {
    super(actual, RecordedCallsAssert.class);
    this.store = store;
  }

  /** Exactly {@code count} submits were accepted (refused ones do not count). */
  public RecordedCallsAssert hasSubmitted(int count) {
    isNotNull();
    int accepted = store.submittedRequests().size();
    if (accepted != count) {
      failWithMessage("expected %d accepted submits but there were %d; calls:%n%s", count, accepted, calls());
    }
    return this;
  }

  /** Exactly one submit was accepted: the code under test did not generate twice (or not at all). */
  public RecordedCallsAssert submittedOnce() {
    return hasSubmitted(1);
  }

  /** No submit was accepted. */
  public RecordedCallsAssert submittedNothing() {
    return hasSubmitted(0);
  }

  /** Some accepted submit has a message whose text is exactly {@code text}. */
  public RecordedCallsAssert submittedPrompt(String text) {
    isNotNull();
    boolean found = store.submittedRequests().stream()
        .flatMap(r -> r.messages().stream())
        .map(Message::text)
        .anyMatch(text::equals);
    if (!found) {
      failWithMessage("expected a submit with the prompt \"%s\" but the prompts were %s",
          text, store.submittedRequests().stream().map(RecordedCallsAssert::texts).collect(Collectors.toList()));
    }
    return this;
  }

  /** Operation {@code operationId} was read exactly {@code times} times, counting reads that failed. */
  public RecordedCallsAssert readTimes(String operationId, int times) {
    isNotNull();
    long reads = count(RecordedCall.Kind.GET, operationId);
    if (reads != times) {
      failWithMessage("expected operation %s to be read %d times but it was read %d times; calls:%n%s",
          operationId, times, reads, calls());
    }
    return this;
  }

  /** Someone asked to cancel operation {@code operationId}. */
  public RecordedCallsAssert cancelled(String operationId) {
    isNotNull();
    if (count(RecordedCall.Kind.CANCEL, operationId) == 0) {
      failWithMessage("expected operation %s to be cancelled but it was not; calls:%n%s", operationId, calls());
    }
    return this;
  }

  /** Nobody asked to cancel any operation. */
  public RecordedCallsAssert notCancelled() {
    isNotNull();
    if (store.calls().stream().anyMatch(c -> c.kind() == RecordedCall.Kind.CANCEL)) {
      failWithMessage("expected no cancel calls; calls:%n%s", calls());
    }
    return this;
  }

  /** Assertions on the request of the latest accepted submit (which must exist). */
  public ObjectAssert<ImageGenerationRequest> lastSubmittedRequest() {
    isNotNull();
    List<ImageGenerationRequest> requests = store.submittedRequests();
    if (requests.isEmpty()) {
      failWithMessage("expected a submitted request but nothing was submitted; calls:%n%s", calls());
    }
    return Assertions.assertThat(requests.get(requests.size() - 1));
  }

  private long count(RecordedCall.Kind kind, String operationId) {
    return store.calls().stream()
        .filter(c -> c.kind() == kind && c.operationId().filter(operationId::equals).isPresent())
        .count();
  }

  private String calls() {
    List<RecordedCall> calls = store.calls();
    if (calls.isEmpty()) {
      return "  (none)";
    }
    return calls.stream().map(c -> "  " + c).collect(Collectors.joining(System.lineSeparator()));
  }

  private static List<String> texts(ImageGenerationRequest request) {
    return request.messages().stream().map(Message::text).collect(Collectors.toList());
  }
}
