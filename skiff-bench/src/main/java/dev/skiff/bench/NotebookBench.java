package dev.skiff.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.engine.notebook.NotebookEndpoint;
import dev.skiff.server.LocalSetup;
import dev.skiff.server.SkiffServer;
import dev.skiff.server.auth.TokenFile;
import dev.skiff.server.config.SkiffConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * B8: notebook servers behind the proxy. A real server (this JVM, local mode, H2 home) with its
 * notebook proxy and its own notebook service, in front of real classic Jupyter Notebook servers
 * ({@code /usr/bin/python3 -m notebook}).
 *
 * <ul>
 *   <li>starts ({@link NotebookStarts}): {@code POST /api/v1/profiles/{p}/notebooks} → first {@code
 *       api/status} 200 through the proxy, one at a time and {@value NotebookStarts#CONCURRENT} at
 *       once, against the same server command started bare and polled directly;
 *   <li>proxy overhead per request: {@code GET api/status} through the proxy (the local token,
 *       Skiff's authentication and role check, the lookup, the forwarded request) against the same
 *       request sent to Jupyter directly with its token, interleaved, one at a time, after a
 *       warm-up: p50 and p99; gate p50(proxy) − p50(direct) ≤ 2 ms (issue 13); the proxy looks the
 *       one server the benchmark started up in {@link FixedNotebooks};
 *   <li>a kernel's round trip ({@code execute_request} of {@code 1} → {@code execute_reply}) over
 *       the proxied WebSocket against Jupyter's own (report).
 * </ul>
 */
final class NotebookBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NAME = "bench";

  /**
   * How often a start is polled, directly and through the proxy alike. Polling through the proxy
   * costs the server some CPU per poll (authentication, lookup, a refused connection) that a bare
   * poll does not: at 10 ms it slowed the server's own start on two busy cores by ~20%.
   */
  static final Duration POLL = Duration.ofMillis(Long.getLong("skiff.b8.pollMillis", 50));

  /** Rounds of {@value NotebookStarts#CONCURRENT} starts at once, each side. */
  static final int CONCURRENT_ROUNDS = Integer.getInteger("skiff.b8.concurrentRounds", 3);

  private final Path work;
  private final int requests;
  private final int starts;

  NotebookBench(Path work, int requests, int starts) {
    this.work = work;
    this.requests = requests;
    this.starts = starts;
  }

  void run(Table table) throws Exception {
    String missing = BareJupyter.unavailable();
    if (missing != null) {
      table.add(Row.report("B8", "notebook proxy", "skipped: " + missing));
      return;
    }
    Path home = Files.createDirectories(work.resolve("b8-home"));
    String user = System.getProperty("user.name", "user");
    String profile = LocalSetup.profileNameFor(user);
    SkiffConfig config =
        new SkiffConfig(
            home,
            new SkiffConfig.Http("127.0.0.1", 0, Duration.ofSeconds(5)),
            new SkiffConfig.Database(null, null, null),
            new SkiffConfig.Engine("local", Duration.ofSeconds(15)));
    FixedNotebooks notebooks = new FixedNotebooks(profile, NAME);
    try (SkiffServer server = SkiffServer.start(config);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      String localToken = TokenFile.read(home).orElseThrow();
      String bearer = "Bearer " + localToken;
      URI proxied = server.url().resolve("/notebook/" + profile + "/" + NAME + "/");

      NotebookApi api =
          new NotebookApi(
              http, server.url(), profile, bearer, Map.of("cpu", cpus(), "memory", "256Mi"));
      new NotebookStarts(
              work,
              http,
              api,
              profile,
              NAME,
              bearer,
              server::serveNotebooks,
              server.notebookService(),
              notebooks)
          .run(table, starts, CONCURRENT_ROUNDS);
      server.serveNotebooks(notebooks);

      try (BareJupyter jupyter = new BareJupyter(work.resolve("b8-overhead"), profile, NAME)) {
        String token = "token " + jupyter.token;
        jupyter.awaitOk(http, jupyter.base.resolve("api/status"), token, Duration.ofSeconds(60));
        notebooks.endpoint(new NotebookEndpoint(jupyter.base, jupyter.token));
        overhead(
            table,
            http,
            jupyter.base,
            token,
            proxied,
            bearer,
            browserSession(server, user),
            server.url().resolve("/api/v1/me"));
        kernel(table, http, jupyter.base, token, proxied, bearer);
      }
    }
  }

  /**
   * CPU cores each created notebook asks for: a tenth of the machine (at most Kubeflow's 0.5), so
   * that {@value NotebookStarts#CONCURRENT} at once fit the machine's admission as the bare servers
   * do (no admission there); the same for single creates.
   */
  private static String cpus() {
    double tenth = Math.floor(Runtime.getRuntime().availableProcessors() * 100.0 / 10) / 100;
    return String.valueOf(Math.min(0.5, Math.max(0.01, tenth)));
  }

  /** A browser session of {@code user}, stored as the server stores one: the Cookie header. */
  private static String browserSession(SkiffServer server, String user) throws Exception {
    byte[] b = new byte[32];
    new java.security.SecureRandom().nextBytes(b);
    String value = java.util.HexFormat.of().formatHex(b);
    String hash =
        java.util.HexFormat.of()
            .formatHex(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    java.time.Instant now = java.time.Instant.now();
    server
        .database()
        .identity()
        .sessions()
        .create(
            new dev.skiff.store.identity.Session(
                hash, user, "bench", now, now.plusSeconds(3600), now));
    return dev.skiff.server.auth.BrowserSessions.PLAIN_COOKIE + "=" + value;
  }

  private void overhead(
      Table table,
      HttpClient http,
      URI direct,
      String token,
      URI proxied,
      String bearer,
      String cookie,
      URI me)
      throws Exception {
    URI d = direct.resolve("api/status");
    URI p = proxied.resolve("api/status");
    for (int i = 0; i < 300; i++) {
      time(http, d, "Authorization", token);
      time(http, p, "Authorization", bearer);
      time(http, p, "Cookie", cookie);
      time(http, me, "Authorization", bearer);
    }
    Samples base = new Samples();
    Samples proxy = new Samples();
    Samples byCookie = new Samples();
    Samples floor = new Samples();
    for (int i = 0; i < requests; i++) {
      base.addNanos(time(http, d, "Authorization", token));
      proxy.addNanos(time(http, p, "Authorization", bearer));
      byCookie.addNanos(time(http, p, "Cookie", cookie));
      floor.addNanos(time(http, me, "Authorization", bearer));
    }
    double overhead = proxy.median() - base.median();
    table.add(
        new Row(
            "B8",
            "proxy overhead, GET api/status p50 (" + requests + " each, interleaved)",
            ms(base.median()),
            ms(proxy.median()),
            String.format("%.2f", proxy.median() / base.median()),
            "-",
            "p50 overhead ≤ 2 ms",
            overhead <= 2.0));
    table.add(
        Row.report(
            "B8",
            "proxy GET api/status p99: direct / proxied / overhead p50",
            ms(base.p99()) + " / " + ms(proxy.p99()) + " / " + ms(overhead)));
    table.add(
        Row.report(
            "B8",
            "proxied with a browser session cookie p50 / p99 (overhead p50)",
            ms(byCookie.median())
                + " / "
                + ms(byCookie.p99())
                + " ("
                + ms(byCookie.median() - base.median())
                + ")"));
    table.add(
        Row.report(
            "B8",
            "Skiff's own floor: GET /api/v1/me with the token p50 / p99",
            ms(floor.median()) + " / " + ms(floor.p99())));
  }

  private static long time(HttpClient http, URI uri, String header, String value)
      throws IOException, InterruptedException {
    long t = System.nanoTime();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(uri).header(header, value).build(),
            HttpResponse.BodyHandlers.ofString());
    long spent = System.nanoTime() - t;
    if (r.statusCode() != 200) {
      throw new IllegalStateException(uri + " answered " + r.statusCode() + ": " + r.body());
    }
    return spent;
  }

  /** A kernel's execute round trip over Jupyter's WebSocket and over the proxied one. */
  private void kernel(
      Table table, HttpClient http, URI direct, String token, URI proxied, String bearer)
      throws Exception {
    HttpResponse<String> made =
        http.send(
            HttpRequest.newBuilder(direct.resolve("api/kernels"))
                .header("Authorization", token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"python3\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (made.statusCode() != 201) {
      throw new IllegalStateException("kernel not created: " + made.body());
    }
    String id = JSON.readTree(made.body()).path("id").asText();
    // one session each: Jupyter replaces a session's older connection with a newer one
    String path = "api/kernels/" + id + "/channels?session_id=";
    Inbox directInbox = new Inbox();
    Inbox proxyInbox = new Inbox();
    WebSocket d =
        http.newWebSocketBuilder()
            .header("Authorization", token)
            .buildAsync(ws(direct.resolve(path + UUID.randomUUID())), directInbox)
            .get(30, TimeUnit.SECONDS);
    WebSocket p =
        http.newWebSocketBuilder()
            .header("Authorization", bearer)
            .buildAsync(ws(proxied.resolve(path + UUID.randomUUID())), proxyInbox)
            .get(30, TimeUnit.SECONDS);
    int rounds = Math.max(50, requests / 10);
    for (int i = 0; i < 50; i++) {
      execute(d, directInbox);
      execute(p, proxyInbox);
    }
    Samples base = new Samples();
    Samples proxy = new Samples();
    for (int i = 0; i < rounds; i++) {
      base.addNanos(execute(d, directInbox));
      proxy.addNanos(execute(p, proxyInbox));
    }
    d.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    p.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    table.add(
        new Row(
            "B8",
            "kernel execute round trip over the WebSocket p50 (" + rounds + " each)",
            ms(base.median()),
            ms(proxy.median()),
            String.format("%.2f", proxy.median() / base.median()),
            "-",
            "report only",
            null));
  }

  private static URI ws(URI http) {
    return URI.create("ws" + http.toString().substring("http".length()));
  }

  /** Sends {@code execute_request} of {@code 1}; the time until its {@code execute_reply}. */
  private static long execute(WebSocket ws, Inbox inbox) throws Exception {
    String msgId = UUID.randomUUID().toString();
    ObjectNode msg = JSON.createObjectNode();
    msg.putObject("header")
        .put("msg_id", msgId)
        .put("username", "bench")
        .put("session", "bench")
        .put("msg_type", "execute_request")
        .put("version", "5.3");
    msg.putObject("parent_header");
    msg.putObject("metadata");
    msg.putObject("content")
        .put("code", "1")
        .put("silent", false)
        .put("store_history", false)
        .put("allow_stdin", false)
        .putObject("user_expressions");
    msg.put("channel", "shell");
    String text = JSON.writeValueAsString(msg);
    long t = System.nanoTime();
    ws.sendText(text, true).join();
    while (true) {
      String in = inbox.messages.poll(30, TimeUnit.SECONDS);
      if (in == null) {
        throw new IllegalStateException("no execute_reply in 30 s");
      }
      JsonNode m = JSON.readTree(in);
      if (msgId.equals(m.path("parent_header").path("msg_id").asText())
          && m.path("header").path("msg_type").asText().equals("execute_reply")) {
        return System.nanoTime() - t;
      }
    }
  }

  /** A socket's text messages. */
  private static final class Inbox implements WebSocket.Listener {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final StringBuilder part = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      part.append(data);
      if (last) {
        messages.add(part.toString());
        part.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }

  private static String ms(double v) {
    return String.format("%.2f ms", v);
  }
}
