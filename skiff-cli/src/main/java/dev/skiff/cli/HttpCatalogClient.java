package dev.skiff.cli;

import dev.skiff.api.ApiJson;
import dev.skiff.api.v2beta1.Experiment;
import dev.skiff.api.v2beta1.ListExperimentsResponse;
import dev.skiff.api.v2beta1.ListPipelineVersionsResponse;
import dev.skiff.api.v2beta1.ListPipelinesResponse;
import dev.skiff.api.v2beta1.ListRecurringRunsResponse;
import dev.skiff.api.v2beta1.ListRunsResponse;
import dev.skiff.api.v2beta1.Pipeline;
import dev.skiff.api.v2beta1.PipelineVersion;
import dev.skiff.api.v2beta1.RecurringRun;
import dev.skiff.api.v2beta1.Run;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A running Skiff server's v2beta1 catalog endpoints, as {@code kfp.Client} calls them: JSON bodies
 * and answers in the API's records, uploads as multipart {@code uploadfile}. A 404 reads as "not
 * found"; another 4xx is a {@link UsageError} with the server's {@code detail} (exit 2); a server
 * that cannot be reached or fails is a {@link CommandFailure} (exit 1).
 */
final class HttpCatalogClient implements CatalogClient {
  private static final String API = "/apis/v2beta1";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(250);

  private final String server;
  private final String token;
  private final HttpClient http;

  HttpCatalogClient(URI server, String token) {
    this.server = server.toString().replaceAll("/+$", "");
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @Override
  public Pipeline uploadPipeline(byte[] file, String fileName, String name, String description) {
    return read(
        ok(
            upload(
                API + "/pipelines/upload" + query("name", name, "description", description),
                fileName,
                file)),
        Pipeline.class);
  }

  @Override
  public PipelineVersion uploadVersion(
      String pipelineId, byte[] file, String fileName, String versionName, String description) {
    return read(
        ok(
            upload(
                API
                    + "/pipelines/upload_version"
                    + query(
                        "pipelineid", pipelineId, "name", versionName, "description", description),
                fileName,
                file)),
        PipelineVersion.class);
  }

  @Override
  public ListPipelinesResponse listPipelines(int pageSize, String pageToken) {
    return read(
        ok(get(API + "/pipelines" + query("page_size", "" + pageSize, "page_token", pageToken))),
        ListPipelinesResponse.class);
  }

  @Override
  public Optional<Pipeline> pipeline(String id) {
    return found(get(API + "/pipelines/" + segment(id)), Pipeline.class);
  }

  @Override
  public Optional<Pipeline> pipelineNamed(String name) {
    return found(get(API + "/pipelines/names/" + segment(name)), Pipeline.class);
  }

  @Override
  public ListPipelineVersionsResponse versions(String pipelineId, int pageSize, String token) {
    return read(
        ok(
            get(
                API
                    + "/pipelines/"
                    + segment(pipelineId)
                    + "/versions"
                    + query("page_size", "" + pageSize, "page_token", token))),
        ListPipelineVersionsResponse.class);
  }

  @Override
  public void deletePipeline(String id) {
    ok(send(request(API + "/pipelines/" + segment(id)).DELETE()));
  }

  @Override
  public Experiment createExperiment(String name, String description) {
    String body =
        ApiJson.write(
            Map.of("display_name", name, "description", description == null ? "" : description));
    return read(ok(post(API + "/experiments", body)), Experiment.class);
  }

  @Override
  public ListExperimentsResponse listExperiments(int pageSize, String pageToken) {
    return read(
        ok(get(API + "/experiments" + query("page_size", "" + pageSize, "page_token", pageToken))),
        ListExperimentsResponse.class);
  }

  @Override
  public Optional<Experiment> experiment(String id) {
    return found(get(API + "/experiments/" + segment(id)), Experiment.class);
  }

  @Override
  public Optional<Experiment> experimentNamed(String name) {
    String filter =
        ApiJson.write(
            Map.of(
                "predicates",
                List.of(Map.of("operation", 1, "key", "display_name", "stringValue", name))));
    ListExperimentsResponse r =
        read(
            ok(get(API + "/experiments" + query("filter", filter))), ListExperimentsResponse.class);
    return r.experiments().stream().findFirst();
  }

  @Override
  public void archiveExperiment(String id) {
    ok(post(API + "/experiments/" + segment(id) + ":archive", ""));
  }

  @Override
  public Optional<Run> run(String id) {
    return found(get(API + "/runs/" + segment(id)), Run.class);
  }

  @Override
  public List<Run> runs(int limit) {
    return read(
            ok(get(API + "/runs" + query("page_size", "" + limit, "sort_by", "created_at desc"))),
            ListRunsResponse.class)
        .runs();
  }

  @Override
  public Run retryRun(String id) {
    ok(post(API + "/runs/" + segment(id) + ":retry", ""));
    while (true) {
      Run run = run(id).orElseThrow(() -> new CommandFailure("run " + id + " is gone"));
      if (run.state().isTerminal()) {
        return run;
      }
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CommandFailure("interrupted while waiting for run " + id);
      }
    }
  }

