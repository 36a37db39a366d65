package dev.skiff.kubernetes.notebook;

import dev.skiff.engine.executor.ResourceRequest;
import dev.skiff.engine.executor.notebook.ServerLaunch;
import dev.skiff.kubernetes.KubernetesSettings;
import dev.skiff.kubernetes.operator.notebook.NotebookObjects;
import dev.skiff.kubernetes.resource.Notebook;
import dev.skiff.kubernetes.resource.NotebookSpec;
import dev.skiff.kubernetes.resource.NotebookTemplate;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The objects of one server on a cluster: a Notebook resource in the profile's namespace, a Secret
 * holding its token and environment (every value is referenced from the Secret, none is written in
 * the Notebook), and its workspace volume claim mounted at {@code /home/jovyan}; with a KFP token,
 * an init container writes the KFP SDK's context file in the workspace ({@link KfpContextInit}).
 * Pure.
 */
final class ServerNotebook {
  /** Who manages the objects. */
  static final Map<String, String> MANAGED = Map.of("app.kubernetes.io/managed-by", "skiff");

  /** The Secret key of the Jupyter token. */
  static final String TOKEN_KEY = "jupyter-token";

  /** The Secret key of the KFP API token (a file in the pod). */
  static final String KFP_TOKEN_KEY = "kfp-token";

  /** The engine's variable naming the KFP token file. */
  static final String KFP_TOKEN_PATH = "KF_PIPELINES_SA_TOKEN_PATH";

  /** Where the KFP token file is in the pod. */
  static final String KFP_TOKEN_DIR = "/var/run/secrets/skiff/kfp";

  private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

  private ServerNotebook() {}

  /**
   * A server's objects.
   *
   * @param notebook the Notebook (its Secret is not owned yet: the launcher adds the owner once the
   *     Notebook has a uid)
   * @param secret the server's Secret
   * @param workspace the workspace claim (never owned: it outlives the Notebook)
   */
  record Parts(Notebook notebook, Secret secret, PersistentVolumeClaim workspace) {}

