package dev.skiff.server.api;

import dev.skiff.server.api.Team.Body;
import dev.skiff.server.api.Team.Target;
import dev.skiff.server.api.Team.Who;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Every route of the server with what it needs: how its path is filled from the team's fixtures,
 * its query and body, the least role that may use it, and how a caller without it is refused (a
 * resource of another profile named by id is "not found", 404; a profile named that is not yours,
 * 403; a role too small where you are a member, 403).
 */
final class RouteTable {
  private RouteTable() {}

  /** The least a caller needs. */
  enum Need {
    /** Anyone, signed in or not. */
    PUBLIC,
    /** Any signed-in user. */
    ANY_SIGNED_IN,
    VIEW,
    EDIT,
    ADMIN,
    OWNER,
    /** A platform administrator (the local OS user; {@code auth.admins}). */
    PLATFORM_ADMIN;

    /** Whether a profile role {@code r} is at least this. */
    boolean grantedBy(Need r) {
      return r != null && r.ordinal() >= ordinal() && r.ordinal() <= OWNER.ordinal();
    }
  }

  /** Makes a route's target; {@code fresh} targets are made anew for every caller allowed. */
  @FunctionalInterface
  interface Targets {
    Target make(Team team) throws Exception;
  }

  /** A request body for a caller and target. */
  @FunctionalInterface
  interface Bodies {
    Body make(Team team, Who who, Target t);
  }

  /**
   * One route.
   *
   * @param method the HTTP method
   * @param template the path as registered
   * @param query what the path is sent with after {@code ?} ({@code {profile}} filled in), or ""
   * @param need the least a caller needs
   * @param memberRefusal the status for a member whose role is too small
   * @param strangerRefusal the status for a signed-in user who is not a member
   * @param body the body sent
   * @param target the fixtures the path names
   * @param fresh whether every allowed caller needs a new target (the route destroys it)
   * @param allowed what an allowed caller may get besides 2xx (e.g. 409 for a retry of a run that
   *     succeeded: it was authorized, then refused for its state)
   * @param stream whether the answer is a stream that stays open (read the status, then close)
   */
  record Row(
      String method,
      String template,
      String query,
      Need need,
      int memberRefusal,
      int strangerRefusal,
      Bodies body,
      Targets target,
      boolean fresh,
      Set<Integer> allowed,
      boolean stream) {

    String key() {
      return method + " " + template;
    }

    boolean writes() {
      return !method.equals("GET");
    }

    /** The status class {@code who} must get: 0 for allowed. */
    int expected(Who who) {
      if (need == Need.PUBLIC) {
        return 0;
      }
      if (who == Who.ANONYMOUS || who == Who.REVOKED) {
        return 401;
      }
      if (who == Who.PLATFORM || need == Need.ANY_SIGNED_IN) {
        return 0;
      }
      if (who == Who.OTHER) {
        return strangerRefusal;
      }
      if (need == Need.PLATFORM_ADMIN) {
        return memberRefusal;
      }
      return need.grantedBy(who.role()) ? 0 : memberRefusal;
    }

    /** The path and query for target {@code t}. */
    String path(Target t) {
      String p =
          template
              .replace("/notebooks/{name}", "/notebooks/" + t.notebook())
              .replace("{profile}", t.profile())
              .replace("{run_id}", t.runId())
              .replace("{node_id}", "make")
              .replace("{artifact_name}", "data")
              .replace("{pipeline_id}", t.pipelineId())
              .replace("{pipeline_version_id}", t.versionId())
              .replace("{name}", t.pipelineName())
              .replace("{experiment_id}", t.experimentId())
              .replace("{recurring_run_id}", t.recurringRunId())
              .replace("{token_id}", t.tokenId())
              .replace("{user}", t.member());
      String q =
          query
              .replace("{profile}", t.profile())
              .replace("{pipeline_id}", t.pipelineId())
              .replace("{unique}", "u" + System.nanoTime());
      return q.isEmpty() ? p : p + "?" + q;
    }
  }

