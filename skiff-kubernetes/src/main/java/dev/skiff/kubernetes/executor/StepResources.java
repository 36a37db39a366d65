package dev.skiff.kubernetes.executor;

import dev.skiff.engine.executor.ResourceRequest;
import dev.skiff.kubernetes.KubernetesSettings;
import dev.skiff.pipeline.model.ResourceSpec;
import dev.skiff.pipeline.placeholder.PlaceholderResolver;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A step's resources on a cluster: the IR's CPU and memory requests and limits as the quantities it
 * gives, and its accelerator as the catalogue's extended resource (a limit), node selector and
 * toleration. Requests that KFP leaves unset stay unset (the namespace's defaults apply).
 */
public final class StepResources {
  private StepResources() {}

  /** The toleration GPU node pools carry (GKE taints them {@code nvidia.com/gpu}). */
  public static final String GPU_TAINT = "nvidia.com/gpu";

  /**
   * Why a step asking for {@code request} cannot run on this cluster: an accelerator type that is
   * not in the catalogue. The engine calls this when a run is submitted.
   */
  public static Optional<String> refusal(ResourceRequest request, KubernetesSettings settings) {
    if (request.acceleratorType() == null || request.acceleratorCount() <= 0) {
      return Optional.empty();
    }
    if (settings.accelerator(request.acceleratorType()).isPresent()) {
      return Optional.empty();
    }
    List<String> known =
        settings.accelerators().stream().map(KubernetesSettings.Accelerator::type).toList();
    return Optional.of(
        "accelerator type '"
            + request.acceleratorType()
            + "' is not offered by this cluster (known: "
            + String.join(", ", known)
            + "; an administrator offers more with kubernetes.accelerators)");
  }

  /** What the main container asks for. */
  static ResourceRequirements requirements(
      ResourceSpec spec,
      ResourceRequest request,
      PlaceholderResolver resolver,
      KubernetesSettings settings)
      throws PodRefusedException {
    Map<String, Quantity> requests = new LinkedHashMap<>();
    Map<String, Quantity> limits = new LinkedHashMap<>();
    put(requests, "cpu", spec.effectiveCpuRequest(), resolver);
    put(limits, "cpu", spec.effectiveCpuLimit(), resolver);
    put(requests, "memory", spec.effectiveMemoryRequest(), resolver);
    put(limits, "memory", spec.effectiveMemoryLimit(), resolver);
    Optional<KubernetesSettings.Accelerator> accelerator = accelerator(request, settings);
    if (accelerator.isPresent()) {
      limits.put(
          accelerator.get().resource(), new Quantity(Integer.toString(request.acceleratorCount())));
    }
    ResourceRequirementsBuilder b = new ResourceRequirementsBuilder();
    if (!requests.isEmpty()) {
      b.withRequests(requests);
    }
    if (!limits.isEmpty()) {
      b.withLimits(limits);
    }
    return b.build();
  }

  /** The catalogue's entry for the step's accelerator; refused when it has none. */
  static Optional<KubernetesSettings.Accelerator> accelerator(
      ResourceRequest request, KubernetesSettings settings) throws PodRefusedException {
    Optional<String> refused = refusal(request, settings);
    if (refused.isPresent()) {
      throw new PodRefusedException(refused.get());
    }
    if (request.acceleratorType() == null || request.acceleratorCount() <= 0) {
      return Optional.empty();
    }
    return settings.accelerator(request.acceleratorType());
  }

  /** The toleration of the GPU taint, for steps that ask for a GPU. */
  static Toleration gpuToleration() {
    return new TolerationBuilder()
        .withKey(GPU_TAINT)
        .withOperator("Exists")
        .withEffect("NoSchedule")
        .build();
  }

  private static void put(
      Map<String, Quantity> into,
      String name,
      Optional<String> quantity,
      PlaceholderResolver resolver)
      throws PodRefusedException {
    if (quantity.isEmpty()) {
      return;
    }
    String q = resolver.substitute(quantity.get()).strip();
    if (q.isEmpty()) {
      return;
    }
    try {
      Quantity parsed = new Quantity(q);
      Quantity.getAmountInBytes(parsed); // checks the format
      into.put(name, parsed);
    } catch (IllegalArgumentException e) {
      throw new PodRefusedException("resources: '" + q + "' is not a Kubernetes quantity");
    }
  }
}
