package dev.skiff.deploy.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.deploy.render.DatabaseSecret;
import dev.skiff.deploy.render.InstallManifests;
import dev.skiff.deploy.values.DeployValues;
import dev.skiff.kubernetes.apply.Applier;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What {@code skiff deploy} applies for the render tests' values files (InstallManifests + the
 * generated database Secret), on the CRUD mock with {@link TestControllers}: installed, a second
 * run changes nothing (the generated password is kept), status healthy, teardown clean; and a
 * GKE-only kind on a cluster that does not serve it stops at once naming it.
 */
@EnableKubernetesMockClient(
    crud = true,
    https = false,
    kubernetesClientBuilderCustomizer = NoClientRetries.class)
class RenderedInstallIT {
  static final Path VALUES = Path.of("src/test/resources/render-values");
  KubernetesClient client;
  KubernetesMockServer server;
  final List<String> lines = new CopyOnWriteArrayList<>();

  Installer installer() {
    return new Installer(
        client,
        Applier.createOrReplace(client),
        Applier.serverSideDryRun(client, "skiff"),
        lines::add);
  }

  @Test
  void the_default_values_install_again_status_and_teardown() throws Exception {
    DeployValues values = DeployValues.read(VALUES.resolve("default.yaml"));
    List<HasMetadata> objects = InstallManifests.render(values);
    InstallOptions options =
        TestCluster.options(Duration.ofSeconds(30))
            .withInstall(values.name())
            .withNamespace(values.namespace());
    try (var controllers = new TestControllers(client, Duration.ofMillis(200))) {
      InstallReport first =
          installer()
              .install(
                  objects, List.of(DatabaseSecret.generate(values, new SecureRandom())), options);
      assertThat(first.changed()).hasSize(objects.size() + 1);
      Secret password =
          client
              .secrets()
              .inNamespace(values.namespace())
              .withName(values.database().passwordSecret())
              .get();

      lines.clear();
      InstallReport second =
          installer()
              .install(
                  InstallManifests.render(values),
                  List.of(DatabaseSecret.generate(values, new SecureRandom())),
                  options);
      assertThat(second.noChanges()).as(String.join("\n", lines)).isTrue();
      assertThat(
              client
                  .secrets()
                  .inNamespace(values.namespace())
                  .withName(values.database().passwordSecret())
                  .get()
                  .getData())
          .isEqualTo(password.getData());

      assertThat(new InstallStatus(client).read(values.namespace()))
          .hasSize(objects.size() + 1)
          .allMatch(ObjectState::healthy);
    }
    TeardownReport report =
        new Teardown(client, lines::add)
            .teardown(
                values.namespace(),
                values.name(),
                true,
                Duration.ofSeconds(20),
                Duration.ofMillis(25));
    assertThat(report.clean()).as(String.join("\n", lines)).isTrue();
  }

  @Test
  void a_kind_the_cluster_does_not_serve_stops_at_once_naming_it() throws Exception {
    DeployValues values = DeployValues.read(VALUES.resolve("gke-iap-gpu.yaml"));
    InstallOptions options =
        TestCluster.options(Duration.ofSeconds(60))
            .withInstall(values.name())
            .withNamespace(values.namespace())
            .withWait(false);
    long start = System.nanoTime();
    try (var controllers = new TestControllers(client, Duration.ZERO)) {
      assertThatThrownBy(() -> installer().install(InstallManifests.render(values), options))
          .isInstanceOf(InstallException.class)
          .hasMessageContaining("BackendConfig")
          .hasMessageContaining("is not served by this cluster");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
  }
}