  /**
   * Builds the objects, or says why the launch cannot be made into them.
   *
   * @param token the server's Jupyter token
   * @param kfpToken the KFP API token the engine issued (the content of the file {@code
   *     KF_PIPELINES_SA_TOKEN_PATH} names), or empty
   */
  static Built build(
      ServerLaunch launch,
      KubernetesSettings settings,
      NotebookImages images,
      String token,
      Optional<String> kfpToken) {
    NotebookHandle h = new NotebookHandle(launch.profile(), launch.name());
    Map<String, String> secretData = new LinkedHashMap<>();
    secretData.put(TOKEN_KEY, token);
    List<EnvVar> env = new ArrayList<>();
    env.add(fromSecret("JUPYTER_TOKEN", h.secret(), TOKEN_KEY));
    for (Map.Entry<String, String> e : new TreeMap<>(launch.env()).entrySet()) {
      if (e.getKey().equals(KFP_TOKEN_PATH)) {
        continue;
      }
      if (!SECRET_KEY.matcher(e.getKey()).matches()) {
        return new Built.Refused("environment variable name '" + e.getKey() + "' is not valid");
      }
      secretData.put(e.getKey(), e.getValue());
      env.add(fromSecret(e.getKey(), h.secret(), e.getKey()));
    }
    kfpToken.ifPresent(
        t -> {
          secretData.put(KFP_TOKEN_KEY, t);
          env.add(new EnvVar(KFP_TOKEN_PATH, KFP_TOKEN_DIR + "/token", null));
        });
    ResourceRequest r = launch.resources();
    var container =
        new ContainerBuilder()
            .withName(launch.name())
            .withImage(images.image(launch.environment().name()))
            .withCommand(ServerCommandLine.of(launch.environment(), launch.basePath()))
            .withEnv(env)
            .addNewVolumeMount()
            .withName("workspace")
            .withMountPath(NotebookObjects.HOME)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("dshm")
            .withMountPath("/dev/shm")
            .endVolumeMount();
    Map<String, Quantity> limits = new LinkedHashMap<>();
    if (r.cpus() > 0) {
      limits.put("cpu", new Quantity(Math.round(r.cpus() * 1000) + "m"));
    }
    if (r.memoryBytes() > 0) {
      limits.put("memory", new Quantity(Long.toString(r.memoryBytes())));
    }
    var pod =
        new PodSpecBuilder()
            .withServiceAccountName(settings.serviceAccount())
            .addNewVolume()
            .withName("workspace")
            .withNewPersistentVolumeClaim()
            .withClaimName(h.workspace())
            .endPersistentVolumeClaim()
            .endVolume()
            .addNewVolume()
            .withName("dshm")
            .withNewEmptyDir()
            .withMedium("Memory")
            .endEmptyDir()
            .endVolume();
    if (r.acceleratorCount() > 0) {
      Optional<KubernetesSettings.Accelerator> a = settings.accelerator(r.acceleratorType());
      if (a.isEmpty()) {
        return new Built.Refused(ServerCapacity.unknownAccelerator(settings, r.acceleratorType()));
      }
      limits.put(a.get().resource(), new Quantity(Integer.toString(r.acceleratorCount())));
      pod.withNodeSelector(a.get().nodeLabels().isEmpty() ? null : a.get().nodeLabels())
          .addToTolerations(
              new TolerationBuilder()
                  .withKey(a.get().resource())
                  .withOperator("Exists")
                  .withEffect("NoSchedule")
                  .build());
    }
    if (!limits.isEmpty()) {
      container.withNewResources().withLimits(limits).withRequests(limits).endResources();
    }
    if (kfpToken.isPresent()) {
      container
          .addNewVolumeMount()
          .withName("kfp-token")
          .withMountPath(KFP_TOKEN_DIR)
          .withReadOnly(true)
          .endVolumeMount();
      pod.addToVolumes(
          new VolumeBuilder()
              .withName("kfp-token")
              .withNewSecret()
              .withSecretName(h.secret())
              .addNewItem()
              .withKey(KFP_TOKEN_KEY)
              .withPath("token")
              .endItem()
              .withDefaultMode(0440)
              .endSecret()
              .build());
    }
    if (kfpToken.isPresent()) {
      pod.addToInitContainers(
          KfpContextInit.of(
              images.image(launch.environment().name()), h.namespace(), KFP_TOKEN_DIR + "/token"));
    }
    pod.withContainers(container.build());
    Notebook notebook = new Notebook();
    notebook.setMetadata(
        new ObjectMetaBuilder()
            .withName(h.name())
            .withNamespace(h.namespace())
            .withLabels(MANAGED)
            .addToAnnotations("notebooks.kubeflow.org/server-type", "jupyter")
            .build());
    notebook.setSpec(new NotebookSpec(new NotebookTemplate(pod.build())));
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(h.secret())
            .withNamespace(h.namespace())
            .withLabels(MANAGED)
            .addToLabels(Notebook.NAME_LABEL, h.name())
            .endMetadata()
            .withType("Opaque")
            .withStringData(secretData)
            .build();
    return new Built.Objects(new Parts(notebook, secret, workspace(h, images)));
  }

  /** The result of {@link #build}. */
  sealed interface Built {
    /** The objects. */
    record Objects(Parts parts) implements Built {}

    /** Why there are none (one line). */
    record Refused(String reason) implements Built {}
  }

  private static PersistentVolumeClaim workspace(NotebookHandle h, NotebookImages images) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(h.workspace())
        .withNamespace(h.namespace())
        .withLabels(MANAGED)
        .addToLabels(Notebook.NAME_LABEL, h.name())
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(images.storageClass().isEmpty() ? null : images.storageClass())
        .withNewResources()
        .addToRequests("storage", new Quantity(images.workspaceSize()))
        .endResources()
        .endSpec()
        .build();
  }

  private static EnvVar fromSecret(String name, String secret, String key) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secret)
        .withKey(key)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }
}
