package io.github.yandexart.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathSegmentsTest {
  @Test
  void ordinaryIdsStayAsTheyAre() {
    assertThat(PathSegments.encode("fbveu1sntj0000000001")).isEqualTo("fbveu1sntj0000000001");
    assertThat(PathSegments.encode("a-b_c.d~e")).isEqualTo("a-b_c.d~e");
  }

  @Test
  void everythingThatCouldLeaveTheSegmentIsEscaped() {
    assertThat(PathSegments.encode("a/b c:d%e?f#g+h")).isEqualTo("a%2Fb%20c%3Ad%25e%3Ff%23g%2Bh");
    assertThat(PathSegments.encode("..")).isEqualTo("%2E%2E");
    assertThat(PathSegments.encode(".")).isEqualTo("%2E");
    assertThat(PathSegments.encode("...")).isEqualTo("%2E%2E%2E");
    assertThat(PathSegments.encode("..a")).isEqualTo("..a");
    assertThat(PathSegments.encode("кот")).isEqualTo("%D0%BA%D0%BE%D1%82");
  }
}
