package io.github.yandexart.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.Operation;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionTest {
  private static final String KEY = "AQVN-CANARY-0123456789";

  @Test
  void theCurrentSecretIsRedactedWhereverItAppears() {
    assertThat(Redaction.redact("bad credentials: Api-Key " + KEY + " (key " + KEY + ")", "Api-Key " + KEY))
        .isEqualTo("bad credentials: <redacted> (key <redacted>)");
    assertThat(Redaction.redact("token t1.CANARYtoken rejected", "Bearer t1.CANARYtoken"))
        .isEqualTo("token <redacted> rejected");
  }

  @Test
  void anyApiKeyOrBearerFormIsRedactedEvenWithoutKnowingTheSecret() {
    assertThat(Redaction.redact("got \"Api-Key abc.def\" and bearer xyz, then Bearer%20t1.q", null))
        .isEqualTo("got \"Api-Key <redacted>\" and bearer <redacted>, then Bearer <redacted>");
    assertThat(Redaction.redact("API-KEY k1\naPi-kEy+k2 BEARER k3 api-key", null))
        .as("any case, at the start and at the end").isEqualTo("API-KEY <redacted>\naPi-kEy <redacted> BEARER <redacted> api-key");
    assertThat(Redaction.redact("bEaReR\tt4", null)).isEqualTo("bEaReR <redacted>");
  }

  @Test
  void ordinaryTextAndShortSecretsAreLeftAlone() {
    assertThat(Redaction.redact("Operation abc not found", "Api-Key abc")).isEqualTo("Operation abc not found");
    assertThat(Redaction.redact((String) null, "Api-Key " + KEY)).isNull();
    assertThat(Redaction.redact("", null)).isEmpty();
  }

  @Test
  void aStatusHasItsMessageAndDetailsRedacted() {
    OperationStatus status = OperationStatus.of(StatusCode.UNAUTHENTICATED, "bad credentials: Api-Key " + KEY,
        List.of(OperationStatus.Detail.of("type.googleapis.com/google.rpc.ErrorInfo", Map.of("reason", "key " + KEY))));

    OperationStatus redacted = Redaction.redact(status, "Api-Key " + KEY);

    assertThat(redacted.message()).isEqualTo("bad credentials: <redacted>");
    assertThat(redacted.details().get(0).fields()).containsEntry("reason", "key <redacted>");
    assertThat(redacted.code()).isEqualTo(StatusCode.UNAUTHENTICATED);
    OperationStatus clean = OperationStatus.of(StatusCode.NOT_FOUND, "no such operation");
    assertThat(Redaction.redact(clean, "Api-Key " + KEY)).isSameAs(clean);
  }

  @Test
  void anOperationHasItsErrorAndDescriptionRedacted() {
    Operation op = Operation.builder("op1").done(true).description("for Api-Key " + KEY)
        .error(OperationStatus.of(StatusCode.PERMISSION_DENIED, "Bearer " + KEY + " may not")).build();

    Operation redacted = Redaction.redact(op, "Api-Key " + KEY);

    assertThat(redacted.toString()).doesNotContain(KEY);
    assertThat(redacted.error().orElseThrow().message()).isEqualTo("Bearer <redacted> may not");
    assertThat(redacted.description()).isEqualTo("for <redacted>");
    assertThat(redacted.id()).isEqualTo("op1");
  }
}
