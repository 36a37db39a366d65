package dev.skiff.deploy.render;

import dev.skiff.deploy.values.DeployValues;
import dev.skiff.deploy.values.DeployValues.InClusterPostgres;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL for a small install: one replica of the official image as a StatefulSet with a volume,
 * and a headless Service {@code skiff-postgres}. The password comes from the Secret the values name
 * (key {@code password}); the user and database are created on first start.
 */
final class PostgresManifests {
  static final String NAME = "skiff-postgres";
  static final String DATABASE = "skiff";
  static final String COMPONENT = "database";

  /** The official image's {@code postgres} user. */
  private static final long USER = 999L;

  private static final String DATA = "/var/lib/postgresql/data";

  private PostgresManifests() {}

  static List<HasMetadata> of(DeployValues v, InClusterPostgres p) {
    Map<String, String> selector = InstallLabels.podSelector(v.name(), COMPONENT);
    PersistentVolumeClaimBuilder claim =
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName("data")
            .withLabels(InstallLabels.of(v.name()))
            .endMetadata()
            .withNewSpec()
            .withAccessModes("ReadWriteOnce")
            .withNewResources()
            .addToRequests("storage", new Quantity(p.storage()))
            .endResources()
            .endSpec();
    if (!p.storageClass().isEmpty()) {
      claim.editSpec().withStorageClassName(p.storageClass()).endSpec();
    }
    return List.of(
        new ServiceBuilder()
            .withNewMetadata()
            .withName(NAME)
            .withNamespace(v.namespace())
            .endMetadata()
            .withNewSpec()
            .withClusterIP("None")
            .withSelector(selector)
            .addNewPort()
            .withName("postgres")
            .withPort(5432)
            .withTargetPort(new IntOrString("postgres"))
            .endPort()
            .endSpec()
            .build(),
        new StatefulSetBuilder()
            .withNewMetadata()
            .withName(NAME)
            .withNamespace(v.namespace())
            .withLabels(Map.of(InstallLabels.COMPONENT, COMPONENT))
            .endMetadata()
            .withNewSpec()
            .withServiceName(NAME)
            .withReplicas(1)
            .withNewSelector()
            .withMatchLabels(selector)
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(ServerDeployment.withInventory(v, selector))
            .endMetadata()
            .withNewSpec()
            .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .withRunAsUser(USER)
            .withRunAsGroup(USER)
            .withFsGroup(USER)
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile()
            .endSecurityContext()
            .addNewContainer()
            .withName("postgres")
            .withImage(p.image())
            .addNewPort()
            .withName("postgres")
            .withContainerPort(5432)
            .endPort()
            .withEnv(env(p))
            .withResources(ServerDeployment.resources(p.resources()))
            .withNewReadinessProbe()
            .withNewExec()
            .withCommand("pg_isready", "-U", p.user(), "-d", DATABASE)
            .endExec()
            .withPeriodSeconds(5)
            .endReadinessProbe()
            .withNewLivenessProbe()
            .withNewExec()
            .withCommand("pg_isready", "-U", p.user(), "-d", DATABASE)
            .endExec()
            .withInitialDelaySeconds(30)
            .withPeriodSeconds(10)
            .endLivenessProbe()
            .withNewSecurityContext()
            .withAllowPrivilegeEscalation(false)
            .withReadOnlyRootFilesystem(true)
            .withNewCapabilities()
            .withDrop("ALL")
            .endCapabilities()
            .endSecurityContext()
            .addNewVolumeMount()
            .withName("data")
            .withMountPath(DATA)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("run")
            .withMountPath("/var/run/postgresql")
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("tmp")
            .withMountPath("/tmp")
            .endVolumeMount()
            .endContainer()
            .addNewVolume()
            .withName("run")
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
            .withVolumeClaimTemplates(claim.build())
            .endSpec()
            .build());
  }

  private static List<EnvVar> env(InClusterPostgres p) {
    return List.of(
        new EnvVar("POSTGRES_USER", p.user(), null),
        new EnvVar("POSTGRES_DB", DATABASE, null),
        // a subfolder: the volume's root holds lost+found, which initdb refuses
        new EnvVar("PGDATA", DATA + "/pgdata", null),
        new EnvVarBuilder()
            .withName("POSTGRES_PASSWORD")
            .withNewValueFrom()
            .withNewSecretKeyRef()
            .withName(p.passwordSecret())
            .withKey(DatabaseSecret.KEY)
            .endSecretKeyRef()
            .endValueFrom()
            .build());
  }
}
