package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.deploy.apply.DryRunServer;
import dev.skiff.deploy.apply.InstallOptions;
import dev.skiff.deploy.apply.Installer;
import dev.skiff.deploy.apply.TestCluster;
import dev.skiff.deploy.apply.TestControllers;
import dev.skiff.kubernetes.apply.Applier;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff status}, {@code skiff teardown} and {@code skiff deploy}'s input and connection
 * errors against fabric8's mock API server (CRUD mode) through a kubeconfig file. The install
 * itself is made by the installer with create-or-replace writes, because the mock has no
 * server-side apply ({@code skiff deploy} on a real API server: skiff-deploy's RealClusterIT).
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ClusterCommandsIT {
  KubernetesClient client;
  KubernetesMockServer server;
  @TempDir Path dir;
  Path kubeconfig;
  Path values;

  @BeforeEach
  void kubeconfig() throws Exception {
    kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, kubeconfigFor(client.getConfiguration().getMasterUrl()));
    values = dir.resolve("values.yaml");
    Files.writeString(
        values,
        """
        namespace: skiff-test
        image: ghcr.io/skiff/skiff:0.1.0
        artifacts:
          bucket: skiff-artifacts
        auth:
          mode: proxy
          proxy:
            trustedAddresses: [10.0.0.0/8]
        """);
  }

  static String kubeconfigFor(String url) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster:
            server: %s
        users:
        - name: tester
          user:
            token: t
        contexts:
        - name: mock
          context:
            cluster: mock
            user: tester
        current-context: mock
        """
        .formatted(url);
  }

  void install() throws Exception {
    InstallOptions options = TestCluster.options(Duration.ofSeconds(30));
    try (var controllers = new TestControllers(client, Duration.ZERO)) {
      new Installer(
              client,
              Applier.createOrReplace(client),
              Applier.serverSideDryRun(client, "skiff"),
              line -> {})
          .install(TestCluster.objects(), options);
    }
  }

  @Test
  void status_is_0_when_healthy_and_1_naming_what_is_missing() throws Exception {
    install();
    CliRun ok =
        CliRun.of(
            "status",
            "--namespace",
            "skiff-test",
            "--kubeconfig",
            kubeconfig.toString(),
            "--context",
            "mock");
    assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.out())
        .contains("ok      Deployment skiff-test/skiff  2/2 available")
        .contains("Healthy: 10 objects.");

    client.configMaps().inNamespace("skiff-test").withName("skiff-config").delete();
    CliRun bad =
        CliRun.of("status", "--values", values.toString(), "--kubeconfig", kubeconfig.toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.out())
        .contains("NOT OK  ConfigMap skiff-test/skiff-config  missing")
        .contains("Not healthy: 1 of 10 objects missing or not ready.");
  }

  @Test
  void teardown_needs_yes_then_removes_everything_and_says_so() throws Exception {
    install();
    CliRun refused =
        CliRun.of("teardown", "--namespace", "skiff-test", "--kubeconfig", kubeconfig.toString());
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err().strip())
        .isEqualTo(
            "skiff: nothing deleted: pass --yes to delete these 10 objects of install skiff");
    assertThat(refused.out())
        .contains("would delete  Deployment skiff-test/skiff")
        .contains("Deleting the CRDs deletes every Profile and Notebook in the cluster");
    assertThat(client.apps().deployments().inNamespace("skiff-test").withName("skiff").get())
        .isNotNull();

    CliRun done =
        CliRun.of(
            "teardown",
            "--namespace",
            "skiff-test",
            "--kubeconfig",
            kubeconfig.toString(),
            "--yes",
            "--delete-data");
    assertThat(done.exit()).as(done.out() + done.err()).isZero();
    assertThat(done.out())
        .contains("removed  StatefulSet skiff-test/skiff-postgres")
        .contains("Removed 11 objects; nothing labelled skiff.dev/install=skiff remains.");
    assertThat(client.namespaces().list().getItems()).isEmpty();

    CliRun again =
        CliRun.of("status", "--namespace", "skiff-test", "--kubeconfig", kubeconfig.toString());
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err())
        .startsWith("skiff: no Skiff install found: ConfigMap skiff-test/skiff-inventory");
  }

  @Test
  void deploy_bad_input_is_one_line_and_exit_2() throws Exception {
    CliRun missing = CliRun.of("deploy", "--values", dir.resolve("nope.yaml").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err().strip().lines()).hasSize(1);
    assertThat(missing.err()).contains("nope.yaml: cannot read values file");

    CliRun context =
        CliRun.of(
            "deploy",
            "--values",
            values.toString(),
            "--kubeconfig",
            kubeconfig.toString(),
            "--context",
            "prod");
    assertThat(context.exit()).isEqualTo(2);
    assertThat(context.err().strip())
        .isEqualTo(
            "skiff: no context 'prod' in " + kubeconfig + " (see kubectl config get-contexts)");

    CliRun timeout =
        CliRun.of(
            "deploy",
            "--values",
            values.toString(),
            "--kubeconfig",
            kubeconfig.toString(),
            "--timeout",
            "soon");
    assertThat(timeout.exit()).isEqualTo(2);
    assertThat(timeout.err().strip())
        .isEqualTo("skiff: --timeout must be a positive duration like 90s, 10m or 1h, got 'soon'");
    assertThat(client.namespaces().list().getItems()).isEmpty();
  }

  @Test
  void an_unreachable_cluster_is_one_line_and_exit_1() throws Exception {
    Path dead = dir.resolve("dead");
    Files.writeString(dead, kubeconfigFor("http://127.0.0.1:9"));
    CliRun r = CliRun.of("deploy", "--values", values.toString(), "--kubeconfig", dead.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err())
        .startsWith("skiff: cannot reach the Kubernetes API server at http://127.0.0.1:9")
        .doesNotContain("null")
        .contains("Fix: check --context/--kubeconfig");
  }

  @Test
  void deploy_dry_run_checks_with_the_api_server_and_stores_nothing() throws Exception {
    try (DryRunServer dryRunServer = new DryRunServer();
        KubernetesClient dryClient = dryRunServer.client()) {
      Path config = dir.resolve("dry-run-kubeconfig");
      Files.writeString(config, kubeconfigFor(dryRunServer.url()));
      CliRun r =
          CliRun.of(
              "deploy",
              "--values",
              values.toString(),
              "--kubeconfig",
              config.toString(),
              "--dry-run");
      assertThat(r.exit()).as(r.out() + r.err()).isZero();
      assertThat(r.out())
          .startsWith("Checking (dry run) install skiff to " + dryRunServer.url())
          .contains("would be created  Namespace skiff-test")
          .contains("would be created  CustomResourceDefinition profiles.kubeflow.org")
          .contains("not checked  Deployment skiff-test/skiff-server")
          .contains("nothing was stored.");
      assertThat(dryRunServer.dryRuns).isNotEmpty().allMatch(q -> q.getMethod().equals("PATCH"));
      assertThat(dryClient.namespaces().list().getItems()).isEmpty();
      assertThat(dryClient.apiextensions().v1().customResourceDefinitions().list().getItems())
          .isEmpty();
    }
  }
}
