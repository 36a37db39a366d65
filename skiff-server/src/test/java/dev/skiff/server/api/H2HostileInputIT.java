package dev.skiff.server.api;

import static dev.skiff.server.api.ApiServer.API;
import static dev.skiff.server.api.HostileAnswers.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.server.config.SkiffConfig;
import dev.skiff.store.StoreException;
import dev.skiff.store.StoredRun;
import io.javalin.config.RoutesConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile HTTP against a real server on H2: requests Jetty refuses before any route sees them
 * (malformed or ambiguous URIs, oversized request lines and headers, a body over the limit),
 * unknown paths and methods, failures no route expected. Every answer is {@code
 * application/problem+json} with the right status and no internals. The store-limit cases of {@link
 * AbstractStoreLimitsIT} run here too.
 */
class H2HostileInputIT extends AbstractStoreLimitsIT {
  private static final String RUNS = API + "/runs";

  @Override
  protected SkiffConfig.Database database() {
    return new SkiffConfig.Database(null, null, null);
  }

  /** Routes that fail as a bug, or as the store would, so the server's mapping can be seen. */
  @Override
  protected void extraRoutes(RoutesConfig routes) {
    routes.get(
        "/test/bug",
        ctx -> {
          throw new IllegalStateException("SELECT secret FROM run WHERE id = 'x'");
        });
    routes.get(
        "/test/too-long",
        ctx -> {
          String h2 =
              "Value too long for column \"DISPLAY_NAME CHARACTER VARYING(255)\": \"'nnn' (300)\"";
          throw new StoreException(
              "cannot create experiment: " + h2, new SQLException(h2, "22001", 22001));
        });
    routes.get(
        "/test/canceled",
        ctx -> {
          throw new StoreException(
              "cannot list runs: Statement was canceled or the session timed out",
              new SQLException("Statement was canceled", "57014", 57014));
        });
    routes.get(
        "/test/unique",
        ctx -> {
          throw new StoreException(
              "cannot create: Unique index or primary key violation: \"PUBLIC.X ON PUBLIC.Y\"",
              new SQLException("Unique index or primary key violation", "23505", 23505));
        });
  }

  private RawHttp.Answer get(String target, String... headers) {
    return RawHttp.request(api.server.port(), "GET", target, headers);
  }

  private RawHttp.Answer authed(String method, String target) {
    return RawHttp.request(api.server.port(), method, target, api.authorization());
  }

  @Test
  void unknown_paths_are_404_and_wrong_methods_405_with_allow() {
    assertProblem(get("/no/such/path"), 404);
    assertProblem(authed("GET", API + "/no-such-collection"), 404);
    assertProblem(get("/favicon.ico"), 404);
    RawHttp.Answer wrongMethod = RawHttp.request(api.server.port(), "DELETE", "/healthz");
    assertProblem(wrongMethod, 405);
    assertThat(wrongMethod.header("allow")).contains("GET");
    RawHttp.Answer put = authed("PUT", RUNS);
    assertProblem(put, 405);
    assertThat(put.header("allow")).contains("GET").contains("POST");
    assertProblem(RawHttp.request(api.server.port(), "TRACE", "/"), 405);
    RawHttp.Answer brew = RawHttp.request(api.server.port(), "BREW", "/healthz");
    assertThat(brew.status()).isIn(400, 405);
    assertProblem(brew, brew.status());
  }

