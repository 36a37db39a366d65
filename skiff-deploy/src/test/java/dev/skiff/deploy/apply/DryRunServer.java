package dev.skiff.deploy.apply;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * fabric8's mock API server (CRUD mode, expectations first) that answers a {@code dryRun=All}
 * request as a real API server does, with the object and storing nothing (the mock alone ignores
 * {@code dryRun} and would store it). {@link #refuseDryRuns} makes the next dry runs fail as a
 * webhook without endpoints does.
 */
public final class DryRunServer implements AutoCloseable {
  /** The dry-run requests received. */
  public final List<RecordedRequest> dryRuns = new CopyOnWriteArrayList<>();

  /** How many of the next dry runs to refuse with 500 "failed calling webhook". */
  public final AtomicInteger refuseDryRuns = new AtomicInteger();

  private final KubernetesMockServer server;

  /** Starts the server (plain HTTP). */
  public DryRunServer() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    Dispatcher crud = new KubernetesMixedDispatcher(responses);
    Dispatcher dryRunAware =
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (!request.getPath().contains("dryRun=All")) {
              return crud.dispatch(request);
            }
            dryRuns.add(request);
            if (refuseDryRuns.getAndDecrement() > 0) {
              return new MockResponse()
                  .setResponseCode(500)
                  .setBody(
                      Serialization.asJson(
                          new StatusBuilder()
                              .withStatus("Failure")
                              .withCode(500)
                              .withMessage(
                                  "Internal error occurred: failed calling webhook"
                                      + " \"policy.skiff.dev\": no endpoints available for"
                                      + " service \"policy\"")
                              .build()));
            }
            return new MockResponse().setResponseCode(200).setBody(request.getUtf8Body());
          }
        };
    server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            responses,
            dryRunAware,
            false);
    server.init();
  }

  /** A client without fabric8's own retries. */
  public KubernetesClient client() {
    return server.createClient(new NoClientRetries());
  }

  /** The server's URL. */
  public String url() {
    return server.url("/").replaceAll("/$", "");
  }

  @Override
  public void close() {
    server.destroy();
  }
}