  @Override
  public void archiveRun(String id) {
    ok(post(API + "/runs/" + segment(id) + ":archive", ""));
  }

  @Override
  public void deleteRun(String id) {
    ok(send(request(API + "/runs/" + segment(id)).DELETE()));
  }

  @Override
  public RecurringRun createRecurringRun(RecurringRun request) {
    return read(ok(post(API + "/recurringruns", ApiJson.write(request))), RecurringRun.class);
  }

  @Override
  public ListRecurringRunsResponse listRecurringRuns(int pageSize, String pageToken) {
    return read(
        ok(
            get(
                API
                    + "/recurringruns"
                    + query("page_size", "" + pageSize, "page_token", pageToken))),
        ListRecurringRunsResponse.class);
  }

  @Override
  public Optional<RecurringRun> recurringRun(String id) {
    return found(get(API + "/recurringruns/" + segment(id)), RecurringRun.class);
  }

  @Override
  public Optional<RecurringRun> recurringRunNamed(String name) {
    String filter =
        ApiJson.write(
            Map.of(
                "predicates",
                List.of(Map.of("operation", 1, "key", "display_name", "stringValue", name))));
    return read(
            ok(get(API + "/recurringruns" + query("filter", filter))),
            ListRecurringRunsResponse.class)
        .recurringRuns()
        .stream()
        .findFirst();
  }

  @Override
  public void enableRecurringRun(String id) {
    ok(post(API + "/recurringruns/" + segment(id) + ":enable", ""));
  }

  @Override
  public void disableRecurringRun(String id) {
    ok(post(API + "/recurringruns/" + segment(id) + ":disable", ""));
  }

  @Override
  public void deleteRecurringRun(String id) {
    ok(send(request(API + "/recurringruns/" + segment(id)).DELETE()));
  }

  @Override
  public void close() {
    http.close();
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server + path))
            .timeout(TIMEOUT)
            .header("Accept", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private HttpResponse<String> get(String path) {
    return send(request(path).GET());
  }

  private HttpResponse<String> post(String path, String json) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private HttpResponse<String> upload(String path, String fileName, byte[] content) {
    String boundary = "skiff-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"uploadfile\"; filename=\""
                + fileName.replace("\"", "")
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(content);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(
        request(path)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    HttpResponse<String> r;
    try {
      r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new CommandFailure(
          "cannot reach Skiff server at "
              + server
              + ": "
              + (e instanceof ConnectException
                  ? "connection refused"
                  : String.valueOf(e.getMessage())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailure("interrupted while talking to " + server);
    }
    if (r.statusCode() == 401) {
      throw ServerHttp.rejected(server, detail(r.body()).orElse("HTTP 401"));
    }
    return r;
  }

  private HttpResponse<String> ok(HttpResponse<String> r) {
    if (r.statusCode() / 100 == 2) {
      return r;
    }
    String detail = detail(r.body()).orElse("HTTP " + r.statusCode());
    if (r.statusCode() >= 400 && r.statusCode() < 500) {
      throw new UsageError(detail);
    }
    throw new CommandFailure("server " + server + " answered " + r.statusCode() + ": " + detail);
  }

  private <T> Optional<T> found(HttpResponse<String> r, Class<T> type) {
    return r.statusCode() == 404 ? Optional.empty() : Optional.of(read(ok(r), type));
  }

  private static Optional<String> detail(String body) {
    try {
      if (ApiJson.read(body, Problem.class).detail() instanceof String d) {
        return Optional.of(d);
      }
    } catch (IllegalArgumentException e) {
      // not JSON: use the text
    }
    return body.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst();
  }

  /** The part of an RFC 9457 problem the CLI prints. */
  private record Problem(String detail) {}

  private static <T> T read(HttpResponse<String> r, Class<T> type) {
    try {
      return ApiJson.read(r.body(), type);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure("the server answered something that is not a v2beta1 response");
    }
  }

  /** A query string of name/value pairs; null or empty values are left out. */
  private static String query(String... pairs) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] != null && !pairs[i + 1].isEmpty()) {
        b.append(b.isEmpty() ? '?' : '&')
            .append(pairs[i])
            .append('=')
            .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8).replace("+", "%20"));
      }
    }
    return b.toString();
  }

  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