  @Test
  void malformed_and_ambiguous_uris_are_400() {
    String[] targets = {
      RUNS + "/%u002e%u002e",
      RUNS + "/%2e%2e",
      RUNS + "/%2e%2e/%2e%2e/etc",
      RUNS + "/..%2f..%2fserver.json",
      RUNS + "/%00",
      RUNS + "/a%00b",
      RUNS + "/%ff%fe",
      RUNS + "/%c0%ae%c0%ae",
      RUNS + "/%zz",
      RUNS + "/%",
      RUNS + "?page_size=%zz",
      RUNS + "?filter=%ff%fe",
      RUNS + "?filter=%",
      RUNS + "?page_size=1%00",
      API + "/experiments/%u0000",
      "/%2e%2e/%2e%2e/etc/passwd",
    };
    for (String target : targets) {
      RawHttp.Answer a = authed("GET", target);
      assertThat(a.status()).as(target + " -> " + a.body()).isEqualTo(400);
      assertProblem(a, 400);
    }
    // An encoded '/' names a nested task in one segment: it reaches the route (a 404 here).
    RawHttp.Answer nested =
        authed("GET", RUNS + "/nope/nodes/for-loop-2%2F0%2Ftrain/artifacts/a:read");
    assertThat(assertProblem(nested, 404).path("detail").asText()).contains("no run 'nope'");
    // Plain dot segments are resolved (and cannot climb above the root): a problem, never a file.
    for (String target : new String[] {"/apis/v2beta1/../../etc/passwd", "/../../server.json"}) {
      RawHttp.Answer a = authed("GET", target);
      assertThat(a.status()).as(target).isIn(400, 404);
      assertProblem(a, a.status());
    }
    // Bytes that are not UTF-8, sent raw in the target.
    byte[] head =
        ("GET " + RUNS + "/\u00ff\u00fe HTTP/1.1\r\nHost: 127.0.0.1\r\n" + api.authorization())
            .getBytes(StandardCharsets.ISO_8859_1);
    assertProblem(RawHttp.send(api.server.port(), head, new byte[0]), 400);
  }