  private static final class Builder {
    private final List<Row> rows = new ArrayList<>();
    private String method;
    private String template;
    private String query = "";
    private Need need;
    private int member = 403;
    private int stranger = 404;
    private Bodies body = (team, who, t) -> Body.NONE;
    private Targets target = team -> team.shared;
    private boolean fresh;
    private Set<Integer> allowed = Set.of();
    private boolean stream;

    Builder route(String method, String template, Need need) {
      flush();
      this.method = method;
      this.template = template;
      this.need = need;
      return this;
    }

    Builder query(String q) {
      query = q;
      return this;
    }

    /** A profile named by the caller (namespace, path) rather than a resource's id. */
    Builder byProfile() {
      stranger = 403;
      return this;
    }

    Builder refusals(int member, int stranger) {
      this.member = member;
      this.stranger = stranger;
      return this;
    }

    Builder body(Bodies b) {
      body = b;
      return this;
    }

    Builder target(Targets t) {
      target = t;
      return this;
    }

    Builder fresh(Targets t) {
      target = t;
      fresh = true;
      return this;
    }

    Builder alsoAllowed(Integer... statuses) {
      allowed = Set.of(statuses);
      return this;
    }

    Builder stream() {
      stream = true;
      return this;
    }

    private void flush() {
      if (method != null) {
        rows.add(
            new Row(
                method, template, query, need, member, stranger, body, target, fresh, allowed,
                stream));
      }
      query = "";
      member = 403;
      stranger = 404;
      body = (team, who, t) -> Body.NONE;
      target = team -> team.shared;
      fresh = false;
      allowed = Set.of();
      stream = false;
    }

    List<Row> build() {
      flush();
      method = null;
      return List.copyOf(rows);
    }
  }

  private static final String RUNS = "/apis/v2beta1/runs";
  private static final String PIPELINES = "/apis/v2beta1/pipelines";
  private static final String EXPERIMENTS = "/apis/v2beta1/experiments";
  private static final String RECURRING = "/apis/v2beta1/recurringruns";
  private static final String PROFILES = "/api/v1/profiles";

