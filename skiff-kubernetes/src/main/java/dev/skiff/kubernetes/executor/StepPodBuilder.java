package dev.skiff.kubernetes.executor;

import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.kubernetes.KubernetesSettings;
import dev.skiff.kubernetes.pod.PodContract;
import dev.skiff.pipeline.model.ContainerSpec;
import dev.skiff.pipeline.placeholder.PlaceholderResolver;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the pod of one step attempt as {@link PodContract} lays it out: init container {@code
 * prepare} and container {@code collect} from Skiff's image around container {@code main}, the
 * user's image unchanged, all sharing an {@code emptyDir} at {@link PodContract#MOUNT}. Pure: no
 * I/O, so the same launch always gives the same pod.
 */
public final class StepPodBuilder {
  /** The init container that fetches inputs and writes the script. */
  public static final String PREPARE = "prepare";

  /** The user's container. */
  public static final String MAIN = "main";

  /** The container that collects and stores outputs and writes the report. */
  public static final String COLLECT = "collect";

  /**
   * Above this size the step's JSON does not go in an environment variable (Linux caps one exec
   * string at 128 KiB) but in the annotation {@link #ANNOTATION_STEP}, which a downward-API volume
   * gives the launcher as a file ({@code SKIFF_STEP=@<file>}); annotations may hold 256 KiB.
   */
  static final int MAX_ENV_STEP = 96 * 1024;

  /** The annotation that carries a large step's JSON. */
  public static final String ANNOTATION_STEP = "skiff.dev/step";

  private static final String STEP_VOLUME = "skiff-step";
  private static final String STEP_DIR = "/skiff-step";
  private static final String STEP_FILE = "step.json";

  private final KubernetesSettings settings;
  private final String artifactsEnv;

  /**
   * A builder for this cluster.
   *
   * @param settings the cluster settings (Skiff's image, service account, accelerators)
   * @param artifactsEnv the artifact store as the launcher opens it ({@link
   *     PodContract#ENV_ARTIFACTS}: JSON, no secrets)
   */
  public StepPodBuilder(KubernetesSettings settings, String artifactsEnv) {
    this.settings = settings;
    this.artifactsEnv = artifactsEnv;
  }

  /** The namespace a launch's pod runs in: its profile, or Skiff's own for runs of none. */
  public String namespace(StepLaunch launch) {
    return launch.profile().isEmpty() ? settings.namespace() : launch.profile();
  }