  @Test
  void requests_jetty_refuses_are_problems_too() {
    // URI too long: over Jetty's request header buffer.
    assertProblem(authed("GET", RUNS + "?filter=" + "x".repeat(70_000)), 414);
    // Headers too large.
    assertProblem(get("/healthz", "X-Big: " + "y".repeat(70_000)), 431);
    // No Host header on HTTP/1.1.
    byte[] noHost = "GET /healthz HTTP/1.1".getBytes(StandardCharsets.US_ASCII);
    assertProblem(RawHttp.send(api.server.port(), noHost, new byte[0]), 400);
    // A body announced far over the limit.
    byte[] big =
        ("POST "
                + RUNS
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + api.authorization()
                + "\r\nContent-Type: application/json\r\nContent-Length: 999999999999")
            .getBytes(StandardCharsets.US_ASCII);
    assertProblem(RawHttp.send(api.server.port(), big, "{}".getBytes()), 413);
    // A body that is not UTF-8.
    byte[] head =
        ("POST "
                + API
                + "/experiments HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + api.authorization()
                + "\r\nContent-Type: application/json\r\nContent-Length: 22")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] body = {
      '{',
      '"',
      'd',
      'i',
      's',
      'p',
      'l',
      'a',
      'y',
      '_',
      'n',
      'a',
      'm',
      'e',
      '"',
      ':',
      '"',
      (byte) 0xff,
      (byte) 0xc0,
      (byte) 0xae,
      '"',
      '}'
    };
    assertProblem(RawHttp.send(api.server.port(), head, body), 400);
  }

  /**
   * Request bodies as {@code kfp.Client} sends them, cut, spliced and with characters replaced,
   * sent to the real endpoints: each is answered without a server error, and every refusal is a
   * problem.
   */
  @Test
  void mutated_request_bodies_are_answered_without_a_server_error() throws Exception {
    String spec = ApiServer.JSON.readTree(ApiServer.resource("greet.json")).toString();
    Map<String, String> bodies = new LinkedHashMap<>();
    bodies.put(API + "/experiments", "{\"display_name\": \"fuzzed\", \"description\": \"d\"}");
    bodies.put(
        API + "/pipelines",
        "{\"name\": \"fuzzed\", \"display_name\": \"F\", \"description\": \"\"}");
    bodies.put(
        API + "/pipelines/create",
        "{\"pipeline\": {\"name\": \"fuzzed-both\"}, \"pipeline_version\": {\"name\": \"v1\","
            + " \"pipeline_spec\": "
            + spec
            + "}}");
    bodies.put(
        API + "/runs",
        "{\"display_name\": \"fuzzed\", \"pipeline_spec\": "
            + spec
            + ", \"runtime_config\": {\"parameters\": {\"name\": \"Ada\", \"times\": 1}}}");
    int answered = 0;
    for (Map.Entry<String, String> e : bodies.entrySet()) {
      java.util.Random random = new java.util.Random(e.getKey().hashCode());
      for (int i = 0; i < 40; i++) {
        String body = mutate(e.getValue(), random, i);
        java.net.http.HttpResponse<String> r = api.post(e.getKey(), body);
        assertThat(r.statusCode())
            .as(e.getKey() + " <- " + body + " -> " + r.body())
            .isLessThan(500);
        if (r.statusCode() >= 400) {
          ApiServer.problem(r, r.statusCode());
          HostileAnswers.assertNoInternals(r.body());
        }
        answered++;
      }
    }
    assertThat(answered).isEqualTo(160);
  }

  private static String mutate(String text, java.util.Random random, int i) {
    int a = random.nextInt(text.length() + 1);
    int b = random.nextInt(text.length() + 1);
    int from = Math.min(a, b);
    int to = Math.max(a, b);
    return switch (i % 5) {
      case 0 -> text.substring(0, from);
      case 1 -> text.substring(0, from) + text.substring(to);
      case 2 -> text.substring(0, to) + text.substring(from);
      case 3 -> {
        char[] chars = text.toCharArray();
        for (int k = 0; k < 6; k++) {
          chars[random.nextInt(chars.length)] = "{}[]:,\"\\ 0e-\u0000".charAt(random.nextInt(13));
        }
        yield new String(chars);
      }
      default -> text.substring(from, to) + text.substring(0, from);
    };
  }

  /**
   * A page size far above the maximum on a store of 12,000 runs: served as the largest page, in
   * time, never a canceled statement. Prints the figure.
   */
  @Test
  void a_huge_page_size_on_a_large_store_is_served_as_the_largest_page() throws Exception {
    String profile = TestServer.callerProfile();
    java.time.Instant start = java.time.Instant.parse("2025-01-01T00:00:00Z");
    List<StoredRun> batch = new ArrayList<>();
    for (int i = 0; i < 12_000; i++) {
      java.time.Instant created = start.plusSeconds(i);
      batch.add(
          new StoredRun(
              java.util.UUID.randomUUID().toString(),
              profile,
              "bulk",
              "bulk " + i,
              "{\"pipelineInfo\":{\"name\":\"bulk\"}}",
              "{}",
              "{\"cache\":true}",
              "SUCCEEDED",
              null,
              created,
              created,
              created.plusSeconds(5),
              null,
              "",
              StoredRun.AVAILABLE));
      if (batch.size() == 3_000) {
        api.server.database().runs().createAll(batch, List.of());
        batch.clear();
      }
    }
    long t0 = System.nanoTime();
    JsonNode page =
        ApiServer.ok(
            api.get(RUNS + "?page_size=1000000&sort_by=" + ApiServer.q("created_at desc")));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(page.path("runs").size())
        .isEqualTo(dev.skiff.engine.catalog.ListRequest.MAX_PAGE_SIZE);
    assertThat(page.path("total_size").asLong()).isGreaterThanOrEqualTo(12_000);
    assertThat(page.path("next_page_token").asText()).isNotEmpty();
    System.out.printf("page of %d runs (page_size=1000000) from 12,000: %d ms%n", 10_000, ms);
  }

  @Test
  void an_unexpected_failure_is_500_with_an_error_id_that_the_server_log_has() throws Exception {
    JsonNode p = assertProblem(get("/test/bug"), 500);
    String detail = p.path("detail").asText();
    assertThat(detail).doesNotContain("secret").doesNotContain("SELECT");
    assertThat(p.path("error_id").asText()).isNotEmpty();
    assertThat(detail).contains(p.path("error_id").asText());
    String id = p.path("error_id").asText();
    java.nio.file.Path log = api.server.config().logsDir().resolve("server.log");
    TestServer.eventually(
        "the server log names error " + id,
        Duration.ofSeconds(5),
        () -> {
          try {
            String text = Files.readString(log);
            return text.contains(id) && text.contains("IllegalStateException");
          } catch (java.io.IOException e) {
            return false;
          }
        });
  }

  @Test
  void store_failures_never_show_their_sql() {
    assertThat(assertProblem(get("/test/too-long"), 400).path("detail").asText())
        .contains("display_name")
        .contains("255");
    RawHttp.Answer canceled = get("/test/canceled");
    assertProblem(canceled, 503);
    assertThat(canceled.header("retry-after")).isNotBlank();
    assertProblem(get("/test/unique"), 409);
  }
}
