package dev.skiff.server.config;

import dev.skiff.engine.launch.Quantities;
import dev.skiff.kubernetes.KubernetesSettings;
import dev.skiff.kubernetes.KubernetesSettings.Accelerator;
import dev.skiff.kubernetes.notebook.NotebookImages;
import dev.skiff.store.artifact.ArtifactStoreConfig;
import dev.skiff.store.artifact.S3Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks the {@code kubernetes.*} settings ({@link KubernetesSettings}), read only when
 * {@code engine.executor} is {@code kubernetes}. Steps then run as pods that reach artifacts
 * through the artifact store, so the store must be S3-compatible.
 */
final class KubernetesSettingsLoader {
  static final Set<String> KEYS =
      Set.of(
          "kubernetes.context",
          "kubernetes.namespace",
          "kubernetes.image",
          "kubernetes.imagePullPolicy",
          "kubernetes.serviceAccount",
          "kubernetes.artifactSecret",
          "kubernetes.accelerators",
          "kubernetes.clusterDomain",
          "kubernetes.notebookImage",
          "kubernetes.workspaceSize",
          "kubernetes.storageClass");

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?");
  private static final Pattern IMAGE = Pattern.compile("[^\\s]+");
  private static final Pattern QUANTITY =
      Pattern.compile("[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?");
  private static final List<String> PULL_POLICIES = List.of("IfNotPresent", "Always", "Never");

  private KubernetesSettingsLoader() {}

  static ClusterConfig load(
      ConfigLoader.Sources s, ConfigLoader.Value executor, ArtifactStoreConfig artifacts) {
    if (!(artifacts instanceof S3Settings)) {
      throw s.bad(
          executor,
          "the kubernetes executor needs an S3-compatible artifact store (artifacts.store: s3),"
              + " because pods on other nodes cannot reach this machine's artifact folder");
    }
    ConfigLoader.Value image = s.pick(null, "SKIFF_KUBERNETES_IMAGE", "kubernetes.image", "");
    if (image.value().isBlank()) {
      throw s.bad(
          image,
          "kubernetes.image is required with the kubernetes executor: Skiff's own image, which"
              + " runs each step's launcher (e.g. registry.example.com/skiff:0.1.0)");
    }
    if (!IMAGE.matcher(image.value()).matches()) {
      throw s.bad(image, "must be an image reference without spaces");
    }
    ConfigLoader.Value context = s.pick(null, "SKIFF_KUBERNETES_CONTEXT", "kubernetes.context", "");
    ConfigLoader.Value namespace =
        label(s, s.pick(null, "SKIFF_KUBERNETES_NAMESPACE", "kubernetes.namespace", "skiff"));
    ConfigLoader.Value pull =
        s.pick(
            null,
            "SKIFF_KUBERNETES_IMAGE_PULL_POLICY",
            "kubernetes.imagePullPolicy",
            "IfNotPresent");
    if (!PULL_POLICIES.contains(pull.value())) {
      throw s.bad(pull, "must be one of " + String.join(", ", PULL_POLICIES));
    }
    ConfigLoader.Value account =
        name(
            s,
            s.pick(
                null,
                "SKIFF_KUBERNETES_SERVICE_ACCOUNT",
                "kubernetes.serviceAccount",
                "default-editor"));
    ConfigLoader.Value secret =
        s.pick(null, "SKIFF_KUBERNETES_ARTIFACT_SECRET", "kubernetes.artifactSecret", "");
    if (!secret.value().isEmpty()) {
      name(s, secret);
    }
    ConfigLoader.Value domain =
        name(
            s,
            s.pick(
                null,
                "SKIFF_KUBERNETES_CLUSTER_DOMAIN",
                "kubernetes.clusterDomain",
                "cluster.local"));
    ConfigLoader.Value notebookImage =
        s.pick(
            null,
            "SKIFF_KUBERNETES_NOTEBOOK_IMAGE",
            "kubernetes.notebookImage",
            NotebookImages.KUBEFLOW_JUPYTER);
    if (!IMAGE.matcher(notebookImage.value()).matches()) {
      throw s.bad(notebookImage, "must be an image reference without spaces");
    }
    ConfigLoader.Value size =
        s.pick(null, "SKIFF_KUBERNETES_WORKSPACE_SIZE", "kubernetes.workspaceSize", "5Gi");
    try {
      if (Quantities.bytes(size.value()) <= 0) {
        throw new IllegalArgumentException("not positive");
      }
    } catch (IllegalArgumentException e) {
      throw s.bad(size, "must be a size like 5Gi or 500Mi, got '" + size.value() + "'");
    }
    ConfigLoader.Value storageClass =
        s.pick(null, "SKIFF_KUBERNETES_STORAGE_CLASS", "kubernetes.storageClass", "");
    if (!storageClass.value().isEmpty()) {
      name(s, storageClass);
    }
    KubernetesSettings settings =
        new KubernetesSettings(
            context.value(),
            namespace.value(),
            image.value(),
            pull.value(),
            account.value(),
            secret.value(),
            accelerators(
                s, s.pick(null, "SKIFF_KUBERNETES_ACCELERATORS", "kubernetes.accelerators", "")),
            KubernetesSettings.FIELD_MANAGER,
            domain.value());
    return new ClusterConfig(
        settings,
        new NotebookImages(
            java.util.Map.of(), notebookImage.value(), size.value(), storageClass.value()));
  }

  /** A comma-separated subset of the built-in catalogue; empty for all of it. */
  private static List<Accelerator> accelerators(ConfigLoader.Sources s, ConfigLoader.Value v) {
    if (v.value().isBlank()) {
      return Accelerator.GKE_NVIDIA;
    }
    List<Accelerator> chosen = new ArrayList<>();
    for (String type : v.value().split("[,\\s]+")) {
      if (type.isBlank()) {
        continue;
      }
      Accelerator a =
          Accelerator.GKE_NVIDIA.stream()
              .filter(x -> x.type().equals(type))
              .findFirst()
              .orElseThrow(
                  () ->
                      s.bad(
                          v,
                          "unknown accelerator type '"
                              + type
                              + "'; known: "
                              + String.join(
                                  ", ",
                                  Accelerator.GKE_NVIDIA.stream()
                                      .map(Accelerator::type)
                                      .toList())));
      chosen.add(a);
    }
    return chosen;
  }

  private static ConfigLoader.Value label(ConfigLoader.Sources s, ConfigLoader.Value v) {
    if (!DNS_LABEL.matcher(v.value()).matches()) {
      throw s.bad(v, "must be a Kubernetes name: lower-case letters, digits and '-', at most 63");
    }
    return v;
  }

  private static ConfigLoader.Value name(ConfigLoader.Sources s, ConfigLoader.Value v) {
    if (!DNS_NAME.matcher(v.value()).matches()) {
      throw s.bad(v, "must be a Kubernetes name: lower-case letters, digits, '-' and '.'");
    }
    return v;
  }
}
