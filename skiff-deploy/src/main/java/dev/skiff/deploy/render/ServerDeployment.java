package dev.skiff.deploy.render;

import dev.skiff.deploy.values.DeployValues;
import dev.skiff.deploy.values.DeployValues.Resources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The server Deployment: {@code skiff server} with the ConfigMap's {@code skiff.yaml}, secrets from
 * Secrets by environment variable, probes on {@code /readyz} and {@code /healthz}, non-root with a
 * read-only root file system (emptyDirs for {@code SKIFF_HOME} and {@code /tmp}), spread across
 * nodes and zones. Replicas share the database; the operator in them elects a leader by Lease.
 */
final class ServerDeployment {
  static final String NAME = "skiff-server";
  static final String COMPONENT = "server";

  /**
   * The arguments of the image's entrypoint ({@code java <container flags> -cp <the /app layout>
   * dev.skiff.cli.Main}, set by the image's build): serve with the mounted configuration.
   */
  static final List<String> ARGS =
      List.of("server", "--config", "/etc/skiff/" + ServerConfigFile.FILE);

  static final String HOME = "/var/lib/skiff";

  /** The non-root user (distroless' {@code nonroot}). */
  static final long USER = 65532L;

  private ServerDeployment() {}

  static Deployment of(DeployValues v) {
    Map<String, String> selector = InstallLabels.podSelector(v.name(), COMPONENT);
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(v.namespace())
        .withLabels(Map.of(InstallLabels.COMPONENT, COMPONENT))
        .endMetadata()
        .withNewSpec()
        .withReplicas(v.replicas())
        .withNewSelector()
        .withMatchLabels(selector)
        .endSelector()
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxUnavailable(new IntOrString(0))
        .withMaxSurge(new IntOrString(1))
        .endRollingUpdate()
        .endStrategy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(withInventory(v, selector))
        // a changed skiff.yaml rolls the pods (the ConfigMap is mounted, not watched)
        .withAnnotations(Map.of("skiff.dev/config-hash", configHash(v)))
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(RbacManifests.SERVICE_ACCOUNT)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(USER)
        .withRunAsGroup(USER)
        .withFsGroup(USER)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withTopologySpreadConstraints(
            spread("kubernetes.io/hostname", selector),
            spread("topology.kubernetes.io/zone", selector))
        .withContainers(container(v))
        .addNewVolume()
        .withName("config")
        .withNewConfigMap()
        .withName(ServerManifests.CONFIG_MAP)
        .endConfigMap()
        .endVolume()
        .addNewVolume()
        .withName("home")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Container container(DeployValues v) {
    Probe ready = httpProbe("/readyz", 5, 3);
    Probe live = httpProbe("/healthz", 10, 3);
    // JVM start and database migrations: up to 5 minutes before liveness applies
    Probe startup = httpProbe("/healthz", 5, 60);
    return new ContainerBuilder()
        .withName("server")
        .withImage(v.image())
        .withImagePullPolicy(v.imagePullPolicy())
        .withArgs(ARGS)
        .addNewPort()
        .withName("http")
        .withContainerPort(v.port())
        .withProtocol("TCP")
        .endPort()
        .withEnv(env(v))
        .withEnvFrom(
            v.artifacts().credentialsSecret().isEmpty()
                ? List.of()
                : List.of(
                    new io.fabric8.kubernetes.api.model.EnvFromSourceBuilder()
                        .withNewSecretRef()
                        .withName(v.artifacts().credentialsSecret())
                        .endSecretRef()
                        .build()))
        .withResources(resources(v.serverResources()))
        .withReadinessProbe(ready)
        .withLivenessProbe(live)
        .withStartupProbe(startup)
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .addNewVolumeMount()
        .withName("config")
        .withMountPath("/etc/skiff")
        .withReadOnly(true)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("home")
        .withMountPath(HOME)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .build();
  }

  /** {@code SKIFF_HOME} and the secrets, each from its Secret. */
  private static List<EnvVar> env(DeployValues v) {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar("SKIFF_HOME", HOME, null));
    env.add(fromSecret("SKIFF_DB_PASSWORD", v.database().passwordSecret(), DatabaseSecret.KEY));
    if (v.auth().mode().equals("oidc")) {
      env.add(
          fromSecret(
              "SKIFF_OIDC_CLIENT_SECRET", v.auth().oidcClientSecretSecret(), "clientSecret"));
    }
    return env;
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

  static ResourceRequirements resources(Resources r) {
    return new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity(r.requestsCpu()))
        .addToRequests("memory", new Quantity(r.requestsMemory()))
        .addToLimits("cpu", new Quantity(r.limitsCpu()))
        .addToLimits("memory", new Quantity(r.limitsMemory()))
        .build();
  }

  private static Probe httpProbe(String path, int period, int failures) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString("http"))
        .endHttpGet()
        .withPeriodSeconds(period)
        .withTimeoutSeconds(3)
        .withFailureThreshold(failures)
        .build();
  }

  /** Spread replicas where possible; a one-node cluster still schedules them all. */
  private static TopologySpreadConstraint spread(String key, Map<String, String> selector) {
    return new TopologySpreadConstraintBuilder()
        .withMaxSkew(1)
        .withTopologyKey(key)
        .withWhenUnsatisfiable("ScheduleAnyway")
        .withNewLabelSelector()
        .withMatchLabels(selector)
        .endLabelSelector()
        .build();
  }

  static Map<String, String> withInventory(DeployValues v, Map<String, String> selector) {
    Map<String, String> labels = new java.util.LinkedHashMap<>(InstallLabels.of(v.name()));
    labels.putAll(selector);
    return labels;
  }

  private static String configHash(DeployValues v) {
    try {
      byte[] d =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(ServerConfigFile.of(v).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
