package dev.skiff.deploy.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.kubernetes.apply.Applier;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks: their backends applied and Available before the configuration, then a dry-run probe
 * that is retried while refused. And {@code skiff deploy --dry-run}: every write is a server-side
 * apply with {@code dryRun=All}, the objects that need this install's namespace are reported as not
 * checked, nothing is stored and nothing is waited for. The mock server ignores {@code dryRun}, so
 * the API server here answers a dry-run request as a real one does: with the object, storing
 * nothing; everything else is CRUD.
 */
class DryRunAndWebhookIT {
  DryRunServer server;
  KubernetesClient client;
  List<RecordedRequest> dryRuns;

  @BeforeEach
  void start() {
    server = new DryRunServer();
    client = server.client();
    dryRuns = server.dryRuns;
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void a_dry_run_checks_with_the_server_and_stores_nothing() {
    List<String> lines = new ArrayList<>();
    InstallReport report =
        Installer.serverSide(client, lines::add)
            .install(
                TestCluster.objects(),
                TestCluster.options(Duration.ofSeconds(10)).withDryRun(true));
    String out = String.join("\n", lines);
    assertThat(report.dryRun()).isTrue();
    assertThat(report.changed().stream().map(ObjectRef::toString))
        .containsExactly(
            "Namespace skiff-test",
            "CustomResourceDefinition notebooks.kubeflow.org",
            "CustomResourceDefinition profiles.kubeflow.org",
            "ClusterRole skiff-test-operator",
            "ClusterRoleBinding skiff-test-operator");
    assertThat(report.notChecked()).hasSize(5);
    assertThat(dryRuns).hasSize(5).allMatch(r -> r.getMethod().equals("PATCH"));
    assertThat(dryRuns.getFirst().getPath())
        .isEqualTo("/api/v1/namespaces/skiff-test?fieldManager=skiff&dryRun=All&force=true");
    assertThat(dryRuns)
        .allMatch(r -> r.getHeader("Content-Type").startsWith("application/apply-patch+yaml"));
    assertThat(out)
        .contains("would be created  Namespace skiff-test")
        .contains("not checked  Deployment skiff-test/skiff")
        .contains("nothing was stored")
        .doesNotContain("waiting for", "recorded");
    assertThat(client.namespaces().list().getItems()).isEmpty();
    assertThat(client.apiextensions().v1().customResourceDefinitions().list().getItems()).isEmpty();
    assertThat(client.configMaps().inAnyNamespace().list().getItems()).isEmpty();
  }

  @Test
  void webhook_backends_are_ready_before_the_configuration_and_a_refused_probe_is_retried()
      throws Exception {
    server.refuseDryRuns.set(1);
    Map<String, String> policy = Map.of("app", "policy");
    List<HasMetadata> objects = new ArrayList<>(TestCluster.objects());
    objects.add(
        new ValidatingWebhookConfigurationBuilder()
            .withNewMetadata()
            .withName("skiff-test-policy")
            .endMetadata()
            .addNewWebhook()
            .withName("policy.skiff.dev")
            .withAdmissionReviewVersions("v1")
            .withSideEffects("None")
            .withNewClientConfig()
            .withNewService()
            .withNamespace(TestCluster.NS)
            .withName("policy")
            .endService()
            .endClientConfig()
            .endWebhook()
            .build());
    objects.add(
        new ServiceBuilder()
            .withNewMetadata()
            .withName("policy")
            .withNamespace(TestCluster.NS)
            .endMetadata()
            .withNewSpec()
            .withSelector(policy)
            .addNewPort()
            .withPort(443)
            .endPort()
            .endSpec()
            .build());
    objects.add(
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("policy")
            .withNamespace(TestCluster.NS)
            .endMetadata()
            .withNewSpec()
            .withNewSelector()
            .withMatchLabels(policy)
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(policy)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("policy")
            .withImage("policy:1")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build());
    List<String> lines = new ArrayList<>();
    try (var controllers = new TestControllers(client, Duration.ZERO)) {
      new Installer(
              client,
              Applier.createOrReplace(client),
              Applier.serverSideDryRun(client, "skiff"),
              lines::add)
          .install(objects, TestCluster.options(Duration.ofSeconds(30)));
    }
    String out = String.join("\n", lines);
    assertThat(out)
        .containsSubsequence(
            "created  ClusterRoleBinding skiff-test-operator",
            "Webhooks:",
            "created  Service skiff-test/policy",
            "created  Deployment skiff-test/policy",
            "Deployment skiff-test/policy to be Available: done",
            "created  ValidatingWebhookConfiguration skiff-test-policy",
            "probing the webhooks: dry-run apply of ConfigMap skiff-test/skiff-config",
            "probe (dry run) ConfigMap skiff-test/skiff-config: failed calling webhook; retrying",
            "Workloads:",
            "created  ConfigMap skiff-test/skiff-config");
    assertThat(out.split("created  Deployment skiff-test/policy", -1)).hasSize(2);
    assertThat(dryRuns).hasSize(2);
  }
}
