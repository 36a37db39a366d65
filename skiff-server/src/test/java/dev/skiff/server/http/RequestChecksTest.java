package dev.skiff.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestChecksTest {

  @Test
  void a_query_string_must_be_percent_encoded_utf8_without_nul() {
    assertThat(RequestChecks.queryProblem("page_size=10&filter=%7B%22a%22%3A1%7D")).isNull();
    assertThat(RequestChecks.queryProblem("name=caf%C3%A9&x=a+b")).isNull();
    assertThat(RequestChecks.queryProblem("name=café")).as("raw UTF-8 is read as sent").isNull();
    assertThat(RequestChecks.queryProblem("page_size=%zz"))
        .isEqualTo("has an invalid percent escape");
    assertThat(RequestChecks.queryProblem("filter=%"))
        .isEqualTo("has an incomplete percent escape");
    assertThat(RequestChecks.queryProblem("filter=%4"))
        .isEqualTo("has an incomplete percent escape");
    assertThat(RequestChecks.queryProblem("filter=%ff%fe")).isEqualTo("is not UTF-8");
    assertThat(RequestChecks.queryProblem("filter=%c0%ae")).isEqualTo("is not UTF-8");
    assertThat(RequestChecks.queryProblem("page_size=1%00")).isEqualTo("holds a NUL character");
  }

  @Test
  void dot_segments_are_found_behind_encoded_slashes() {
    assertThat(RequestChecks.hasDotSegment("/apis/v2beta1/runs/abc")).isFalse();
    assertThat(RequestChecks.hasDotSegment("/apis/v2beta1/runs/a..b")).isFalse();
    assertThat(RequestChecks.hasDotSegment("/runs/x/nodes/for-loop-2%2F0%2Ftrain/artifacts/a:read"))
        .isFalse();
    assertThat(RequestChecks.hasDotSegment("/apis/v2beta1/runs/..%2f..%2fserver.json")).isTrue();
    assertThat(RequestChecks.hasDotSegment("/apis/v2beta1/runs/x%2F.")).isTrue();
    assertThat(RequestChecks.hasDotSegment("/a/../b")).isTrue();
    assertThat(RequestChecks.hasDotSegment(null)).isFalse();
  }
}
