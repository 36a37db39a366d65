package dev.skiff.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.server.SkiffServer;
import dev.skiff.server.auth.ApiTokens;
import dev.skiff.server.auth.TokenFile;
import dev.skiff.server.config.SkiffConfig;
import dev.skiff.store.artifact.ArtifactStoreConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real server (local mode, H2 file) with a team to test authorization on: profile {@value #TEAM}
 * owned by alice, with adam (admin), eddie (edit) and vera (view); oscar, who owns only his own
 * profile; nobody; a revoked token of alice; and the OS user (the platform administrator of a local
 * home). Every user except the OS user is made by an API token written to the database; their first
 * request makes them and their default profile.
 *
 * <p>Alice fills the team through the API: a pipeline with a version, an experiment, a finished run
 * with an artifact and logs, and a disabled recurring run.
 */
final class Team implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String TEAM = "team-a";
  static final String API = "/apis/v2beta1";

  /** Who sends a request. */
  enum Who {
    OWNER("alice@example.com"),
    ADMIN("adam@example.com"),
    EDIT("eddie@example.com"),
    VIEW("vera@example.com"),
    OTHER("oscar@example.com"),
    ANONYMOUS(null),
    REVOKED("alice@example.com"),
    PLATFORM(null);

    final String user;

    Who(String user) {
      this.user = user;
    }

    /** The caller's role in the team's profiles, or null (none, or not a member). */
    RouteTable.Need role() {
      return switch (this) {
        case OWNER -> RouteTable.Need.OWNER;
        case ADMIN -> RouteTable.Need.ADMIN;
        case EDIT -> RouteTable.Need.EDIT;
        case VIEW -> RouteTable.Need.VIEW;
        default -> null;
      };
    }
  }

  /** A request body. */
  sealed interface Body {
    /** No body. */
    record None() implements Body {}

    /** A JSON body. */
    record Json(String text) implements Body {}

    /** A multipart upload of a pipeline file in {@code uploadfile}. */
    record Upload(String fileName, byte[] content) implements Body {}

    Body NONE = new None();
  }

  /** An answer: status, content type and body (empty for a stream that was cut off). */
  record Answer(int status, String contentType, String body, String wwwAuthenticate) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    String detail() {
      return json().path("detail").asText();
    }

    @Override
    public String toString() {
      return status + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
    }
  }

  /**
   * What a route's path parameters are filled from.
   *
   * @param profile the profile ({@code {profile}})
   * @param runId a finished run with an artifact and logs
   * @param pipelineId a pipeline with a version
   * @param versionId that version
   * @param pipelineName the pipeline's name
   * @param experimentId an experiment
   * @param recurringRunId a disabled recurring run
   * @param tokenId an active token of alice
   * @param member a member of the profile with the role view
   * @param notebook a notebook server of the profile
   */
  record Target(
      String profile,
      String runId,
      String pipelineId,
      String versionId,
      String pipelineName,
      String experimentId,
      String recurringRunId,
      String tokenId,
      String member,
      String notebook) {

    Target withNotebook(String name) {
      return new Target(
          profile,
          runId,
          pipelineId,
          versionId,
          pipelineName,
          experimentId,
          recurringRunId,
          tokenId,
          member,
          name);
    }

    Target withRun(String id) {
      return new Target(
          profile,
          id,
          pipelineId,
          versionId,
          pipelineName,
          experimentId,
          recurringRunId,
          tokenId,
          member,
          notebook);
    }

    Target withPipeline(String id, String version) {
      return new Target(
          profile,
          runId,
          id,
          version,
          pipelineName,
          experimentId,
          recurringRunId,
          tokenId,
          member,
          notebook);
    }

    Target withExperiment(String id) {
      return new Target(
          profile,
          runId,
          pipelineId,
          versionId,
          pipelineName,
          id,
          recurringRunId,
          tokenId,
          member,
          notebook);
    }

    Target withRecurringRun(String id) {
      return new Target(
          profile,
          runId,
          pipelineId,
          versionId,
          pipelineName,
          experimentId,
          id,
          tokenId,
          member,
          notebook);
    }

    Target withProfile(String p) {
      return new Target(
          p,
          runId,
          pipelineId,
          versionId,
          pipelineName,
          experimentId,
          recurringRunId,
          tokenId,
          member,
          notebook);
    }

    Target withToken(String id) {
      return new Target(
          profile,
          runId,
          pipelineId,
          versionId,
          pipelineName,
          experimentId,
          recurringRunId,
          id,
          member,
          notebook);
    }

    Target withMember(String user) {
      return new Target(
          profile,
          runId,
          pipelineId,
          versionId,
          pipelineName,
          experimentId,
          recurringRunId,
          tokenId,
          user,
          notebook);
    }
  }

  final SkiffServer server;
  final Map<Who, String> tokens = new EnumMap<>(Who.class);
  final ApiTokens apiTokens;
  final String pipelineText;
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicInteger serial = new AtomicInteger();

  /** The team's fixtures. */
  Target shared;

  /** A second experiment of the team, archived and unarchived by the matrix. */
  String spareExperiment;

  Team(Path home) throws Exception {
    server =
        SkiffServer.start(
            new SkiffConfig(
                    home,
                    new SkiffConfig.Http("127.0.0.1", 0, Duration.ofSeconds(5)),
                    new SkiffConfig.Database(null, null, null),
                    new SkiffConfig.Engine("local", Duration.ofSeconds(15)),
                    ArtifactStoreConfig.LOCAL,
                    SkiffConfig.Retention.DEFAULT,
                    SkiffConfig.Api.DEFAULTS,
                    // the OS user administers this platform (auth.admins); token users do not
                    new dev.skiff.server.config.AuthSettings(
                        dev.skiff.server.config.AuthSettings.Mode.LOCAL,
                        null,
                        java.util.Set.of(System.getProperty("user.name")),
                        java.util.Set.of(),
                        java.util.Set.of(),
                        java.util.Set.of(),
                        dev.skiff.server.config.AuthSettings.DEFAULT_SESSION_TTL,
                        dev.skiff.server.config.AuthSettings.DEFAULT_TOKEN_TTL,
                        null,
                        null,
                        null))
                // Notebook servers that only hold a process: authorization does not need Jupyter.
                .withNotebooks(
                    new dev.skiff.engine.notebook.NotebookSettings(
                        List.of(
                            new dev.skiff.engine.notebook.NotebookSettings.EnvironmentSettings(
                                "idle",
                                "Idle",
                                "command",
                                null,
                                List.of("sleep", "600"),
                                0.01,
                                64L << 20)),
                        Duration.ofHours(8),
                        Duration.ofMinutes(1),
                        Duration.ofMinutes(10),
                        Map.of())));
    tokens.put(Who.PLATFORM, TokenFile.read(home).orElseThrow());
    apiTokens = new ApiTokens(server.database().identity().tokens(), Clock.systemUTC());
    for (Who w : List.of(Who.OWNER, Who.ADMIN, Who.EDIT, Who.VIEW, Who.OTHER)) {
      tokens.put(w, token(w.user, null, null));
    }
    ApiTokens.Created revoked = apiTokens.create(Who.OWNER.user, "revoked", null, null, day());
    apiTokens.revoke(revoked.stored().id());
    tokens.put(Who.REVOKED, revoked.token());
    pipelineText = ApiServer.resource("artifacts.yaml");
  }

  private static Duration day() {
    return Duration.ofDays(1);
  }

  /** A new API token of {@code user}, limited to {@code profile}/{@code role} when given. */
  String token(String user, String profile, dev.skiff.store.identity.ProfileRole role) {
    return apiTokens.create(user, "matrix", profile, role, day()).token();
  }

  /** A name no other fixture has. */
  String unique(String prefix) {
    return prefix + "-" + serial.incrementAndGet();
  }

  // ---- fixtures --------------------------------------------------------------------------------

  /** Signs everyone in, makes the team and fills it. */
  void setUp() throws Exception {
    for (Who w : Who.values()) {
      if (w.user != null && w != Who.REVOKED) {
        ok(send(w, "GET", "/api/v1/me", Body.NONE));
      }
    }
    String profile = newProfile(TEAM);
    addMember(profile, "tessa@example.com", "view");
    String pipeline = createPipeline(profile, "matrix-pipeline");
    String version =
        ok(send(Who.OWNER, "GET", API + "/pipelines/" + pipeline + "/versions", Body.NONE))
            .path("pipeline_versions")
            .get(0)
            .path("pipeline_version_id")
            .asText();
    String experiment = createExperiment(profile);
    spareExperiment = createExperiment(profile);
    Target t =
        new Target(
            profile,
            null,
            pipeline,
            version,
            "matrix-pipeline",
            experiment,
            null,
            null,
            "tessa@example.com",
            null);
    String run = finishedRun(t);
    shared =
        t.withRun(run)
            .withRecurringRun(recurringRun(t))
            .withToken(aliceToken())
            .withNotebook(createNotebook(profile));
  }

  /** A profile of alice's with adam (admin), eddie (edit) and vera (view). */
  String newProfile(String name) {
    Answer made =
        send(
            Who.OWNER,
            "POST",
            "/api/v1/profiles",
            json("{\"name\": \"" + name + "\", \"description\": \"authorization matrix\"}"));
    assertThat(made.status()).as(made.toString()).isEqualTo(201);
    addMember(name, Who.ADMIN.user, "admin");
    addMember(name, Who.EDIT.user, "edit");
    addMember(name, Who.VIEW.user, "view");
    return name;
  }

  void addMember(String profile, String user, String role) {
    Answer a =
        send(
            Who.OWNER,
            "POST",
            "/api/v1/profiles/" + profile + "/members",
            json("{\"user\": \"" + user + "\", \"role\": \"" + role + "\"}"));
    assertThat(a.status()).as(a.toString()).isIn(200, 201);
  }

  String createPipeline(String profile, String name) {
    return ok(send(Who.OWNER, "POST", API + "/pipelines/create", pipelineBody(profile, name)))
        .path("pipeline_id")
        .asText();
  }

  /** KFP's {@code {pipeline, pipeline_version}} with the artifacts pipeline. */
  Body pipelineBody(String profile, String name) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("pipeline").put("display_name", name).put("namespace", profile);
    body.putObject("pipeline_version").put("display_name", name).put("pipeline_spec", pipelineText);
    return json(body.toString());
  }

  /** A version body with the artifacts pipeline. */
  Body versionBody(String name) {
    ObjectNode body = JSON.createObjectNode().put("display_name", name);
    body.put("pipeline_spec", pipelineText);
    return json(body.toString());
  }

  String createExperiment(String profile) {
    return ok(send(Who.OWNER, "POST", API + "/experiments", experimentBody(profile)))
        .path("experiment_id")
        .asText();
  }

  Body experimentBody(String profile) {
    return json(
        "{\"display_name\": \"" + unique("experiment") + "\", \"namespace\": \"" + profile + "\"}");
  }

  /** A run of the target's pipeline version in its experiment (steps of no duration). */
  Body runBody(Target t) {
    ObjectNode body = JSON.createObjectNode().put("display_name", unique("run"));
    body.put("experiment_id", t.experimentId());
    body.putObject("pipeline_version_reference")
        .put("pipeline_id", t.pipelineId())
        .put("pipeline_version_id", t.versionId());
    body.putObject("runtime_config").putObject("parameters").put("seconds", 0);
    return json(body.toString());
  }

  /** A run of alice's that has finished (succeeded), with an artifact and logs. */
  String finishedRun(Target t) throws Exception {
    String id = ok(send(Who.OWNER, "POST", API + "/runs", runBody(t))).path("run_id").asText();
    var done = server.runs().await(id, Duration.ofMinutes(2));
    assertThat(done.run().state().name()).as(done.toString()).isEqualTo("SUCCEEDED");
    return id;
  }

  /** A disabled recurring run of the target's pipeline, once a year. */
  Body recurringRunBody(Target t, String namespace) {
    ObjectNode body = JSON.createObjectNode().put("display_name", unique("schedule"));
    if (namespace != null) {
      body.put("namespace", namespace);
    }
    body.put("experiment_id", t.experimentId());
    body.put("mode", "DISABLE");
    body.putObject("pipeline_version_reference")
        .put("pipeline_id", t.pipelineId())
        .put("pipeline_version_id", t.versionId());
    body.putObject("trigger").putObject("cron_schedule").put("cron", "0 0 1 1 *");
    return json(body.toString());
  }

  String recurringRun(Target t) {
    return ok(send(Who.OWNER, "POST", API + "/recurringruns", recurringRunBody(t, t.profile())))
        .path("recurring_run_id")
        .asText();
  }

  /**
   * A new notebook server of alice's in {@code profile}. It asks for little (the machine's CPU and
   * memory ledger is shared with the runs' steps) and is deleted when the team closes.
   */
  String createNotebook(String profile) {
    String name = unique("nb");
    ok(send(Who.OWNER, "POST", "/api/v1/profiles/" + profile + "/notebooks", notebookBody(name)));
    return name;
  }

  /** A small notebook server's request. */
  Body notebookBody(String name) {
    return json("{\"name\": \"" + name + "\", \"cpu\": \"10m\", \"memory\": \"64Mi\"}");
  }

  Target freshNotebook() {
    return shared.withNotebook(createNotebook(TEAM));
  }

  /** Deletes every notebook server of every profile (their processes outlive a server's stop). */
  void deleteNotebooks() {
    for (JsonNode p :
        ok(send(Who.PLATFORM, "GET", "/api/v1/profiles", Body.NONE)).path("profiles")) {
      String path = "/api/v1/profiles/" + p.path("name").asText() + "/notebooks";
      for (JsonNode n : ok(send(Who.PLATFORM, "GET", path, Body.NONE)).path("notebooks")) {
        send(
            Who.PLATFORM,
            "DELETE",
            path + "/" + n.path("name").asText() + "?delete_workspace=true",
            Body.NONE);
      }
    }
  }

  String aliceToken() {
    return apiTokens.create(Who.OWNER.user, "target", null, null, day()).stored().id();
  }

  // ---- fresh targets for routes that destroy theirs --------------------------------------------

  Target freshRun() throws Exception {
    return shared.withRun(finishedRun(shared));
  }

  Target freshPipeline() {
    String name = unique("lone-pipeline");
    String id =
        ok(send(
                Who.OWNER,
                "POST",
                API + "/pipelines",
                json("{\"display_name\": \"" + name + "\", \"namespace\": \"" + TEAM + "\"}")))
            .path("pipeline_id")
            .asText();
    return shared.withPipeline(id, shared.versionId());
  }

  Target freshVersion() {
    String v =
        ok(send(
                Who.OWNER,
                "POST",
                API + "/pipelines/" + shared.pipelineId() + "/versions",
                versionBody(unique("version"))))
            .path("pipeline_version_id")
            .asText();
    return shared.withPipeline(shared.pipelineId(), v);
  }

  Target freshExperiment() {
    return shared.withExperiment(createExperiment(TEAM));
  }

  Target spareExperiment() {
    return shared.withExperiment(spareExperiment);
  }

  Target freshRecurringRun() {
    return shared.withRecurringRun(recurringRun(shared));
  }

  Target freshProfile() {
    return shared.withProfile(newProfile(unique("team-x")));
  }

  Target freshToken() {
    return shared.withToken(aliceToken());
  }

  Target freshMember() {
    String user = unique("leaver") + "@example.com";
    addMember(TEAM, user, "view");
    return shared.withMember(user);
  }

  // ---- what "nothing changed" compares ---------------------------------------------------------

  /**
   * What a refused write must leave as it was, read by the platform administrator: the profiles;
   * the runs (with their storage state), pipelines, experiments (with theirs), recurring runs (with
   * their mode) and members of the team, of the target's profile and of oscar's; the versions of
   * the target's pipeline; the team's quota; alice's tokens.
   */
  String snapshot(Target t) {
    List<String> out = new ArrayList<>();
    TreeSet<String> profiles = new TreeSet<>();
    for (JsonNode p :
        ok(send(Who.PLATFORM, "GET", "/api/v1/profiles", Body.NONE)).path("profiles")) {
      profiles.add(p.path("name").asText());
    }
    out.add("profiles " + profiles);
    for (String p : new TreeSet<>(List.of(TEAM, t.profile(), "oscar"))) {
      if (!profiles.contains(p)) {
        continue;
      }
      String ns = "?page_size=10000&namespace=" + p;
      out.add(p + " runs " + items(API + "/runs" + ns, "runs", "run_id", "storage_state"));
      out.add(p + " pipelines " + items(API + "/pipelines" + ns, "pipelines", "pipeline_id", ""));
      out.add(
          p
              + " experiments "
              + items(API + "/experiments" + ns, "experiments", "experiment_id", "storage_state"));
      out.add(
          p
              + " schedules "
              + items(API + "/recurringruns" + ns, "recurringRuns", "recurring_run_id", "status"));
      out.add(
          p + " members " + items("/api/v1/profiles/" + p + "/members", "members", "user", "role"));
      out.add(p + " notebooks " + notebooks(p));
      out.add(
          p
              + " quota "
              + ok(send(Who.PLATFORM, "GET", "/api/v1/profiles/" + p, Body.NONE)).path("quota"));
    }
    Answer versions =
        send(Who.PLATFORM, "GET", API + "/pipelines/" + t.pipelineId() + "/versions", Body.NONE);
    out.add(
        "versions "
            + (versions.status() == 200
                ? versions.json().path("pipeline_versions").size()
                    + " "
                    + versions.body().hashCode()
                : versions.status()));
    out.add("alice's tokens " + userTokens(Who.OWNER.user));
    return String.join("\n", out);
  }

  /** A profile's notebooks by name, each wanted running or stopped (not its changing phase). */
  private String notebooks(String profile) {
    TreeSet<String> seen = new TreeSet<>();
    for (JsonNode n :
        ok(send(Who.PLATFORM, "GET", "/api/v1/profiles/" + profile + "/notebooks", Body.NONE))
            .path("notebooks")) {
      String phase = n.path("status").path("phase").asText();
      seen.add(
          n.path("name").asText()
              + ":"
              + (phase.equals("Stopping") || phase.equals("Stopped") ? "stopped" : "wanted"));
    }
    return seen.toString();
  }

  /**
   * A user's tokens with their revocation, but not those the server gives the notebook servers they
   * created (issued and revoked as those start and stop, on the server's own schedule).
   */
  private String userTokens(String user) {
    TreeSet<String> seen = new TreeSet<>();
    for (JsonNode n :
        ok(send(Who.PLATFORM, "GET", "/api/v1/tokens?user=" + user, Body.NONE)).path("tokens")) {
      if (!n.path("name").asText().startsWith("notebook ")) {
        seen.add(n.path("id").asText() + ":" + n.path("revoked_at").asText());
      }
    }
    return seen.toString();
  }

  private String items(String path, String list, String key, String state) {
    TreeSet<String> seen = new TreeSet<>();
    for (JsonNode n : ok(send(Who.PLATFORM, "GET", path, Body.NONE)).path(list)) {
      seen.add(n.path(key).asText() + (state.isEmpty() ? "" : ":" + n.path(state).asText()));
    }
    return seen.toString();
  }

  // ---- HTTP
  // --------------------------------------------------------------------------------------

  static Body json(String text) {
    return new Body.Json(text);
  }

  Answer send(Who who, String method, String pathAndQuery, Body body) {
    return send(who, method, pathAndQuery, body, Map.of(), false);
  }

  /**
   * Sends a request as {@code who}.
   *
   * @param stream when true, only the status and headers are read (the stream is then closed)
   */
  Answer send(
      Who who,
      String method,
      String pathAndQuery,
      Body body,
      Map<String, String> headers,
      boolean stream) {
    String token = who == Who.ANONYMOUS ? null : tokens.get(who);
    return sendWith(
        token == null ? null : "Bearer " + token, method, pathAndQuery, body, headers, stream);
  }

  /** Sends a request with the {@code Authorization} header given (none when null). */
  Answer sendWith(
      String authorization,
      String method,
      String pathAndQuery,
      Body body,
      Map<String, String> headers,
      boolean stream) {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.url().resolve(pathAndQuery));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    headers.forEach(b::header);
    HttpRequest.BodyPublisher publisher =
        switch (body) {
          case Body.None n -> HttpRequest.BodyPublishers.noBody();
          case Body.Json j -> {
            b.header("Content-Type", "application/json");
            yield HttpRequest.BodyPublishers.ofString(j.text());
          }
          case Body.Upload u -> {
            String boundary = "----skiff" + UUID.randomUUID();
            b.header("Content-Type", "multipart/form-data; boundary=" + boundary);
            yield HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, u));
          }
        };
    b.method(method, publisher);
    try {
      HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      String text;
      try (InputStream in = r.body()) {
        text =
            stream && r.statusCode() == 200
                ? ""
                : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      return new Answer(
          r.statusCode(),
          r.headers().firstValue("content-type").orElse(""),
          text,
          r.headers().firstValue("www-authenticate").orElse(""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static byte[] multipart(String boundary, Body.Upload u) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"uploadfile\"; filename=\""
                + u.fileName()
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    out.writeBytes(u.content());
    out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** The JSON of a 2xx answer. */
  static JsonNode ok(Answer a) {
    assertThat(a.status()).as(a.toString()).isBetween(200, 299);
    return a.body().isEmpty() ? JSON.createObjectNode() : a.json();
  }

  @Override
  public void close() {
    try {
      deleteNotebooks();
    } finally {
      server.close();
    }
  }
}
