package dev.skiff.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** What no error answer may contain, and the shape every one has. */
final class HostileAnswers {
  private HostileAnswers() {}

  /**
   * Text that gives away internals: stack frames, exception class names, SQL and driver wording,
   * Jetty's and Javalin's own error pages.
   */
  private static final String[] INTERNALS = {
    "Exception",
    "\tat ",
    "at dev.skiff",
    "at org.",
    "at java.",
    "org.eclipse",
    "io.javalin",
    "jdbi",
    "SQL",
    "sql",
    "SELECT ",
    "INSERT ",
    "UPDATE ",
    "CHARACTER VARYING",
    "character varying",
    "Value too long",
    "value too long for type",
    "Statement was canceled",
    "<html",
    "<HTML",
    "Powered by Jetty",
  };

  static void assertNoInternals(String body) {
    for (String leak : INTERNALS) {
      assertThat(body).as("error body leaks '%s'", leak).doesNotContain(leak);
    }
  }

  /** An RFC 9457 problem body with the answer's status; returns it. */
  static JsonNode assertProblem(RawHttp.Answer a, int status) {
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    assertThat(a.header("content-type")).as(a.body()).startsWith("application/problem+json");
    assertNoInternals(a.body());
    try {
      JsonNode p = ApiServer.JSON.readTree(a.body());
      assertThat(p.path("status").asInt()).isEqualTo(status);
      assertThat(p.path("type").asText()).isNotEmpty();
      assertThat(p.path("title").asText()).isNotEmpty();
      assertThat(p.path("detail").asText()).isNotBlank().doesNotContain("\n");
      assertThat(p.has("instance")).as(a.body()).isTrue();
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
