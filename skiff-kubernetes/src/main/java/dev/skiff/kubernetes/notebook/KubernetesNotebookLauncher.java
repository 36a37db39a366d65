package dev.skiff.kubernetes.notebook;

import dev.skiff.engine.executor.ResourceRequest;
import dev.skiff.engine.executor.notebook.LaunchResult;
import dev.skiff.engine.executor.notebook.NotebookLauncher;
import dev.skiff.engine.executor.notebook.ServerEndpoint;
import dev.skiff.engine.executor.notebook.ServerEnvironment;
import dev.skiff.engine.executor.notebook.ServerLaunch;
import dev.skiff.engine.executor.notebook.ServerProbe;
import dev.skiff.engine.executor.notebook.ServerState;
import dev.skiff.kubernetes.KubernetesSettings;
import dev.skiff.kubernetes.apply.Applier;
import dev.skiff.kubernetes.operator.notebook.NotebookObjects;
import dev.skiff.kubernetes.resource.Notebook;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs notebook servers as {@code kubeflow.org/v1} Notebooks in their profile's namespace (the
 * profile's name is the namespace); the operator's Notebook reconciler turns each into a
 * StatefulSet and a Service, and Skiff's proxy reaches the server through that Service with the
 * server's token.
 *
 * <p>{@link #start} writes the workspace claim {@code <name>-workspace} (once; it is kept across
 * stop and start), a Secret {@code <name>-server} with the Jupyter token, the engine's variables
 * and the KFP token file, and the Notebook, whose container takes every value from that Secret.
 *
 * <p>{@link #stop} deletes the Notebook and its Secret rather than setting the {@code
 * kubeflow-resource-stopped} annotation: stop is the last call the engine makes for a notebook it
 * deletes, the credentials in the Secret are revoked at stop, and each start builds the server anew
 * from the current spec; a stopped Notebook left behind could be restarted by kubectl outside
 * Skiff's quota with dead credentials. The workspace is kept; {@link #deleteWorkspace} removes it.
 */
