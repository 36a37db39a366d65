package dev.skiff.kubernetes;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How Skiff runs on a cluster ({@code kubernetes.*} in {@code skiff.yaml}). The client's
 * credentials come from fabric8's usual chain (in-cluster service account, {@code KUBECONFIG},
 * {@code ~/.kube/config}), with {@link #context} picking a kubeconfig context.
 *
 * @param context the kubeconfig context, or empty for the current one (in-cluster: ignored)
 * @param namespace where Skiff itself runs: its lease for leader election, and the steps of runs
 *     that belong to no profile
 * @param image Skiff's own image: the step launcher's init and collector containers
 * @param imagePullPolicy for Skiff's image: {@code IfNotPresent}, {@code Always} or {@code Never}
 * @param serviceAccount the service account steps and notebook servers run as in a profile's
 *     namespace (Kubeflow's {@code default-editor})
 * @param artifactSecret a Secret in Skiff's namespace (the operator copies it into each profile
 *     namespace) whose keys become the launcher's environment (e.g. {@code AWS_ACCESS_KEY_ID},
 *     {@code AWS_SECRET_ACCESS_KEY}); empty when pods reach the artifact store by Workload Identity
 * @param accelerators the accelerator types steps and notebooks may ask for
 * @param fieldManager the server-side-apply field manager of every object Skiff writes
 * @param clusterDomain the cluster's DNS domain, for Service addresses
 */
public record KubernetesSettings(
    String context,
    String namespace,
    String image,
    String imagePullPolicy,
    String serviceAccount,
    String artifactSecret,
    List<Accelerator> accelerators,
    String fieldManager,
    String clusterDomain) {

  /** The field manager Skiff applies with. */
  public static final String FIELD_MANAGER = "skiff";

  public KubernetesSettings {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(imagePullPolicy, "imagePullPolicy");
    Objects.requireNonNull(serviceAccount, "serviceAccount");
    Objects.requireNonNull(artifactSecret, "artifactSecret");
    accelerators = List.copyOf(accelerators);
    Objects.requireNonNull(fieldManager, "fieldManager");
    Objects.requireNonNull(clusterDomain, "clusterDomain");
  }

  /** Defaults for a cluster: namespace {@code skiff}, GKE's NVIDIA accelerators. */
  public static KubernetesSettings defaults(String image) {
    return new KubernetesSettings(
        "",
        "skiff",
        image,
        "IfNotPresent",
        "default-editor",
        "",
        Accelerator.GKE_NVIDIA,
        FIELD_MANAGER,
        "cluster.local");
  }

  /** The accelerator a step or server asking for {@code type} gets, if the catalogue has it. */
  public Optional<Accelerator> accelerator(String type) {
    return accelerators.stream().filter(a -> a.type().equals(type)).findFirst();
  }

  /**
   * One accelerator type that may be asked for.
   *
   * @param type what the IR's {@code accelerator.type} (or a notebook's GPU choice) says, e.g.
   *     {@code nvidia.com/gpu} or {@code NVIDIA_TESLA_T4}
   * @param resource the extended resource the pod asks for, e.g. {@code nvidia.com/gpu}
   * @param nodeLabels node selector that puts the pod on such a node, e.g. {@code
   *     cloud.google.com/gke-accelerator: nvidia-tesla-t4}; empty for any node with the resource
   */
  public record Accelerator(String type, String resource, Map<String, String> nodeLabels) {
    /** GKE's label for a node's accelerator. */
    public static final String GKE_ACCELERATOR = "cloud.google.com/gke-accelerator";

    public Accelerator {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(resource, "resource");
      nodeLabels = Map.copyOf(nodeLabels);
    }

    private static Accelerator gke(String type, String label) {
      return new Accelerator(type, "nvidia.com/gpu", Map.of(GKE_ACCELERATOR, label));
    }

    /** Any NVIDIA GPU, plus GKE's NVIDIA types by KFP's names. */
    public static final List<Accelerator> GKE_NVIDIA =
        List.of(
            new Accelerator("nvidia.com/gpu", "nvidia.com/gpu", Map.of()),
            gke("NVIDIA_TESLA_T4", "nvidia-tesla-t4"),
            gke("NVIDIA_L4", "nvidia-l4"),
            gke("NVIDIA_TESLA_V100", "nvidia-tesla-v100"),
            gke("NVIDIA_TESLA_P100", "nvidia-tesla-p100"),
            gke("NVIDIA_TESLA_A100", "nvidia-tesla-a100"),
            gke("NVIDIA_A100_80GB", "nvidia-a100-80gb"),
            gke("NVIDIA_H100_80GB", "nvidia-h100-80gb"));
  }
}
