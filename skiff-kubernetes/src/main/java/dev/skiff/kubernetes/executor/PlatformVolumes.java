package dev.skiff.kubernetes.executor;

import static dev.skiff.kubernetes.executor.PlatformPodSpec.bool;
import static dev.skiff.kubernetes.executor.PlatformPodSpec.emptyToNull;
import static dev.skiff.kubernetes.executor.PlatformPodSpec.items;
import static dev.skiff.kubernetes.executor.PlatformPodSpec.skipOrRefuse;
import static dev.skiff.kubernetes.executor.PlatformPodSpec.str;

import dev.skiff.kubernetes.executor.PlatformPodSpec.Item;
import dev.skiff.pipeline.json.JsonValue;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpecBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The volumes of a step's Kubernetes platform settings, mounted in its {@code main} container:
 * secrets and config maps as files, PVC mounts, shared memory, empty dirs and generic ephemeral
 * volumes.
 */
final class PlatformVolumes {
  private final JsonValue.Obj config;
  private final PlatformParameters parameters;

  PlatformVolumes(JsonValue.Obj config, PlatformParameters parameters) {
    this.config = config;
    this.parameters = parameters;
  }

  void apply(PodSpec spec, Container main) throws PodRefusedException {
    secretsAndConfigMaps(spec, main);
    pvcMounts(spec, main);
    sharedMemory(spec, main);
    emptyDirs(spec, main);
    ephemeralVolumes(spec, main);
  }

  private List<Item> items(String field) {
    return PlatformPodSpec.items(config.get(field), field);
  }

  private void secretsAndConfigMaps(PodSpec spec, Container main) throws PodRefusedException {
    for (Item i : items("secretAsVolume")) {
      Optional<String> name = parameters.name(i.obj(), "secretName", i.where());
      boolean optional = bool(i.obj(), "optional");
      if (name.isEmpty()) {
        skipOrRefuse(optional, i.where(), "secret");
        continue;
      }
      String volume = volumeName(spec, "secret-" + name.get());
      spec.getVolumes()
          .add(
              new VolumeBuilder()
                  .withName(volume)
                  .withNewSecret()
                  .withSecretName(name.get())
                  .withOptional(optional ? true : null)
                  .endSecret()
                  .build());
      mount(main, volume, str(i.obj(), "mountPath"), null);
    }
    for (Item i : items("configMapAsVolume")) {
      Optional<String> name = parameters.name(i.obj(), "configMapName", i.where());
      boolean optional = bool(i.obj(), "optional");
      if (name.isEmpty()) {
        skipOrRefuse(optional, i.where(), "config map");
        continue;
      }
      String volume = volumeName(spec, "configmap-" + name.get());
      spec.getVolumes()
          .add(
              new VolumeBuilder()
                  .withName(volume)
                  .withNewConfigMap()
                  .withName(name.get())
                  .withOptional(optional ? true : null)
                  .endConfigMap()
                  .build());
      mount(main, volume, str(i.obj(), "mountPath"), null);
    }
  }

  private void pvcMounts(PodSpec spec, Container main) throws PodRefusedException {
    for (Item i : items("pvcMount")) {
      Optional<String> claim = parameters.name(i.obj(), "pvcName", i.where());
      if (claim.isEmpty()) {
        throw new PodRefusedException("kubernetes platform setting " + i.where() + " names no PVC");
      }
      String volume = volumeName(spec, "pvc-" + claim.get());
      spec.getVolumes()
          .add(
              new VolumeBuilder()
                  .withName(volume)
                  .withNewPersistentVolumeClaim(claim.get(), null)
                  .build());
      String subPath = str(i.obj(), "subPath");
      mount(main, volume, str(i.obj(), "mountPath"), subPath.isEmpty() ? null : subPath);
    }
  }

  private void sharedMemory(PodSpec spec, Container main) {
    if (!(config.get("enabledSharedMemory") instanceof JsonValue.Obj shm)) {
      return;
    }
    String name = str(shm, "volumeName");
    String volume = volumeName(spec, name.isEmpty() ? "shm" : name);
    String size = str(shm, "size");
    spec.getVolumes()
        .add(
            new VolumeBuilder()
                .withName(volume)
                .withNewEmptyDir()
                .withMedium("Memory")
                .withSizeLimit(size.isEmpty() ? null : new Quantity(size))
                .endEmptyDir()
                .build());
    mount(main, volume, "/dev/shm", null);
  }

  private void emptyDirs(PodSpec spec, Container main) {
    for (Item i : items("emptyDirMounts")) {
      String volume = volumeName(spec, str(i.obj(), "volumeName"));
      String size = str(i.obj(), "sizeLimit");
      spec.getVolumes()
          .add(
              new VolumeBuilder()
                  .withName(volume)
                  .withNewEmptyDir()
                  .withMedium(emptyToNull(str(i.obj(), "medium")))
                  .withSizeLimit(size.isEmpty() ? null : new Quantity(size))
                  .endEmptyDir()
                  .build());
      mount(main, volume, str(i.obj(), "mountPath"), null);
    }
  }

  private void ephemeralVolumes(PodSpec spec, Container main) {
    for (Item i : items("genericEphemeralVolume")) {
      String volume = volumeName(spec, str(i.obj(), "volumeName"));
      List<String> modes = new ArrayList<>();
      if (i.obj().get("accessModes") instanceof JsonValue.Arr a) {
        a.items().forEach(m -> modes.add(PlatformParameters.text(m)));
      }
      PersistentVolumeClaimSpecBuilder claim =
          new PersistentVolumeClaimSpecBuilder()
              .withAccessModes(modes.isEmpty() ? List.of("ReadWriteOnce") : modes)
              .withNewResources()
              .withRequests(Map.of("storage", new Quantity(str(i.obj(), "size"))))
              .endResources();
      if (!bool(i.obj(), "defaultStorageClass")) {
        claim.withStorageClassName(emptyToNull(str(i.obj(), "storageClassName")));
      }
      Volume v =
          new VolumeBuilder()
              .withName(volume)
              .withNewEphemeral()
              .withNewVolumeClaimTemplate()
              .withSpec(claim.build())
              .endVolumeClaimTemplate()
              .endEphemeral()
              .build();
      if (i.obj().get("metadata") instanceof JsonValue.Obj md) {
        var meta = new ObjectMeta();
        if (md.get("labels") instanceof JsonValue.Obj l) {
          l.fields().forEach((k, val) -> meta.getLabels().put(k, PlatformParameters.text(val)));
        }
        if (md.get("annotations") instanceof JsonValue.Obj an) {
          an.fields()
              .forEach((k, val) -> meta.getAnnotations().put(k, PlatformParameters.text(val)));
        }
        v.getEphemeral().getVolumeClaimTemplate().setMetadata(meta);
      }
      spec.getVolumes().add(v);
      mount(main, volume, str(i.obj(), "mountPath"), null);
    }
  }

  private static void mount(Container main, String volume, String path, String subPath) {
    VolumeMount m =
        new VolumeMountBuilder().withName(volume).withMountPath(path).withSubPath(subPath).build();
    main.getVolumeMounts().add(m);
  }

  /** A volume name (a DNS label) not yet used in the pod. */
  private static String volumeName(PodSpec spec, String wanted) {
    String base = PodNames.dnsLabel(wanted, 55);
    String name = base;
    for (int n = 2; taken(spec, name); n++) {
      name = base + "-" + n;
    }
    return name;
  }

  private static boolean taken(PodSpec spec, String name) {
    return spec.getVolumes().stream().anyMatch(v -> v.getName().equals(name));
  }
}
