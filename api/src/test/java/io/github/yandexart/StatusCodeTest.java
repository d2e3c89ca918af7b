package io.github.yandexart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class StatusCodeTest {

  /** API-FACTS §2, written out again so that a slip in the enum shows. */
  private static final Map<StatusCode, Integer> HTTP = new EnumMap<>(Map.ofEntries(
      Map.entry(StatusCode.OK, 200),
      Map.entry(StatusCode.CANCELLED, 499),
      Map.entry(StatusCode.UNKNOWN, 500),
      Map.entry(StatusCode.INVALID_ARGUMENT, 400),
      Map.entry(StatusCode.DEADLINE_EXCEEDED, 504),
      Map.entry(StatusCode.NOT_FOUND, 404),
      Map.entry(StatusCode.ALREADY_EXISTS, 409),
      Map.entry(StatusCode.PERMISSION_DENIED, 403),
      Map.entry(StatusCode.RESOURCE_EXHAUSTED, 429),
      Map.entry(StatusCode.FAILED_PRECONDITION, 400),
      Map.entry(StatusCode.ABORTED, 409),
      Map.entry(StatusCode.OUT_OF_RANGE, 400),
      Map.entry(StatusCode.UNIMPLEMENTED, 501),
      Map.entry(StatusCode.INTERNAL, 500),
      Map.entry(StatusCode.UNAVAILABLE, 503),
      Map.entry(StatusCode.DATA_LOSS, 500),
      Map.entry(StatusCode.UNAUTHENTICATED, 401)));

  @Test
  void numbersAreTheGoogleRpcCodes() {
    String[] names = {"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
        "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
        "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};
    assertThat(StatusCode.values()).hasSize(names.length);
    for (int n = 0; n < names.length; n++) {
      assertThat(StatusCode.valueOf(names[n]).number()).isEqualTo(n);
      assertThat(StatusCode.forNumber(n).name()).isEqualTo(names[n]);
    }
  }

  @Test
  void unknownNumbersAreUnknown() {
    assertThat(StatusCode.forNumber(-1)).isEqualTo(StatusCode.UNKNOWN);
    assertThat(StatusCode.forNumber(17)).isEqualTo(StatusCode.UNKNOWN);
    assertThat(StatusCode.forNumber(Integer.MAX_VALUE)).isEqualTo(StatusCode.UNKNOWN);
  }

  @ParameterizedTest
  @EnumSource(StatusCode.class)
  void eachCodeMapsToTheHttpStatusOfTheRestInterface(StatusCode code) {
    assertThat(code.httpStatus()).isEqualTo(HTTP.get(code));
  }

  @ParameterizedTest
  @EnumSource(StatusCode.class)
  void anHttpStatusMapsBackToACodeOfThatStatus(StatusCode code) {
    assertThat(StatusCode.forHttpStatus(code.httpStatus()).httpStatus()).isEqualTo(code.httpStatus());
  }

  @ParameterizedTest
  @CsvSource({
      "200, OK", "204, OK", "400, INVALID_ARGUMENT", "401, UNAUTHENTICATED", "403, PERMISSION_DENIED",
      "404, NOT_FOUND", "409, ABORTED", "429, RESOURCE_EXHAUSTED", "499, CANCELLED", "500, INTERNAL",
      "501, UNIMPLEMENTED", "502, UNAVAILABLE", "503, UNAVAILABLE", "504, DEADLINE_EXCEEDED",
      "507, INTERNAL", "418, FAILED_PRECONDITION", "302, UNKNOWN", "100, UNKNOWN"})
  void httpStatusesWithoutABodyMapToTheUsualCode(int http, StatusCode expected) {
    assertThat(StatusCode.forHttpStatus(http)).isEqualTo(expected);
  }
}
