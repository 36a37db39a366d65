package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.kubernetes.apply.Applier;
import dev.skiff.server.SkiffServer;
import dev.skiff.server.StartupException;
import dev.skiff.server.cluster.ClusterMode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server in cluster mode that cannot use its cluster stops at once with one line saying why and
 * what to do: an API server that does not answer, or one without Skiff's CRDs.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterModeStartupIT {
  static KubernetesMockServer server;
  static KubernetesClient client;

  @TempDir Path home;

  private void clusterConfig() throws Exception {
    Files.writeString(
        home.resolve("skiff.yaml"),
        """
        engine:
          executor: kubernetes
        artifacts:
          store: s3
          s3: {endpoint: "http://127.0.0.1:9", bucket: artifacts}
        kubernetes:
          image: registry.example.com/skiff:test
          context: unreachable
        """);
  }

  @Test
  void an_api_server_that_does_not_answer_is_one_line_naming_it() throws Exception {
    clusterConfig();
    Path kubeconfig = home.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: nowhere
          cluster: {server: "https://127.0.0.1:9"}
        contexts:
        - name: unreachable
          context: {cluster: nowhere, user: nobody}
        users:
        - name: nobody
          user: {token: none}
        current-context: unreachable
        """);
    String before = System.getProperty("kubeconfig");
    String retries = System.getProperty("kubernetes.request.retry.backoffLimit");
    System.setProperty("kubeconfig", kubeconfig.toString());
    System.setProperty("kubernetes.request.retry.backoffLimit", "0");
    try {
      CliRun r = CliRun.of("server", "--home", home.toString(), "--port", "0");
      assertThat(r.exit()).isNotZero();
      assertThat(r.errLines()).hasSize(1);
      assertThat(r.err())
          .contains("cannot reach the Kubernetes API server at https://127.0.0.1:9")
          .contains("kubernetes.context")
          .doesNotContain("Exception");
    } finally {
      restore("kubeconfig", before);
      restore("kubernetes.request.retry.backoffLimit", retries);
    }
  }

  @Test
  void a_cluster_without_skiffs_crds_says_how_to_install_them() throws Exception {
    clusterConfig();
    var config =
        dev.skiff.server.config.ConfigLoader.load(
            new dev.skiff.server.config.ConfigLoader.Overrides(
                home, null, null, 0, null, null, null),
            java.util.Map.of());
    assertThatThrownBy(
            () ->
                SkiffServer.start(
                    config,
                    routes -> {},
                    (cluster, artifacts, database) ->
                        new ClusterMode(
                            client, cluster, Applier.createOrReplace(client), artifacts, database)))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("does not serve Profile (kubeflow.org/v1)")
        .hasMessageContaining("skiff render crds | kubectl apply --server-side -f -");
  }

  private static void restore(String name, String value) {
    if (value == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, value);
    }
  }
}
