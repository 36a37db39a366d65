package dev.skiff.kubernetes.executor;

import dev.skiff.engine.executor.StepExecutor.StepListener;
import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.executor.StepResult;
import dev.skiff.pipeline.json.JsonValue;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TypedLocalObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code kfp-kubernetes}' {@code CreatePVC} and {@code DeletePVC}: components whose image is a stub
 * ({@code argostub/createpvc}, {@code argostub/deletepvc}) that KFP's driver carries out itself, as
 * this executor does through the API: no pod. The created claim's name is the output parameter
 * {@code name}; it is {@code pvc_name}, or a name made from the run and task with {@code
 * pvc_name_suffix} (stable, so a reclaimed attempt finds its claim).
 */
final class PvcSteps {
  static final String CREATE_IMAGE = "argostub/createpvc";
  static final String DELETE_IMAGE = "argostub/deletepvc";

  private final KubernetesClient client;
  private final StepPodBuilder pods;

  PvcSteps(KubernetesClient client, StepPodBuilder pods) {
    this.client = client;
    this.pods = pods;
  }

  /** Whether the launch is one of the PVC stubs. */
  static boolean handles(StepLaunch launch) {
    String image = launch.image();
    return image.equals(CREATE_IMAGE) || image.equals(DELETE_IMAGE);
  }

  CompletableFuture<StepResult> run(StepLaunch launch, StepListener listener) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return launch.image().equals(CREATE_IMAGE)
                ? create(launch, listener)
                : delete(launch, listener);
          } catch (KubernetesClientException e) {
            String why = e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage();
            return new StepResult.Failed(why, null, Duration.ZERO);
          } catch (IllegalArgumentException e) {
            return new StepResult.Failed(e.getMessage(), null, Duration.ZERO);
          }
        },
        r -> Thread.ofVirtual().name("skiff-pvc").start(r));
  }

  /** The claim {@code CreatePVC} makes. */
  PersistentVolumeClaim claim(StepLaunch launch) {
    Map<String, JsonValue> in = launch.executorInput().inputs().parameterValues();
    String name = text(in.get("pvc_name"));
    String suffix = text(in.get("pvc_name_suffix"));
    if (!name.isEmpty() && !suffix.isEmpty()) {
      throw new IllegalArgumentException("give only one of pvc_name and pvc_name_suffix");
    }
    if (name.isEmpty()) {
      if (suffix.isEmpty()) {
        throw new IllegalArgumentException("give pvc_name or pvc_name_suffix");
      }
      String prefix =
          PodNames.dnsLabel(launch.runInfo().value("pipeline_job_resource_name").orElse("run"), 30);
      name =
          prefix
              + "-"
              + PodNames.hash(launch.id().runId() + "/" + launch.id().taskPath(), 8)
              + suffix;
    }
    String size = text(in.get("size"));
    if (size.isEmpty()) {
      throw new IllegalArgumentException("CreatePVC needs a size");
    }
    List<String> modes = new ArrayList<>();
    if (in.get("access_modes") instanceof JsonValue.Arr a) {
      a.items().forEach(m -> modes.add(text(m)));
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    if (in.get("annotations") instanceof JsonValue.Obj o) {
      o.fields().forEach((k, v) -> annotations.put(k, text(v)));
    }
    var b =
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(pods.namespace(launch))
            .withAnnotations(annotations)
            .withLabels(StepPodBuilder.labels(launch))
            .endMetadata()
            .withNewSpec()
            .withAccessModes(modes)
            .withNewResources()
            .withRequests(Map.of("storage", new Quantity(size)))
            .endResources()
            .endSpec();
    if (in.containsKey("storage_class_name")) {
      // "" is a statically provisioned claim; absent is the cluster's default class
      b.editSpec().withStorageClassName(text(in.get("storage_class_name"))).endSpec();
    }
    String volume = text(in.get("volume_name"));
    if (!volume.isEmpty()) {
      b.editSpec().withVolumeName(volume).endSpec();
    }
    if (in.get("data_source") instanceof JsonValue.Obj ds) {
      b.editSpec()
          .withDataSource(
              new TypedLocalObjectReference(
                  emptyToNull(text(ds.get("apiGroup"))),
                  text(ds.get("kind")),
                  text(ds.get("name"))))
          .endSpec();
    }
    // The component-level label would collide with step pods' informer: claims are not pods.
    PersistentVolumeClaim claim = b.build();
    claim.getMetadata().getLabels().remove(dev.skiff.kubernetes.pod.PodContract.LABEL_COMPONENT);
    return claim;
  }

  private StepResult create(StepLaunch launch, StepListener listener) {
    PersistentVolumeClaim claim = claim(launch);
    String ns = claim.getMetadata().getNamespace();
    String name = claim.getMetadata().getName();
    if (client.persistentVolumeClaims().inNamespace(ns).withName(name).get() == null) {
      client.persistentVolumeClaims().inNamespace(ns).resource(claim).create();
    }
    listener.started(PodNames.handle(ns, name), "pvc");
    return new StepResult.Succeeded(
        Map.of("name", new JsonValue.Str(name)), Map.of(), Duration.ZERO);
  }

  private StepResult delete(StepLaunch launch, StepListener listener) {
    String name = text(launch.executorInput().inputs().parameterValues().get("pvc_name"));
    if (name.isEmpty()) {
      throw new IllegalArgumentException("DeletePVC needs pvc_name");
    }
    String ns = pods.namespace(launch);
    listener.started(PodNames.handle(ns, name), "pvc");
    client.persistentVolumeClaims().inNamespace(ns).withName(name).delete();
    return new StepResult.Succeeded(Map.of(), Map.of(), Duration.ZERO);
  }

  private static String text(JsonValue v) {
    return v == null || v instanceof JsonValue.Null ? "" : PlatformParameters.text(v);
  }

  private static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }
}
