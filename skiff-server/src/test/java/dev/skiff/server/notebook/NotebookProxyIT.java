package dev.skiff.server.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.server.SkiffServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notebook proxy in a real server (local mode, H2, Skiff's authentication) in front of a real
 * Jupyter Notebook server: REST and a kernel's WebSocket through the proxy, a 50 MB upload, the
 * refusals on HTTP and on the upgrade, forged paths, the page of a stopped notebook, and Jupyter's
 * token never shown to the browser. Skips (with the reason) where Debian's Jupyter is missing.
 *
 * <p>The team and notebooks are {@link ProxiedJupyter}'s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotebookProxyIT {
  static final String TEAM = ProxiedJupyter.TEAM;
  static final String NB = "/notebook/" + TEAM + "/nb1/";
  static final String STOPPED = "/notebook/" + TEAM + "/nb2/";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EDDIE = ProxiedJupyter.EDDIE;
  private static final String VERA = ProxiedJupyter.VERA;
  private static final String OSCAR = ProxiedJupyter.OSCAR;

  @TempDir static Path home;
  @TempDir static Path jupyterDir;

  private ProxiedJupyter fixture;
  private JupyterProcess jupyter;
  private SkiffServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private Map<String, String> tokens;
  private String eddieCookie;
  private String origin;

  @BeforeAll
  void start() throws Exception {
    fixture = new ProxiedJupyter(home, jupyterDir);
    jupyter = fixture.jupyter;
    server = fixture.server;
    tokens = fixture.tokens;
    origin = fixture.origin;
    eddieCookie = fixture.sessionCookie(EDDIE);
  }

  @AfterAll
  void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private HttpRequest.Builder to(String path) {
    return HttpRequest.newBuilder(server.url().resolve(path));
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertNoToken(r);
    return r;
  }

  private HttpRequest.Builder bearer(String path, String user) {
    return to(path).header("Authorization", "Bearer " + tokens.get(user));
  }

  private HttpRequest.Builder cookie(String path) {
    return to(path).header("Cookie", eddieCookie + "; _xsrf=x");
  }

  /** The servers' tokens never reach the browser: not in a header, not in a body. */
  private void assertNoToken(HttpResponse<String> r) {
    assertThat(r.body()).as("body of %s", r.uri()).doesNotContain(jupyter.token);
    assertThat(r.body()).as("body of %s", r.uri()).doesNotContain(EchoServer.TOKEN);
    r.headers()
        .map()
        .forEach(
            (name, values) ->
                assertThat(String.join("\n", values)).as(name).doesNotContain(jupyter.token));
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  // ---- HTTP ------------------------------------------------------------------------------------

  @Test
  void status_answers_through_the_proxy_with_an_api_token_and_with_a_session_cookie()
      throws Exception {
    HttpResponse<String> byToken = send(bearer(NB + "api/status", EDDIE));
    assertThat(byToken.statusCode()).as(byToken.body()).isEqualTo(200);
    assertThat(json(byToken).has("kernels")).isTrue();
    assertThat(byToken.headers().firstValue("Content-Security-Policy").orElse(""))
        .as("Jupyter's own policy, not the dashboard's")
        .doesNotContain("script-src 'self'")
        .contains("frame-ancestors 'self'");

    HttpResponse<String> byCookie = send(cookie(NB + "api/status"));
    assertThat(byCookie.statusCode()).as(byCookie.body()).isEqualTo(200);
    assertThat(json(byCookie).has("started")).isTrue();

    HttpResponse<String> head =
        send(bearer(NB + "api/status", EDDIE).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(head.statusCode()).isIn(200, 405); // tornado answers HEAD only where defined
  }

  @Test
  void the_tree_page_loads_without_jupyters_token_or_login_cookie() throws Exception {
    HttpResponse<String> base = send(cookie(NB).header("Accept", "text/html"));
    assertThat(base.statusCode()).isEqualTo(302);
    assertThat(base.headers().firstValue("Location").orElse("")).startsWith(NB + "tree");

    HttpResponse<String> tree = send(cookie(NB + "tree").header("Accept", "text/html"));
    assertThat(tree.statusCode()).isEqualTo(200);
    assertThat(tree.body()).contains("data-base-url=\"" + NB + "\"");
    assertThat(tree.body()).contains("data-jupyter-api-token=\"\"");
    assertThat(tree.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("username-"));
    assertThat(tree.headers().firstValue("X-Frame-Options")).hasValue("SAMEORIGIN");
    assertThat(tree.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");

    HttpResponse<String> noSlash = send(cookie("/notebook/" + TEAM + "/nb1"));
    assertThat(noSlash.statusCode()).isEqualTo(302);
    assertThat(noSlash.headers().firstValue("Location")).hasValue(NB);
  }

  /** SHA-256 of what {@code in} reads to its end. */
  private static byte[] digest(java.io.InputStream in) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    try (in) {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) >= 0; ) {
        d.update(buf, 0, n);
      }
    }
    return d.digest();
  }

  @Test
  void a_50_mb_upload_and_its_download_stream_through() throws Exception {
    int size = 50 * 1024 * 1024;
    MessageDigest sent = MessageDigest.getInstance("SHA-256");
    // The contents API's JSON with the file in base64 (about 67 MB), written as it is sent.
    java.io.PipedInputStream body = new java.io.PipedInputStream(256 * 1024);
    java.io.PipedOutputStream pipe = new java.io.PipedOutputStream(body);
    Thread writer =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (pipe) {
                    pipe.write(
                        "{\"type\": \"file\", \"format\": \"base64\", \"content\": \""
                            .getBytes(StandardCharsets.US_ASCII));
                    OutputStream b64 = Base64.getEncoder().wrap(new NotClosing(pipe));
                    java.util.Random random = new java.util.Random(13);
                    byte[] chunk = new byte[3 * 64 * 1024];
                    for (int left = size; left > 0; left -= chunk.length) {
                      random.nextBytes(chunk);
                      int n = Math.min(left, chunk.length);
                      sent.update(chunk, 0, n);
                      b64.write(chunk, 0, n);
                    }
                    b64.close();
                    pipe.write("\"}".getBytes(StandardCharsets.US_ASCII));
                  } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                });
    HttpResponse<String> put =
        send(
            bearer(NB + "api/contents/big.bin", EDDIE)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> body)));
    writer.join();
    assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
    byte[] expected = sent.digest();
    assertThat(Files.size(jupyter.root.resolve("big.bin"))).isEqualTo(size);
    assertThat(digest(Files.newInputStream(jupyter.root.resolve("big.bin")))).isEqualTo(expected);

    HttpResponse<java.io.InputStream> get =
        http.send(
            bearer(NB + "files/big.bin", EDDIE).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(digest(get.body())).isEqualTo(expected);
    HttpResponse<String> meta = send(bearer(NB + "api/contents/big.bin?content=0", EDDIE));
    assertThat(json(meta).path("size").asLong()).isEqualTo(size);
  }

  /** Lets the Base64 stream end its padding without closing the pipe under it. */
  private static final class NotClosing extends java.io.FilterOutputStream {
    NotClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws java.io.IOException {
      flush();
    }
  }

  @Test
  void skiffs_credentials_stay_behind_and_the_servers_token_goes_along() throws Exception {
    String echo = "/notebook/" + TEAM + "/echo/";
    HttpResponse<String> r =
        http.send(
            to(echo + "echo?q=a%20b&x=1")
                .header("Cookie", eddieCookie + "; _xsrf=2|abc")
                .header("Origin", origin)
                .header("X-CSRF-Token", "csrf-of-the-session")
                .header("X-Forwarded-For", "6.6.6.6")
                .header("X-Custom", "kept")
                .POST(HttpRequest.BodyPublishers.ofString("hello"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertNoToken(r);
    JsonNode got = json(r);
    assertThat(got.path("method").asText()).isEqualTo("POST");
    assertThat(got.path("path").asText()).isEqualTo(echo + "echo");
    assertThat(got.path("query").asText()).isEqualTo("q=a%20b&x=1");
    assertThat(got.path("body_bytes").asInt()).isEqualTo(5);
    JsonNode h = got.path("headers");
    assertThat(h.path("authorization").asText()).isEqualTo("token <T>");
    assertThat(h.path("cookie").asText()).isEqualTo("_xsrf=2|abc");
    assertThat(h.has("origin")).isFalse();
    assertThat(h.has("x-csrf-token")).isFalse();
    assertThat(h.path("x-forwarded-for").asText()).isEqualTo("127.0.0.1");
    assertThat(h.path("x-forwarded-proto").asText()).isEqualTo("http");
    assertThat(h.path("x-forwarded-host").asText()).isEqualTo("127.0.0.1:" + server.port());
    assertThat(h.path("host").asText()).isEqualTo(echoAuthority());
    assertThat(h.path("x-custom").asText()).isEqualTo("kept");
    assertThat(r.body()).doesNotContain(eddieCookie.substring(eddieCookie.indexOf('=') + 1));

    assertThat(r.headers().allValues("Set-Cookie"))
        .containsExactly("theme=dark; Path=/")
        .as("the server's login cookie stays behind");
    assertThat(r.headers().firstValue("X-Served-With")).hasValue("token=");
    assertThat(r.headers().firstValue("Content-Security-Policy"))
        .hasValue("frame-ancestors 'self'");

    HttpResponse<String> bearer = send(bearer(echo + "echo", EDDIE));
    assertThat(json(bearer).path("headers").path("authorization").asText()).isEqualTo("token <T>");
  }

  private String echoAuthority() {
    return fixture.echo.base.getRawAuthority();
  }

  @Test
  void an_answer_reaches_the_client_as_the_server_writes_it() throws Exception {
    HttpResponse<java.io.InputStream> r =
        http.send(
            bearer("/notebook/" + TEAM + "/echo/stream", EDDIE).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      // the server writes the second event only after the client has read the first
      assertThat(in.readLine()).isEqualTo("data: first");
      fixture.echo.goOn.countDown();
      assertThat(in.readLine()).isEmpty();
      assertThat(in.readLine()).isEqualTo("data: second");
    }
  }

  @Test
  void refusals_on_http() throws Exception {
    HttpResponse<String> none = send(to(NB + "api/status"));
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");

    HttpResponse<String> browser = send(to(NB + "tree?x=1").header("Accept", "text/html"));
    assertThat(browser.statusCode()).isEqualTo(302);
    assertThat(browser.headers().firstValue("Location"))
        .hasValue(
            "/signin?next="
                + java.net.URLEncoder.encode(NB + "tree?x=1", StandardCharsets.UTF_8)
                    .replace("+", "%20"));

    assertThat(send(bearer(NB + "api/status", VERA)).statusCode()).isEqualTo(403);
    assertThat(send(bearer(NB + "api/status", OSCAR)).statusCode()).isEqualTo(404);
    assertThat(send(bearer("/notebook/" + TEAM + "/nb9/api/status", EDDIE)).statusCode())
        .isEqualTo(404);
    assertThat(send(bearer("/notebook/oscar/nb1/api/status", EDDIE)).statusCode()).isEqualTo(404);

    String kernel = "{\"name\": \"python3\"}";
    // a cookie's change needs this server's Origin (the proxy's token would pass Jupyter's XSRF
    // check)
    HttpResponse<String> noOrigin =
        send(cookie(NB + "api/kernels").POST(HttpRequest.BodyPublishers.ofString(kernel)));
    assertThat(noOrigin.statusCode()).isEqualTo(403);
    HttpResponse<String> evil =
        send(
            cookie(NB + "api/kernels")
                .header("Origin", "https://evil.example.com")
                .POST(HttpRequest.BodyPublishers.ofString(kernel)));
    assertThat(evil.statusCode()).isEqualTo(403);
    HttpResponse<String> evilBearer =
        send(
            bearer(NB + "api/kernels", EDDIE)
                .header("Origin", "https://evil.example.com")
                .POST(HttpRequest.BodyPublishers.ofString(kernel)));
    assertThat(evilBearer.statusCode()).isEqualTo(403);
    assertThat(json(send(bearer(NB + "api/kernels", EDDIE))).size()).isZero();

    HttpResponse<String> sameOrigin =
        send(
            cookie(NB + "api/kernels")
                .header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofString(kernel)));
    assertThat(sameOrigin.statusCode()).as(sameOrigin.body()).isEqualTo(201);
    String id = json(sameOrigin).path("id").asText();
    HttpResponse<String> deleted =
        send(cookie(NB + "api/kernels/" + id).header("Origin", origin).DELETE());
    assertThat(deleted.statusCode()).isEqualTo(204);
  }

  /** Sends a request as written (no client normalises its path); the status line. */
  private int raw(String path, String user) throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET "
                  + path
                  + " HTTP/1.1\r\nHost: 127.0.0.1:"
                  + server.port()
                  + "\r\nAuthorization: Bearer "
                  + tokens.get(user)
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      String status = in.readLine();
      StringBuilder rest = new StringBuilder();
      for (String line; (line = in.readLine()) != null; ) {
        rest.append(line).append('\n');
      }
      assertThat(rest.toString()).doesNotContain(jupyter.token);
      return Integer.parseInt(status.split(" ")[1]);
    }
  }

  @Test
  void forged_paths_do_not_reach_another_notebook() throws Exception {
    // oscar has no role in team-a: no path of his own profile's leads there
    for (String forged :
        List.of(
            "/notebook/oscar/../" + TEAM + "/nb1/api/status",
            "/notebook/oscar/x/../../" + TEAM + "/nb1/api/status",
            "/notebook/oscar/x/%2e%2e/%2e%2e/" + TEAM + "/nb1/api/status",
            "/notebook/oscar/x/..%2F..%2F" + TEAM + "/nb1/api/status",
            "/notebook/oscar%2F..%2F" + TEAM + "/nb1/api/status",
            "/notebook/oscar/x/..\\..\\" + TEAM + "/nb1/api/status")) {
      assertThat(raw(forged, OSCAR)).as(forged).isIn(400, 404);
    }
    // eddie's own notebook, reached by a path with dot segments: refused, not normalised
    assertThat(raw("/notebook/other/../" + TEAM + "/nb1/api/status", EDDIE)).isIn(400, 404);
    assertThat(raw(NB + "api/../api/status", EDDIE)).isEqualTo(400);
    assertThat(raw(NB + "api/status", EDDIE)).isEqualTo(200);
  }

  @Test
  void a_notebook_that_does_not_run_answers_a_page_with_a_start_button() throws Exception {
    HttpResponse<String> page = send(cookie(STOPPED + "tree").header("Accept", "text/html"));
    assertThat(page.statusCode()).isEqualTo(503);
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("script-src 'self'");
    assertThat(page.body())
        .contains("nb2")
        .contains("Stopped")
        .contains("stopped by alice@example.com")
        .contains("data-api=\"/api/v1/profiles/" + TEAM + "/notebooks/nb2\"")
        .contains("data-method=\"PATCH\"")
        .doesNotContain("style=\"")
        .doesNotContain("<script>");

    HttpResponse<String> problem = send(bearer(STOPPED + "api/status", EDDIE));
    assertThat(problem.statusCode()).isEqualTo(503);
    assertThat(problem.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json(problem).path("detail").asText()).contains("Stopped");

    HttpResponse<String> pending =
        send(cookie("/notebook/" + TEAM + "/nb3/").header("Accept", "text/html"));
    assertThat(pending.statusCode()).isEqualTo(503);
    assertThat(pending.body())
        .contains("Pending")
        .contains("waiting for 1 GPU")
        .doesNotContain("data-method=\"PATCH\"");

    assertThat(send(bearer(STOPPED + "tree", VERA).header("Accept", "text/html")).statusCode())
        .isEqualTo(403);
  }

  // ---- WebSocket -------------------------------------------------------------------------------

  private String createKernel() throws Exception {
    HttpResponse<String> made =
        send(
            bearer(NB + "api/kernels", EDDIE)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"python3\"}")));
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    return json(made).path("id").asText();
  }

  private URI channels(String kernel) {
    return URI.create(
        "ws://127.0.0.1:"
            + server.port()
            + NB
            + "api/kernels/"
            + kernel
            + "/channels?session_id="
            + UUID.randomUUID());
  }

  @Test
  void a_kernel_executes_over_a_websocket_through_the_proxy() throws Exception {
    String kernel = createKernel();
    KernelMessages.Inbox inbox = new KernelMessages.Inbox();
    WebSocket ws =
        http.newWebSocketBuilder()
            .header("Authorization", "Bearer " + tokens.get(EDDIE))
            .buildAsync(channels(kernel), inbox)
            .get(30, TimeUnit.SECONDS);
    assertThat(KernelMessages.execute(ws, inbox, "1+1")).isEqualTo("2");
    // messages far over the WebSocket defaults (64 KiB), both ways
    String big = "x".repeat(300_000);
    assertThat(KernelMessages.execute(ws, inbox, "len('" + big + "')")).isEqualTo("300000");
    assertThat(KernelMessages.execute(ws, inbox, "'y' * 400000")).hasSize(400_002);
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    assertThat(inbox.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);

    // JupyterLab offers the v1 kernel protocol; this server (Notebook 6) does not speak it, so the
    // browser must not be told it was accepted: the proxy answers the server's own choice
    KernelMessages.Inbox offered = new KernelMessages.Inbox();
    WebSocket v1 =
        http.newWebSocketBuilder()
            .header("Authorization", "Bearer " + tokens.get(EDDIE))
            .subprotocols("v1.kernel.websocket.jupyter.org")
            .buildAsync(channels(kernel), offered)
            .get(30, TimeUnit.SECONDS);
    assertThat(v1.getSubprotocol()).isEmpty();
    assertThat(KernelMessages.execute(v1, offered, "3*3")).isEqualTo("9");
    v1.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);

    // a browser: the session cookie, from this server's pages
    KernelMessages.Inbox browserInbox = new KernelMessages.Inbox();
    WebSocket browser =
        http.newWebSocketBuilder()
            .header("Cookie", eddieCookie)
            .header("Origin", origin)
            .buildAsync(channels(kernel), browserInbox)
            .get(30, TimeUnit.SECONDS);
    assertThat(KernelMessages.execute(browser, browserInbox, "6*7")).isEqualTo("42");
    browser.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);

    // closing the browser's side closes the server's: Jupyter counts no connection
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    int connections = -1;
    while (System.nanoTime() < deadline) {
      connections = json(send(bearer(NB + "api/status", EDDIE))).path("connections").asInt();
      if (connections == 0) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(connections).isZero();
    assertThat(send(bearer(NB + "api/kernels/" + kernel, EDDIE).DELETE()).statusCode())
        .isEqualTo(204);
    // a kernel that is gone: Jupyter's 404, answered before any upgrade
    assertThat(refusedUpgrade(kernel, Map.of("Authorization", "Bearer " + tokens.get(EDDIE))))
        .isEqualTo(404);
  }

  @Test
  void a_terminal_runs_commands_and_its_end_closes_the_browsers_socket() throws Exception {
    HttpResponse<String> made =
        send(bearer(NB + "api/terminals", EDDIE).POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
    String name = json(made).path("name").asText();
    KernelMessages.Inbox inbox = new KernelMessages.Inbox();
    WebSocket ws =
        http.newWebSocketBuilder()
            .header("Cookie", eddieCookie)
            .header("Origin", origin)
            .buildAsync(
                URI.create("ws://127.0.0.1:" + server.port() + NB + "terminals/websocket/" + name),
                inbox)
            .get(30, TimeUnit.SECONDS);
    ws.sendText("[\"stdin\", \"echo proxied-$((40+2))\\r\"]", true).join();
    StringBuilder seen = new StringBuilder();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!seen.toString().contains("proxied-42") && System.nanoTime() < deadline) {
      String m = inbox.messages.poll(1, TimeUnit.SECONDS);
      if (m != null) {
        JsonNode msg = JSON.readTree(m);
        if (msg.path(0).asText().equals("stdout")) {
          seen.append(msg.path(1).asText());
        }
      }
    }
    assertThat(seen.toString()).contains("proxied-42");
    ws.sendText("[\"stdin\", \"exit\\r\"]", true).join();
    // the shell ends, the server closes its socket, the proxy closes the browser's
    assertThat(inbox.closed.get(30, TimeUnit.SECONDS)).isBetween(1000, 4999);
  }

  /** The status a refused upgrade was answered with (it must be refused). */
  private int refusedUpgrade(String kernel, Map<String, String> headers) throws Exception {
    WebSocket.Builder b = http.newWebSocketBuilder();
    headers.forEach(b::header);
    try {
      WebSocket ws =
          b.buildAsync(channels(kernel), new KernelMessages.Inbox()).get(30, TimeUnit.SECONDS);
      ws.abort();
      throw new AssertionError("upgrade accepted with " + headers.keySet());
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException h) {
        assertThat(String.valueOf(h.getResponse().body())).doesNotContain(jupyter.token);
        return h.getResponse().statusCode();
      }
      throw e;
    }
  }

  @Test
  void refusals_on_the_websocket_upgrade() throws Exception {
    String kernel = createKernel();
    try {
      assertThat(refusedUpgrade(kernel, Map.of())).isEqualTo(401);
      assertThat(refusedUpgrade(kernel, Map.of("Authorization", "Bearer " + tokens.get(VERA))))
          .isEqualTo(403);
      assertThat(refusedUpgrade(kernel, Map.of("Authorization", "Bearer " + tokens.get(OSCAR))))
          .isEqualTo(404);
      assertThat(refusedUpgrade(kernel, Map.of("Cookie", eddieCookie))).isEqualTo(403);
      assertThat(
              refusedUpgrade(
                  kernel, Map.of("Cookie", eddieCookie, "Origin", "https://evil.example.com")))
          .isEqualTo(403);
      assertThat(
              refusedUpgrade(
                  kernel,
                  Map.of(
                      "Authorization",
                      "Bearer " + tokens.get(EDDIE),
                      "Origin",
                      "https://evil.example.com")))
          .isEqualTo(403);
      // a stopped notebook: 503, no upgrade
      WebSocket.Builder b =
          http.newWebSocketBuilder().header("Authorization", "Bearer " + tokens.get(EDDIE));
      try {
        b.buildAsync(
                URI.create("ws://127.0.0.1:" + server.port() + STOPPED + "api/kernels/x/channels"),
                new KernelMessages.Inbox())
            .get(30, TimeUnit.SECONDS);
        fail("upgrade to a stopped notebook accepted");
      } catch (java.util.concurrent.ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
            .isEqualTo(503);
      }
    } finally {
      send(bearer(NB + "api/kernels/" + kernel, EDDIE).DELETE());
    }
  }
}
