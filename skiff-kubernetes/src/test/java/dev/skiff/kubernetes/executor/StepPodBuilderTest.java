package dev.skiff.kubernetes.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.engine.executor.ResourceRequest;
import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.kubernetes.KubernetesSettings;
import dev.skiff.kubernetes.pod.PodContract;
import dev.skiff.kubernetes.testing.KubernetesSchemas;
import dev.skiff.pipeline.Pipeline;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.store.artifact.LocalArtifactStore;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepPodBuilderTest {
  static final KubernetesSettings SETTINGS =
      new KubernetesSettings(
          "",
          "skiff",
          "ghcr.io/skiff/skiff:1.0",
          "IfNotPresent",
          "default-editor",
          "skiff-artifacts",
          KubernetesSettings.Accelerator.GKE_NVIDIA,
          "skiff",
          "cluster.local");

  @TempDir Path dir;

  private final StepPodBuilder builder = new StepPodBuilder(SETTINGS, "{\"kind\":\"s3\"}");

  private Pod build(String file, String component, Map<String, JsonValue> params, String profile)
      throws Exception {
    Pipeline p = TestLaunches.pipeline(file);
    StepLaunch launch =
        TestLaunches.launch(
            p, component, "task", profile, params, new LocalArtifactStore(dir.resolve("a")));
    Pod pod = builder.build(launch, "{}");
    KubernetesSchemas.load().assertValid(pod);
    return pod;
  }

  private static Container container(Pod pod, String name) {
    return pod.getSpec().getContainers().stream()
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static Optional<EnvVar> env(Container c, String name) {
    return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
  }

  @Test
  void podFollowsTheContract() throws Exception {
    Pod pod = build("critical/pipeline_with_env.yaml", "comp-print-env", Map.of(), "team-a");
    assertThat(pod.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(pod.getMetadata().getName()).hasSizeLessThanOrEqualTo(63).endsWith("-1");
    assertThat(pod.getMetadata().getLabels())
        .containsEntry(PodContract.LABEL_RUN, "run-1")
        .containsEntry(PodContract.LABEL_TASK, "task")
        .containsEntry(PodContract.LABEL_ATTEMPT, "1")
        .containsEntry(PodContract.LABEL_COMPONENT, PodContract.COMPONENT_STEP);
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("default-editor");
    Container prepare = pod.getSpec().getInitContainers().getFirst();
    assertThat(prepare.getName()).isEqualTo("prepare");
    assertThat(prepare.getImage()).isEqualTo(SETTINGS.image());
    assertThat(prepare.getCommand()).isEqualTo(PodContract.launcherCommand(PodContract.PREPARE));
    assertThat(env(prepare, PodContract.ENV_ARTIFACTS).orElseThrow().getValue())
        .isEqualTo("{\"kind\":\"s3\"}");
    assertThat(prepare.getEnvFrom().getFirst().getSecretRef().getName())
        .isEqualTo("skiff-artifacts");
    Container main = container(pod, "main");
    assertThat(main.getImage()).isEqualTo("alpine");
    assertThat(main.getCommand()).isEqualTo(PodContract.mainCommand());
    assertThat(main.getVolumeMounts().getFirst().getMountPath()).isEqualTo("/skiff");
    assertThat(env(main, "ENV2").orElseThrow().getValue()).isEqualTo("val2");
    assertThat(container(pod, "collect").getCommand())
        .isEqualTo(PodContract.launcherCommand(PodContract.COLLECT));
  }

  @Test
  void runsOfNoProfileGoToSkiffsNamespace() throws Exception {
    Pod pod = build("critical/pipeline_with_env.yaml", "comp-print-env", Map.of(), "");
    assertThat(pod.getMetadata().getNamespace()).isEqualTo("skiff");
  }

  @Test
  void namesAreUniquePerAttemptAndShort() {
    String path = "for-loop-2/iteration-17/" + "a-very-long-task-name-".repeat(6) + "x";
    var one = new dev.skiff.engine.executor.StepId("r", path, 1);
    var two = new dev.skiff.engine.executor.StepId("r", path, 2);
    var other = new dev.skiff.engine.executor.StepId("r", "for-loop-2/iteration-18/x", 1);
    assertThat(PodNames.podName(one)).hasSizeLessThanOrEqualTo(63).matches("[a-z][a-z0-9-]*[0-9]");
    assertThat(PodNames.podName(one)).isNotEqualTo(PodNames.podName(two));
    assertThat(PodNames.podName(other)).isNotEqualTo(PodNames.podName(one));
    assertThat(PodNames.labelValue(path)).hasSizeLessThanOrEqualTo(63).startsWith("for-loop-2.");
  }

  @Test
  void gpuStepGetsLimitSelectorAndToleration() throws Exception {
    Pod pod =
        build(
            "gpu-scheduling/nvidia_gpu_scheduling_check.yaml",
            "comp-verify-gpu-scheduled",
            Map.of(),
            "team-a");
    Container main = container(pod, "main");
    assertThat(main.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
    Toleration gpu = new Toleration("NoSchedule", "nvidia.com/gpu", "Exists", null, null);
    assertThat(pod.getSpec().getTolerations()).containsOnlyOnce(gpu);
  }

  @Test
  void gkeAcceleratorTypeGetsItsNodeSelector() throws Exception {
    Pipeline p = TestLaunches.pipeline("gpu-scheduling/nvidia_gpu_scheduling_check.yaml");
    StepLaunch l =
        TestLaunches.launch(
            p, "comp-verify-gpu-scheduled", "t", "", Map.of(), new LocalArtifactStore(dir));
    StepLaunch t4 =
        new StepLaunch(
            l.id(),
            l.profile(),
            l.container(),
            l.executorInput(),
            l.outputParameters(),
            l.runInfo(),
            l.env(),
            l.platformConfig(),
            new ResourceRequest(2, 1 << 30, "NVIDIA_TESLA_T4", 2));
    Pod pod = builder.build(t4, "{}");
    KubernetesSchemas.load().assertValid(pod);
    assertThat(pod.getSpec().getNodeSelector())
        .containsEntry("cloud.google.com/gke-accelerator", "nvidia-tesla-t4");
    assertThat(container(pod, "main").getResources().getLimits())
        .containsEntry("nvidia.com/gpu", new Quantity("2"));
  }

  @Test
  void unknownAcceleratorIsRefused() throws Exception {
    ResourceRequest tpu = new ResourceRequest(0, 0, "TPU_V4", 1);
    assertThat(StepResources.refusal(tpu, SETTINGS)).get().asString().contains("TPU_V4");
    assertThat(StepResources.refusal(ResourceRequest.NONE, SETTINGS)).isEmpty();
    Pipeline p = TestLaunches.pipeline("gpu-scheduling/nvidia_gpu_scheduling_check.yaml");
    StepLaunch l =
        TestLaunches.launch(
            p, "comp-verify-gpu-scheduled", "t", "", Map.of(), new LocalArtifactStore(dir));
    StepLaunch bad =
        new StepLaunch(
            l.id(),
            l.profile(),
            l.container(),
            l.executorInput(),
            l.outputParameters(),
            l.runInfo(),
            l.env(),
            l.platformConfig(),
            tpu);
    assertThatThrownBy(() -> builder.build(bad, "{}"))
        .isInstanceOf(PodRefusedException.class)
        .hasMessageContaining("not offered by this cluster");
  }

  @Test
  void secretsAsEnvResolveTheirNames() throws Exception {
    Pipeline p = TestLaunches.pipeline("critical/pipeline_with_secret_as_env.yaml");
    // The engine resolves parameters naming other tasks' outputs before the launch; constants and
    // the step's own inputs resolve here.
    StepLaunch l =
        TestLaunches.launch(
            p,
            "comp-comp",
            "comp",
            "team-a",
            Map.of("secret_parm", new JsonValue.Str("test-secret-1")),
            new LocalArtifactStore(dir));
    assertThatThrownBy(() -> builder.build(l, "{}"))
        .hasMessageContaining("task 'generate-secret-name'");
    JsonValue.Obj cfg = withoutLast(l.platformConfig(), "secretAsEnv");
    Pod pod = builder.build(withConfig(l, cfg), "{}");
    KubernetesSchemas.load().assertValid(pod);
    Container main = container(pod, "main");
    var user = env(main, "USER_NAME").orElseThrow().getValueFrom().getSecretKeyRef();
    assertThat(user.getName()).isEqualTo("test-secret-1");
    assertThat(user.getKey()).isEqualTo("username");
    assertThat(env(main, "PASSWORD_VAR1").orElseThrow().getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("test-secret-2");
  }

  @Test
  void missingOptionalInputsSkipTheirSettings() throws Exception {
    Pod pod =
        build(
            "critical/missing_kubernetes_optional_inputs.yaml",
            "comp-log-message",
            Map.of("message", new JsonValue.Str("hi")),
            "team-a");
    assertThat(pod.getSpec().getVolumes()).hasSize(1);
    assertThat(pod.getSpec().getImagePullSecrets()).isEmpty();
    assertThat(pod.getSpec().getTolerations()).isEmpty();
  }

  @Test
  void everySettingOfMissingOptionalInputsWhenGiven() throws Exception {
    Map<String, JsonValue> params =
        Map.of(
            "message", new JsonValue.Str("hi"),
            "optional_secret_name", new JsonValue.Str("s1"),
            "optional_config_map_name", new JsonValue.Str("cm1"),
            "optional_image_pull_secret_name", new JsonValue.Str("pull"),
            "optional_selector", JsonValue.parse("{\"disk\":\"ssd\"}"),
            "optional_tolerations",
                JsonValue.parse("{\"key\":\"k\",\"operator\":\"Equal\",\"value\":\"v\"}"),
            "optional_affinity",
                JsonValue.parse(
                    "{\"requiredDuringSchedulingIgnoredDuringExecution\":{\"nodeSelectorTerms\":"
                        + "[{\"matchExpressions\":[{\"key\":\"zone\",\"operator\":\"In\","
                        + "\"values\":[\"a\"]}]}]}}"));
    Pipeline p = TestLaunches.pipeline("critical/missing_kubernetes_optional_inputs.yaml");
    StepLaunch l =
        TestLaunches.launch(p, "comp-log-message", "t", "ns", params, new LocalArtifactStore(dir));
    // the component does not declare these inputs; the engine passes them as resolved values
    Pod pod = builder.build(l, "{}");
    KubernetesSchemas.load().assertValid(pod);
    Container main = container(pod, "main");
    assertThat(env(main, "PASSWORD").orElseThrow().getValueFrom().getSecretKeyRef().getOptional())
        .isTrue();
    assertThat(env(main, "SETTING").orElseThrow().getValueFrom().getConfigMapKeyRef().getName())
        .isEqualTo("cm1");
    assertThat(main.getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .contains("/mnt/secret", "/mnt/config");
    assertThat(pod.getSpec().getImagePullSecrets().getFirst().getName()).isEqualTo("pull");
    assertThat(pod.getSpec().getNodeSelector()).containsEntry("disk", "ssd");
    assertThat(pod.getSpec().getTolerations().getFirst().getKey()).isEqualTo("k");
    assertThat(
            pod.getSpec()
                .getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms())
        .hasSize(1);
  }

  @Test
  void podMetadataAndFieldPathEnv() throws Exception {
    Pod pod =
        build(
            "critical/pipeline_with_pod_metadata.yaml",
            "comp-validate-pod-metadata-task-a",
            Map.of(),
            "team-a");
    assertThat(pod.getMetadata().getLabels()).containsKey(PodContract.LABEL_RUN);
    Container main = container(pod, "main");
    List<EnvVar> fieldRefs =
        main.getEnv().stream()
            .filter(e -> e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null)
            .toList();
    assertThat(fieldRefs).isNotEmpty();
    assertThat(main.getEnv().stream().map(EnvVar::getName).distinct().count())
        .isEqualTo(main.getEnv().size());
  }

  @Test
  void everyOtherSettingRendersValid() throws Exception {
    Pipeline p = TestLaunches.pipeline("critical/pipeline_with_env.yaml");
    StepLaunch l =
        TestLaunches.launch(p, "comp-print-env", "t", "ns", Map.of(), new LocalArtifactStore(dir));
    JsonValue.Obj cfg =
        (JsonValue.Obj)
            JsonValue.parse(
                """
                {"pvcMount":[{"mountPath":"/data","pvcNameParameter":{"runtimeValue":{"constant":"my-pvc"}}},
                             {"mountPath":"/old","constant":"old-pvc","subPath":"x"}],
                 "activeDeadlineSeconds":300,
                 "imagePullPolicy":"Always",
                 "enabledSharedMemory":{"volumeName":"shm","size":"1Gi"},
                 "emptyDirMounts":[{"volumeName":"scratch","mountPath":"/scratch","medium":"Memory","sizeLimit":"64Mi"}],
                 "genericEphemeralVolume":[{"volumeName":"eph","mountPath":"/eph","accessModes":["ReadWriteOnce"],
                    "size":"5Gi","storageClassName":"standard","metadata":{"labels":{"a":"b"}}}],
                 "tolerations":[{"key":"dedicated","operator":"Equal","value":"ml","effect":"NoExecute","tolerationSeconds":60}],
                 "nodeAffinity":[{"matchExpressions":[{"key":"zone","operator":"In","values":["a"]}],"weight":10}],
                 "nodeSelector":{"labels":{"pool":"big"}},
                 "podMetadata":{"labels":{"team":"x"},"annotations":{"note":"y"}}}
                """);
    Pod pod = builder.build(withConfig(l, cfg), "{}");
    KubernetesSchemas.load().assertValid(pod);
    Container main = container(pod, "main");
    assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(300L);
    assertThat(main.getImagePullPolicy()).isEqualTo("Always");
    assertThat(main.getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .containsExactly("/skiff", "/data", "/old", "/dev/shm", "/scratch", "/eph");
    assertThat(pod.getSpec().getVolumes())
        .anyMatch(
            v ->
                v.getPersistentVolumeClaim() != null
                    && v.getPersistentVolumeClaim().getClaimName().equals("old-pvc"));
    assertThat(pod.getMetadata().getLabels()).containsEntry("team", "x");
    assertThat(pod.getMetadata().getAnnotations()).containsEntry("note", "y");
    assertThat(pod.getSpec().getNodeSelector()).containsEntry("pool", "big");
    assertThat(
            pod.getSpec()
                .getAffinity()
                .getNodeAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution()
                .getFirst()
                .getWeight())
        .isEqualTo(10);
  }

  @Test
  void pvcMountFromTestdataNeedsTheEngineToResolveTheName() throws Exception {
    Pipeline p = TestLaunches.pipeline("pipeline_with_volume.yaml");
    StepLaunch l =
        TestLaunches.launch(
            p, "comp-producer", "producer", "ns", Map.of(), new LocalArtifactStore(dir));
    assertThatThrownBy(() -> builder.build(l, "{}"))
        .hasMessageContaining("pvcMount[0]")
        .hasMessageContaining("createpvc");
  }

  @Test
  void pvcMountResolvedByTheEngineMountsTheClaim() throws Exception {
    Pipeline p = TestLaunches.pipeline("pipeline_with_volume.yaml");
    StepLaunch l =
        TestLaunches.launch(
            p, "comp-producer", "producer", "ns", Map.of(), new LocalArtifactStore(dir));
    JsonValue.Obj resolved =
        dev.skiff.engine.launch.PlatformInputs.resolve(
            p.platformSpec(),
            "exec-producer",
            new dev.skiff.engine.launch.PlatformInputs.Scope() {
              @Override
              public Optional<JsonValue> dagInput(String name) {
                return Optional.empty();
              }

              @Override
              public Optional<JsonValue> taskOutput(String producer, String key) {
                return producer.equals("createpvc") && key.equals("name")
                    ? Optional.of(new JsonValue.Str("run-x-my-pvc"))
                    : Optional.empty();
              }
            });
    JsonValue.Obj cfg =
        dev.skiff.engine.launch.KubernetesEnv.executorConfig(resolved, "exec-producer")
            .orElseThrow();
    Pod pod = builder.build(withConfig(l, cfg), "{}");
    KubernetesSchemas.load().assertValid(pod);
    assertThat(pod.getSpec().getVolumes())
        .anyMatch(
            v ->
                v.getPersistentVolumeClaim() != null
                    && v.getPersistentVolumeClaim().getClaimName().equals("run-x-my-pvc"));
    assertThat(container(pod, "main").getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .contains("/data");
  }

  @Test
  void aLargeStepTravelsAsAnAnnotationFile() throws Exception {
    Pipeline p = TestLaunches.pipeline("critical/pipeline_with_env.yaml");
    StepLaunch l =
        TestLaunches.launch(p, "comp-print-env", "t", "ns", Map.of(), new LocalArtifactStore(dir));
    String big = "{\"x\":\"" + "a".repeat(120 * 1024) + "\"}";
    Pod pod = builder.build(l, big);
    KubernetesSchemas.load().assertValid(pod);
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry(StepPodBuilder.ANNOTATION_STEP, big);
    Container prepare = pod.getSpec().getInitContainers().getFirst();
    assertThat(env(prepare, PodContract.ENV_STEP).orElseThrow().getValue())
        .isEqualTo("@/skiff-step/step.json");
    assertThat(prepare.getVolumeMounts()).extracting(m -> m.getMountPath()).contains("/skiff-step");
    assertThat(pod.getSpec().getVolumes()).anyMatch(v -> v.getDownwardAPI() != null);
    assertThatThrownBy(() -> builder.build(l, "x".repeat(300 * 1024)))
        .hasMessageContaining("at most 250 KiB");
    // small steps stay inline
    Pod small = builder.build(l, "{}");
    assertThat(
            env(small.getSpec().getInitContainers().getFirst(), PodContract.ENV_STEP)
                .orElseThrow()
                .getValue())
        .isEqualTo("{}");
  }

  static StepLaunch withConfig(StepLaunch l, JsonValue.Obj cfg) {
    return new StepLaunch(
        l.id(),
        l.profile(),
        l.container(),
        l.executorInput(),
        l.outputParameters(),
        l.runInfo(),
        l.env(),
        cfg,
        l.resources());
  }

  private static JsonValue.Obj withoutLast(JsonValue.Obj o, String field) {
    var items = ((JsonValue.Arr) o.get(field)).items();
    var fields = new java.util.LinkedHashMap<>(o.fields());
    fields.put(field, new JsonValue.Arr(items.subList(0, items.size() - 1)));
    return new JsonValue.Obj(fields);
  }
}
