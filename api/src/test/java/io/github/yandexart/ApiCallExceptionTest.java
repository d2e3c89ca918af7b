package io.github.yandexart;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ApiCallException.Origin;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiCallExceptionTest {

  @Test
  void messageNamesOperationCodeHttpStatusServerMessageAndRequestId() {
    ApiCallException e = ApiCallException.builder(StatusCode.PERMISSION_DENIED, Origin.SERVER)
        .operationId("fbv123")
        .httpStatus(403)
        .status(OperationStatus.of(StatusCode.PERMISSION_DENIED, "no role ai.imageGeneration.user",
            List.of(OperationStatus.Detail.requestInfo("req-9"))))
        .clientRequestId("client-1")
        .build();
    assertThat(e).hasMessage(
        "operation fbv123: PERMISSION_DENIED (HTTP 403): no role ai.imageGeneration.user [request id req-9]");
    assertThat(e.requestId()).hasValue("req-9");
    assertThat(e.clientRequestId()).hasValue("client-1");
    assertThat(e.operationId()).hasValue("fbv123");
    assertThat(e.httpStatus()).hasValue(403);
    assertThat(e.code()).isEqualTo(StatusCode.PERMISSION_DENIED);
    assertThat(e.origin()).isEqualTo(Origin.SERVER);
    assertThat(e.status().map(OperationStatus::message)).hasValue("no role ai.imageGeneration.user");
  }

  @Test
  void anExplicitMessageAndRequestIdWinOverTheStatus() {
    ApiCallException e = ApiCallException.builder(StatusCode.INTERNAL, Origin.SERVER)
        .status(OperationStatus.of(StatusCode.INTERNAL, "from status", List.of(OperationStatus.Detail.requestInfo("s"))))
        .message("explicit")
        .requestId("header-id")
        .build();
    assertThat(e).hasMessage("INTERNAL: explicit [request id header-id]");
    assertThat(e.requestId()).hasValue("header-id");
  }

  @Test
  void withoutAServerRequestIdTheClientRequestIdIsQuoted() {
    ApiCallException e = ApiCallException.builder(StatusCode.UNAVAILABLE, Origin.CONNECT)
        .message("connection refused").clientRequestId("c-7").build();
    assertThat(e).hasMessage("UNAVAILABLE: connection refused [client request id c-7]");
    assertThat(e.requestId()).isEmpty();
  }

  @Test
  void absentPartsAreEmpty() {
    ApiCallException e = ApiCallException.builder(StatusCode.UNKNOWN, Origin.CLIENT).build();
    assertThat(e).hasMessage("UNKNOWN");
    assertThat(e.operationId()).isEmpty();
    assertThat(e.status()).isEmpty();
    assertThat(e.httpStatus()).isEmpty();
    assertThat(e.requestId()).isEmpty();
    assertThat(e.serverTraceId()).isEmpty();
    assertThat(e.clientRequestId()).isEmpty();
    assertThat(e.retryAfter()).isEmpty();
    assertThat(e.getCause()).isNull();
  }

  @Test
  void withOperationIdKeepsEverythingAndWrapsTheOriginal() {
    IOException io = new IOException("reset");
    ApiCallException e = ApiCallException.builder(StatusCode.UNAVAILABLE, Origin.TRANSPORT)
        .httpStatus(503).message("reset").requestId("r").serverTraceId("t").clientRequestId("c")
        .retryAfter(Duration.ofSeconds(3)).cause(io).build();
    ApiCallException withId = e.withOperationId("op1");
    assertThat(withId.operationId()).hasValue("op1");
    assertThat(withId).hasMessage("operation op1: UNAVAILABLE (HTTP 503): reset [request id r]");
    assertThat(withId.code()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(withId.origin()).isEqualTo(Origin.TRANSPORT);
    assertThat(withId.httpStatus()).hasValue(503);
    assertThat(withId.requestId()).hasValue("r");
    assertThat(withId.serverTraceId()).hasValue("t");
    assertThat(withId.clientRequestId()).hasValue("c");
    assertThat(withId.retryAfter()).hasValue(Duration.ofSeconds(3));
    assertThat(withId.getCause()).isSameAs(e);
    assertThat(withId.withOperationId("op1")).isSameAs(withId);
  }

  @Test
  void toBuilderRebuildsAnEqualException() {
    ApiCallException e = ApiCallException.builder(StatusCode.RESOURCE_EXHAUSTED, Origin.SERVER)
        .httpStatus(429).message("quota").retryAfter(Duration.ofSeconds(1)).operationId("op").build();
    ApiCallException copy = e.toBuilder().build();
    assertThat(copy).hasMessage(e.getMessage());
    assertThat(copy.retryAfter()).isEqualTo(e.retryAfter());
    assertThat(copy.operationId()).isEqualTo(e.operationId());
  }

  /** The rule, written independently of the implementation: see ApiCallException.Origin and API-FACTS §4. */
  private static boolean expectedProvablyNotAccepted(Origin origin, StatusCode code) {
    if (origin == Origin.CONNECT) {
      return true;
    }
    return origin == Origin.SERVER && Set.of(StatusCode.RESOURCE_EXHAUSTED, StatusCode.UNAVAILABLE).contains(code);
  }

  private static boolean expectedRetryableRead(Origin origin, StatusCode code) {
    if (origin == Origin.CONNECT || origin == Origin.TRANSPORT) {
      return true;
    }
    return origin == Origin.SERVER
        && Set.of(StatusCode.RESOURCE_EXHAUSTED, StatusCode.UNAVAILABLE, StatusCode.INTERNAL).contains(code);
  }

  @Test
  void provablyNotAcceptedHoldsOnlyForNoConnectionOr429Or503Answers() {
    for (Origin origin : Origin.values()) {
      for (StatusCode code : StatusCode.values()) {
        assertThat(ApiCallException.builder(code, origin).build().isProvablyNotAccepted())
            .as("%s %s", origin, code)
            .isEqualTo(expectedProvablyNotAccepted(origin, code));
      }
    }
  }

  @Test
  void ambiguousFailuresAreNeverProvablyNotAccepted() {
    for (StatusCode code : EnumSet.allOf(StatusCode.class)) {
      assertThat(ApiCallException.builder(code, Origin.TRANSPORT).build().isProvablyNotAccepted()).as("%s", code).isFalse();
    }
    assertThat(ApiCallException.builder(StatusCode.INTERNAL, Origin.SERVER).httpStatus(500).build()
        .isProvablyNotAccepted()).isFalse();
    assertThat(ApiCallException.builder(StatusCode.DEADLINE_EXCEEDED, Origin.SERVER).build()
        .isProvablyNotAccepted()).isFalse();
  }

  @Test
  void retryableReadHoldsForNetworkFailuresAndUnavailableExhaustedOrInternalAnswers() {
    for (Origin origin : Origin.values()) {
      for (StatusCode code : StatusCode.values()) {
        assertThat(ApiCallException.builder(code, origin).build().isRetryableRead())
            .as("%s %s", origin, code)
            .isEqualTo(expectedRetryableRead(origin, code));
      }
    }
  }

  @Test
  void clientSideFailuresAreNeitherRetriedNorResubmitted() {
    ApiCallException e = ApiCallException.builder(StatusCode.UNAUTHENTICATED, Origin.CLIENT).build();
    assertThat(e.isRetryableRead()).isFalse();
    assertThat(e.isProvablyNotAccepted()).isFalse();
  }

  @Test
  void aPermanentFailureIsNeitherRetriedNorResubmittedWhateverItsCode() {
    ApiCallException e = ApiCallException.builder(StatusCode.UNAVAILABLE, Origin.SERVER).permanent(true).build();
    assertThat(e.isPermanent()).isTrue();
    assertThat(e.isRetryableRead()).isFalse();
    assertThat(e.isProvablyNotAccepted()).isFalse();
    assertThat(e.toBuilder().build().isPermanent()).as("kept by toBuilder").isTrue();
    assertThat(e.withOperationId("op1").isPermanent()).isTrue();
    assertThat(ApiCallException.builder(StatusCode.UNAVAILABLE, Origin.SERVER).build().isPermanent()).isFalse();
  }

  @Test
  void aHugeServerMessageIsCutToAFewKibWithAVisibleMarker() {
    String huge = "x".repeat(10 * 1024 * 1024);
    ApiCallException fromMessage = ApiCallException.builder(StatusCode.INTERNAL, Origin.SERVER).message(huge).build();
    ApiCallException fromStatus = ApiCallException.builder(StatusCode.INTERNAL, Origin.SERVER)
        .status(OperationStatus.of(StatusCode.INTERNAL, huge)).build();
    for (ApiCallException e : java.util.List.of(fromMessage, fromStatus)) {
      assertThat(e.getMessage().length()).isLessThan(OperationStatus.MAX_MESSAGE_LENGTH + 100);
      assertThat(e.getMessage()).endsWith("…[cut " + (huge.length() - OperationStatus.MAX_MESSAGE_LENGTH) + " chars]");
    }
    assertThat(fromMessage.toBuilder().build().getMessage()).isEqualTo(fromMessage.getMessage());
  }
}