public final class KubernetesNotebookLauncher implements NotebookLauncher {
  private static final Logger log = LoggerFactory.getLogger(KubernetesNotebookLauncher.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KubernetesClient client;
  private final KubernetesSettings settings;
  private final Applier applier;
  private final NotebookImages images;
  private final ServerCapacity capacity;

  /**
   * A launcher.
   *
   * @param client the cluster
   * @param settings the cluster's settings (service account, accelerator catalogue, DNS domain)
   * @param applier how objects are written (server-side apply on a cluster)
   * @param images which image each environment runs in
   */
  public KubernetesNotebookLauncher(
      KubernetesClient client,
      KubernetesSettings settings,
      Applier applier,
      NotebookImages images) {
    this.client = client;
    this.settings = settings;
    this.applier = applier;
    this.images = images;
    this.capacity = new ServerCapacity(client, settings);
  }

  @Override
  public ServerProbe probe(ServerEnvironment environment) {
    ServerCommandLine.Kind kind = ServerCommandLine.kind(environment);
    return new ServerProbe(kind.kind(), kind.unavailable());
  }

  @Override
  public Optional<String> unschedulable(ResourceRequest request) {
    return capacity.unschedulable(request);
  }

  /** Always empty: the cluster's scheduler decides when a server's pod runs. */
  @Override
  public Optional<String> shortage(ResourceRequest request) {
    return Optional.empty();
  }

  @Override
  public int freeGpus() {
    return capacity.freeGpus();
  }

  @Override
  public LaunchResult start(ServerLaunch launch) {
    Optional<String> unavailable = ServerCommandLine.kind(launch.environment()).unavailable();
    if (unavailable.isPresent()) {
      return new LaunchResult.Failed(
          "environment '" + launch.environment().name() + "': " + unavailable.get());
    }
    Optional<String> kfpToken;
    try {
      kfpToken = kfpToken(launch);
    } catch (IOException e) {
      return new LaunchResult.Failed("cannot read the server's KFP token: " + e.getMessage());
    }
    String token = HexFormat.of().formatHex(bytes(24));
    ServerNotebook.Parts parts;
    switch (ServerNotebook.build(launch, settings, images, token, kfpToken)) {
      case ServerNotebook.Built.Refused r -> {
        return new LaunchResult.Failed(r.reason());
      }
      case ServerNotebook.Built.Objects o -> parts = o.parts();
    }
    NotebookHandle h = new NotebookHandle(launch.profile(), launch.name());
    try {
      ensureWorkspace(parts.workspace());
      applier.apply(parts.secret());
      Notebook stored = applier.apply(parts.notebook());
      Secret owned = parts.secret();
      owned.getMetadata().setOwnerReferences(List.of(NotebookObjects.ownerReference(stored)));
      applier.apply(owned);
    } catch (KubernetesClientException e) {
      removeServer(h);
      return new LaunchResult.Failed(
          "the cluster refused notebook " + h.format() + ": " + message(e));
    }
    log.info("Started notebook {} as a Notebook resource", h.format());
    return new LaunchResult.Started(h.format(), endpoint(h, token, launch.resources()));
  }

  @Override
  public Optional<ServerEndpoint> reattach(String handle) {
    Optional<NotebookHandle> h = NotebookHandle.parse(handle);
    if (h.isEmpty()) {
      return Optional.empty();
    }
    Notebook notebook = notebook(h.get());
    Secret secret =
        client.secrets().inNamespace(h.get().namespace()).withName(h.get().secret()).get();
    if (notebook == null || notebook.stopped() || secret == null) {
      return Optional.empty();
    }
    Optional<String> token = secretValue(secret, ServerNotebook.TOKEN_KEY);
    return token.map(t -> endpoint(h.get(), t, ResourceRequest.NONE));
  }

  @Override
  public ServerState state(String handle) {
    Optional<NotebookHandle> h = NotebookHandle.parse(handle);
    if (h.isEmpty()) {
      return new ServerState.Ended("the server's handle cannot be read");
    }
    Notebook notebook = notebook(h.get());
    Pod pod =
        notebook == null
            ? null
            : client.pods().inNamespace(h.get().namespace()).withName(h.get().pod()).get();
    return ServerStates.of(handle, notebook, pod);
  }

  @Override
  public void stop(String handle) {
    NotebookHandle.parse(handle).ifPresent(this::removeServer);
  }

  /**
   * Deletes a notebook's workspace claim (the notebook was deleted with its workspace); its volume
   * goes as the storage class's reclaim policy says.
   */
  @Override
  public void deleteWorkspace(String profile, String name) {
    NotebookHandle h = new NotebookHandle(profile, name);
    client.persistentVolumeClaims().inNamespace(h.namespace()).withName(h.workspace()).delete();
  }

  /** Servers keep running; nothing is held in this process. */
  @Override
  public void close() {}

  private void removeServer(NotebookHandle h) {
    try {
      client.resources(Notebook.class).inNamespace(h.namespace()).withName(h.name()).delete();
      client.secrets().inNamespace(h.namespace()).withName(h.secret()).delete();
    } catch (KubernetesClientException e) {
      log.warn("Cannot delete notebook {}: {}", h.format(), message(e));
    }
  }

  /**
   * Creates the workspace claim when missing (a claim's spec is mostly immutable: never rewritten).
   */
  private void ensureWorkspace(PersistentVolumeClaim claim) {
    var existing =
        client
            .persistentVolumeClaims()
            .inNamespace(claim.getMetadata().getNamespace())
            .withName(claim.getMetadata().getName());
    if (existing.get() == null) {
      applier.apply(claim);
    }
  }

  private Notebook notebook(NotebookHandle h) {
    return client.resources(Notebook.class).inNamespace(h.namespace()).withName(h.name()).get();
  }

  private ServerEndpoint endpoint(NotebookHandle h, String token, ResourceRequest r) {
    URI base =
        URI.create(
            "http://"
                + h.name()
                + "."
                + h.namespace()
                + ".svc."
                + settings.clusterDomain()
                + ":80"
                + NotebookObjects.prefix(h.namespace(), h.name())
                + "/");
    return new ServerEndpoint(base, token, List.of(), "enforced by Kubernetes (pod limits)");
  }

  private static Optional<String> kfpToken(ServerLaunch launch) throws IOException {
    String path = launch.env().get(ServerNotebook.KFP_TOKEN_PATH);
    if (path == null || path.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(Files.readString(Path.of(path), StandardCharsets.UTF_8).strip());
  }

  private static Optional<String> secretValue(Secret secret, String key) {
    if (secret.getData() != null && secret.getData().get(key) != null) {
      byte[] raw = Base64.getDecoder().decode(secret.getData().get(key));
      return Optional.of(new String(raw, StandardCharsets.UTF_8));
    }
    if (secret.getStringData() != null) {
      return Optional.ofNullable(secret.getStringData().get(key));
    }
    return Optional.empty();
  }

  private static String message(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage()
        : e.getMessage();
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