  /**
   * The pod of {@code launch}.
   *
   * @param stepJson the launch as the launcher reads it ({@code StepLaunchJson})
   * @throws PodRefusedException when the step cannot run on this cluster (an accelerator type the
   *     catalogue lacks, a malformed platform setting or quantity)
   */
  public Pod build(StepLaunch launch, String stepJson) throws PodRefusedException {
    boolean large = stepJson.length() > MAX_ENV_STEP;
    if (stepJson.length() > 250 * 1024) {
      throw new PodRefusedException(
          "the step's description takes "
              + stepJson.length() / 1024
              + " KiB; a pod can carry at most 250 KiB (inline fewer or smaller values)");
    }
    String stepEnv = large ? "@" + STEP_DIR + "/" + STEP_FILE : stepJson;
    ContainerSpec container = launch.container();
    PlaceholderResolver resolver =
        new PlaceholderResolver(launch.executorInput(), launch.runInfo());
    Optional<KubernetesSettings.Accelerator> accelerator =
        StepResources.accelerator(launch.resources(), settings);

    Container main =
        new ContainerBuilder()
            .withName(MAIN)
            .withImage(container.image())
            .withCommand(PodContract.mainCommand())
            .withEnv(mainEnv(launch))
            .withResources(
                StepResources.requirements(
                    container.resources(), launch.resources(), resolver, settings))
            .withVolumeMounts(new ArrayList<>(List.of(sharedMount())))
            .build();

    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(PodNames.podName(launch.id()))
            .withNamespace(namespace(launch))
            .withLabels(labels(launch))
            .withAnnotations(
                new LinkedHashMap<>(
                    Map.of(
                        PodNames.ANNOTATION_RUN, launch.id().runId(),
                        PodNames.ANNOTATION_TASK_PATH, launch.id().taskPath())))
            .endMetadata()
            .withNewSpec()
            .withRestartPolicy("Never")
            .withServiceAccountName(settings.serviceAccount())
            .withInitContainers(launcher(PREPARE, PodContract.PREPARE, stepEnv, large))
            .withContainers(main, launcher(COLLECT, PodContract.COLLECT, stepEnv, large))
            .addNewVolume()
            .withName(PodContract.VOLUME)
            .withNewEmptyDir()
            .endEmptyDir()
            .endVolume()
            .endSpec()
            .build();

    if (large) {
      pod.getMetadata().getAnnotations().put(ANNOTATION_STEP, stepJson);
      pod.getSpec()
          .getVolumes()
          .add(
              new io.fabric8.kubernetes.api.model.VolumeBuilder()
                  .withName(STEP_VOLUME)
                  .withNewDownwardAPI()
                  .addNewItem()
                  .withPath(STEP_FILE)
                  .withNewFieldRef()
                  .withFieldPath("metadata.annotations['" + ANNOTATION_STEP + "']")
                  .endFieldRef()
                  .endItem()
                  .endDownwardAPI()
                  .build());
    }
    if (accelerator.isPresent()) {
      Map<String, String> selector = new LinkedHashMap<>(pod.getSpec().getNodeSelector());
      selector.putAll(accelerator.get().nodeLabels());
      pod.getSpec().setNodeSelector(selector);
      pod.getSpec().getTolerations().add(StepResources.gpuToleration());
    }
    // the builder copied the containers: the pod's own main container takes the settings
    Container podMain = pod.getSpec().getContainers().getFirst();
    new PlatformPodSpec(launch.platformConfig(), new PlatformParameters(launch))
        .apply(pod, podMain);
    return pod;
  }

  /** Skiff's labels: the run, the task, the attempt and the component that finds its pods. */
  static Map<String, String> labels(StepLaunch launch) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(PodContract.LABEL_COMPONENT, PodContract.COMPONENT_STEP);
    labels.put(PodContract.LABEL_RUN, PodNames.labelValue(launch.id().runId()));
    labels.put(PodContract.LABEL_TASK, PodNames.labelValue(launch.id().taskPath()));
    labels.put(PodContract.LABEL_ATTEMPT, Integer.toString(launch.id().attempt()));
    return labels;
  }

  /** The platform's environment ({@code fieldPathAsEnv} stand-ins), then the IR's own. */
  private static List<EnvVar> mainEnv(StepLaunch launch) {
    Map<String, String> env = new LinkedHashMap<>(launch.env());
    for (ContainerSpec.EnvVar e : launch.container().env()) {
      env.put(e.name(), e.value());
    }
    return PlatformPodSpec.envList(env);
  }

  private Container launcher(String name, String phase, String stepEnv, boolean large) {
    ContainerBuilder b =
        new ContainerBuilder()
            .withName(name)
            .withImage(settings.image())
            .withImagePullPolicy(settings.imagePullPolicy())
            .withCommand(PodContract.launcherCommand(phase))
            .withEnv(
                new EnvVar(PodContract.ENV_STEP, stepEnv, null),
                new EnvVar(PodContract.ENV_ARTIFACTS, artifactsEnv, null))
            .withVolumeMounts(sharedMount());
    if (large) {
      b.addNewVolumeMount()
          .withName(STEP_VOLUME)
          .withMountPath(STEP_DIR)
          .withReadOnly()
          .endVolumeMount();
    }
    if (!settings.artifactSecret().isEmpty()) {
      EnvFromSource from =
          new EnvFromSourceBuilder()
              .withNewSecretRef()
              .withName(settings.artifactSecret())
              .endSecretRef()
              .build();
      b.withEnvFrom(from);
    }
    return b.build();
  }

  private static VolumeMount sharedMount() {
    return new VolumeMountBuilder()
        .withName(PodContract.VOLUME)
        .withMountPath(PodContract.MOUNT)
        .build();
  }
}