  /** The table: one row per registered route. */
  static List<Row> rows() {
    Builder b = new Builder();
    // Public: health, metrics, signing out (ends a cookie session, if any).
    b.route("GET", "/healthz", Need.PUBLIC);
    b.route("GET", "/readyz", Need.PUBLIC);
    b.route("GET", "/metrics", Need.PUBLIC);
    b.route("POST", "/auth/logout", Need.PUBLIC);
    // Browser sign-in pages: they need a one-time code or a browser session, never a token; with
    // neither every caller is refused the same way (nothing is signed in, no token is made).
    b.route("GET", "/auth/local", Need.PUBLIC).query("code=not-a-code").alsoAllowed(401);
    // OpenID Connect sign-in: not configured on this (local) server, so 404 for everyone.
    b.route("GET", "/auth/login", Need.PUBLIC).alsoAllowed(404);
    b.route("GET", "/auth/callback", Need.PUBLIC).query("code=x&state=y").alsoAllowed(404);
    b.route("GET", "/auth/logout", Need.PUBLIC).alsoAllowed(303);
    b.route("GET", "/auth/cli", Need.PUBLIC)
        .query("port=40000&state=abcdefghijklmnop")
        .alsoAllowed(401);
    b.route("POST", "/auth/cli", Need.PUBLIC).alsoAllowed(400, 401, 403);
    // A new one-time link: the local OS user only (it signs a browser in as them).
    b.route("POST", "/api/v1/signin-link", Need.PLATFORM_ADMIN).refusals(403, 403);

    // The caller, tokens, audit.
    b.route("GET", "/api/v1/me", Need.ANY_SIGNED_IN);
    b.route("GET", "/api/v1/tokens", Need.ANY_SIGNED_IN);
    b.route("POST", "/api/v1/tokens", Need.ANY_SIGNED_IN)
        .body((team, who, t) -> Team.json("{\"name\": \"" + team.unique("cli") + "\"}"));
    // A token of alice's: only she (and a platform administrator) revokes it; to anyone else it
    // does not exist.
    b.route("DELETE", "/api/v1/tokens/{token_id}", Need.OWNER)
        .refusals(404, 404)
        .fresh(Team::freshToken);
    b.route("GET", "/api/v1/audit", Need.ADMIN).query("profile={profile}").byProfile();

    // Profiles and members.
    b.route("GET", PROFILES, Need.ANY_SIGNED_IN);
    b.route("POST", PROFILES, Need.ANY_SIGNED_IN)
        .body((team, who, t) -> Team.json("{\"name\": \"" + team.unique("own") + "\"}"));
    b.route("GET", PROFILES + "/{profile}", Need.VIEW);
    b.route("DELETE", PROFILES + "/{profile}", Need.OWNER).fresh(Team::freshProfile);
    b.route("PUT", PROFILES + "/{profile}/quota", Need.PLATFORM_ADMIN)
        .body((team, who, t) -> Team.json("{\"steps\": 100}"));
    b.route("GET", PROFILES + "/{profile}/members", Need.VIEW);
    b.route("POST", PROFILES + "/{profile}/members", Need.ADMIN)
        .body(
            (team, who, t) ->
                Team.json(
                    "{\"user\": \""
                        + team.unique("newcomer")
                        + "@example.com\", \"role\": \"view\"}"));
    b.route("PUT", PROFILES + "/{profile}/members/{user}", Need.ADMIN)
        .body((team, who, t) -> Team.json("{\"role\": \"view\"}"));
    b.route("DELETE", PROFILES + "/{profile}/members/{user}", Need.ADMIN).fresh(Team::freshMember);

    // Runs.
    b.route("POST", RUNS, Need.EDIT).body((team, who, t) -> team.runBody(t));
    b.route("GET", RUNS, Need.VIEW).query("namespace={profile}").byProfile();
    b.route("GET", RUNS + "/{run_id}", Need.VIEW);
    b.route("POST", RUNS + "/{run_id}:cancel", Need.EDIT);
    b.route("POST", RUNS + "/{run_id}:terminate", Need.EDIT);
    b.route("POST", RUNS + "/{run_id}:retry", Need.EDIT).alsoAllowed(409);
    b.route("POST", RUNS + "/{run_id}:archive", Need.EDIT);
    b.route("POST", RUNS + "/{run_id}:unarchive", Need.EDIT);
    b.route("DELETE", RUNS + "/{run_id}", Need.EDIT).fresh(Team::freshRun);
    b.route("GET", RUNS + "/{run_id}/logs", Need.VIEW);
    b.route("GET", "/api/v1/runs/{run_id}/logs", Need.VIEW);
    b.route("GET", RUNS + "/{run_id}/nodes/{node_id}/artifacts/{artifact_name}:read", Need.VIEW);
    b.route("GET", "/api/v1/events", Need.VIEW).query("profile={profile}").byProfile().stream();

    // Pipelines and versions.
    b.route("POST", PIPELINES + "/upload", Need.EDIT)
        .query("namespace={profile}&name={unique}")
        .byProfile()
        .body(
            (team, who, t) ->
                new Body.Upload(
                    "pipeline.yaml", team.pipelineText.getBytes(StandardCharsets.UTF_8)));
    b.route("POST", PIPELINES + "/upload_version", Need.EDIT)
        .query("pipelineid={pipeline_id}&name={unique}")
        .body(
            (team, who, t) ->
                new Body.Upload(
                    "pipeline.yaml", team.pipelineText.getBytes(StandardCharsets.UTF_8)));
    b.route("POST", PIPELINES + "/create", Need.EDIT)
        .byProfile()
        .body((team, who, t) -> team.pipelineBody(t.profile(), team.unique("made")));
    b.route("GET", PIPELINES + "/names/{name}", Need.VIEW).query("namespace={profile}").byProfile();
    b.route("POST", PIPELINES, Need.EDIT)
        .byProfile()
        .body(
            (team, who, t) ->
                Team.json(
                    "{\"display_name\": \""
                        + team.unique("bare")
                        + "\", \"namespace\": \""
                        + t.profile()
                        + "\"}"));
    b.route("GET", PIPELINES, Need.VIEW).query("namespace={profile}").byProfile();
    b.route("GET", PIPELINES + "/{pipeline_id}", Need.VIEW);
    b.route("DELETE", PIPELINES + "/{pipeline_id}", Need.EDIT).fresh(Team::freshPipeline);
    b.route("POST", PIPELINES + "/{pipeline_id}/versions", Need.EDIT)
        .body((team, who, t) -> team.versionBody(team.unique("v")));
    b.route("GET", PIPELINES + "/{pipeline_id}/versions", Need.VIEW);
    b.route("GET", PIPELINES + "/{pipeline_id}/versions/{pipeline_version_id}", Need.VIEW);
    b.route("DELETE", PIPELINES + "/{pipeline_id}/versions/{pipeline_version_id}", Need.EDIT)
        .fresh(Team::freshVersion);

    // Experiments (the spare one is archived and unarchived, so that the runs' stays available).
    b.route("POST", EXPERIMENTS, Need.EDIT)
        .byProfile()
        .body((team, who, t) -> team.experimentBody(t.profile()));
    b.route("GET", EXPERIMENTS, Need.VIEW).query("namespace={profile}").byProfile();
    b.route("GET", EXPERIMENTS + "/{experiment_id}", Need.VIEW);
    b.route("POST", EXPERIMENTS + "/{experiment_id}:archive", Need.EDIT)
        .target(Team::spareExperiment);
    b.route("POST", EXPERIMENTS + "/{experiment_id}:unarchive", Need.EDIT)
        .target(Team::spareExperiment);
    b.route("DELETE", EXPERIMENTS + "/{experiment_id}", Need.EDIT).fresh(Team::freshExperiment);

    // Recurring runs (enabled once a year, disabled again by the next row).
    b.route("POST", RECURRING, Need.EDIT)
        .byProfile()
        .body((team, who, t) -> team.recurringRunBody(t, t.profile()));
    b.route("GET", RECURRING, Need.VIEW).query("namespace={profile}").byProfile();
    b.route("GET", RECURRING + "/{recurring_run_id}", Need.VIEW);
    b.route("POST", RECURRING + "/{recurring_run_id}:enable", Need.EDIT);
    b.route("POST", RECURRING + "/{recurring_run_id}:disable", Need.EDIT);
    b.route("DELETE", RECURRING + "/{recurring_run_id}", Need.EDIT).fresh(Team::freshRecurringRun);

    // Notebook servers: reading needs view, the rest edit; small ones (the machine's ledger is
    // shared with the runs' steps).
    b.route("GET", "/api/v1/notebook-config", Need.ANY_SIGNED_IN);
    b.route("GET", PROFILES + "/{profile}/notebooks", Need.VIEW).byProfile();
    b.route("POST", PROFILES + "/{profile}/notebooks", Need.EDIT)
        .byProfile()
        .body((team, who, t) -> team.notebookBody(team.unique("nb")));
    b.route("GET", PROFILES + "/{profile}/notebooks/{name}", Need.VIEW);
    b.route("PATCH", PROFILES + "/{profile}/notebooks/{name}", Need.EDIT)
        .body((team, who, t) -> Team.json("{\"stopped\": true}"))
        .fresh(Team::freshNotebook);
    b.route("DELETE", PROFILES + "/{profile}/notebooks/{name}", Need.EDIT)
        .fresh(Team::freshNotebook);
    b.route("GET", PROFILES + "/{profile}/notebooks/{name}/events", Need.VIEW);
    b.route("GET", PROFILES + "/{profile}/notebooks/{name}/logs", Need.VIEW);

    // KFP's health and the API document: for signed-in callers (kfp.Client sends its token).
    b.route("GET", "/apis/v2beta1/healthz", Need.ANY_SIGNED_IN);
    b.route("GET", "/apis/v2beta1/openapi.json", Need.ANY_SIGNED_IN);
    return b.build();
  }
}
