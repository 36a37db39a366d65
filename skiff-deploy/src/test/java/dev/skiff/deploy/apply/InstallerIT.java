package dev.skiff.deploy.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.deploy.render.InstallLabels;
import dev.skiff.kubernetes.apply.Applier;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The installer against fabric8's mock API server in CRUD mode, with {@link TestControllers}
 * playing the cluster's controllers: deploy, a second deploy with no changes, status and a verified
 * teardown; a webhook that refuses twice; a CRD slow to be Established; a permanent error. Writes
 * go through {@link Applier#createOrReplace} (the mock has no server-side apply; {@link
 * ServerSideApplyShapeIT} checks the real requests).
 */
@EnableKubernetesMockClient(
    crud = true,
    https = false,
    kubernetesClientBuilderCustomizer = NoClientRetries.class)
class InstallerIT {
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

  String out() {
    return String.join("\n", lines);
  }

  @Test
  void deploy_then_again_with_no_changes_then_status_then_teardown_leaves_nothing()
      throws Exception {
    List<HasMetadata> objects = TestCluster.objects();
    try (var controllers = new TestControllers(client, Duration.ZERO)) {
      InstallReport first =
          installer().install(objects, TestCluster.options(Duration.ofSeconds(30)));
      assertThat(first.changed()).hasSize(objects.size());
      assertThat(out())
          .contains("created  Namespace skiff-test", "created  Deployment skiff-test/skiff")
          .contains(
              "recorded " + objects.size() + " objects in ConfigMap skiff-test/skiff-inventory");
      // phases: nothing of RBAC before the CRDs' gate, the server waited for last
      assertThat(out().indexOf("CustomResourceDefinition notebooks.kubeflow.org"))
          .isLessThan(out().indexOf("ServiceAccount skiff-test/skiff"));
      for (HasMetadata o : objects) {
        HasMetadata live = GenericObjects.get(client, ObjectRef.of(o));
        assertThat(live.getMetadata().getLabels())
            .as(o.getKind())
            .containsAllEntriesOf(InstallLabels.of("skiff"));
      }
      assertThat(Inventory.read(client, TestCluster.NS))
          .hasValueSatisfying(
              refs ->
                  assertThat(refs)
                      .containsExactlyInAnyOrderElementsOf(
                          objects.stream().map(ObjectRef::of).toList()));

      lines.clear();
      String versionBefore =
          client
              .apps()
              .deployments()
              .inNamespace(TestCluster.NS)
              .withName("skiff")
              .get()
              .getMetadata()
              .getResourceVersion();
      InstallReport second =
          installer().install(TestCluster.objects(), TestCluster.options(Duration.ofSeconds(30)));
      assertThat(second.noChanges()).isTrue();
      assertThat(second.unchanged()).hasSize(objects.size());
      assertThat(out())
          .contains("no changes   Deployment skiff-test/skiff")
          .contains("No changes: all " + objects.size() + " objects are as applied before.")
          .doesNotContain("created", "updated");
      assertThat(
              client
                  .apps()
                  .deployments()
                  .inNamespace(TestCluster.NS)
                  .withName("skiff")
                  .get()
                  .getMetadata()
                  .getResourceVersion())
          .isEqualTo(versionBefore);

      List<ObjectState> status = new InstallStatus(client).read(TestCluster.NS);
      assertThat(status).hasSize(objects.size()).allMatch(ObjectState::healthy);
      assertThat(status.stream().map(ObjectState::line))
          .contains(
              "ok      Deployment skiff-test/skiff  2/2 available",
              "ok      CustomResourceDefinition profiles.kubeflow.org  Established");
    }

    GenericKubernetesResource profile = new GenericKubernetesResource();
    profile.setApiVersion("kubeflow.org/v1");
    profile.setKind("Profile");
    profile.setMetadata(new ObjectMetaBuilder().withName("team-a").build());
    client.resource(profile).create();

    lines.clear();
    TeardownReport report =
        new Teardown(client, lines::add)
            .teardown(TestCluster.NS, "skiff", true, Duration.ofSeconds(20), Duration.ofMillis(25));
    assertThat(report.clean()).as(out()).isTrue();
    assertThat(report.removed()).hasSize(objects.size() + 1);
    assertThat(out()).contains("Warning: deleting CRDs", "removed  Deployment skiff-test/skiff");
    // the custom resources go first, while the operator still runs to clear their finalizers
    assertThat(out().indexOf("deleting  Profile team-a"))
        .isGreaterThan(-1)
        .isLessThan(out().indexOf("deleting  Deployment skiff-test/skiff"));
    assertThat(client.genericKubernetesResources("kubeflow.org/v1", "Profile").list().getItems())
        .isEmpty();
    for (List<String> kind : Teardown.COMMON_KINDS) {
      assertThat(
              GenericObjects.labelled(
                  client, kind.get(0), kind.get(1), InstallLabels.INSTALL + "=skiff"))
          .as(kind.toString())
          .isEmpty();
    }
  }

  @Test
  void status_reports_what_is_missing_or_not_ready() throws Exception {
    try (var controllers = new TestControllers(client, Duration.ZERO)) {
      installer().install(TestCluster.objects(), TestCluster.options(Duration.ofSeconds(30)));
    }
    client.configMaps().inNamespace(TestCluster.NS).withName("skiff-config").delete();
    var d = client.apps().deployments().inNamespace(TestCluster.NS).withName("skiff").get();
    d.getStatus().setAvailableReplicas(1);
    client.resource(d).update();
    List<ObjectState> status = new InstallStatus(client).read(TestCluster.NS);
    assertThat(status.stream().filter(s -> !s.healthy()).map(ObjectState::line))
        .containsExactlyInAnyOrder(
            "NOT OK  ConfigMap skiff-test/skiff-config  missing",
            "NOT OK  Deployment skiff-test/skiff  1/2 available");
  }

  @Test
  void teardown_without_delete_data_keeps_the_database_and_its_namespace() throws Exception {
    try (var controllers = new TestControllers(client, Duration.ZERO)) {
      installer().install(TestCluster.objects(), TestCluster.options(Duration.ofSeconds(30)));
    }
    TeardownReport report =
        new Teardown(client, lines::add)
            .teardown(
                TestCluster.NS, "skiff", false, Duration.ofSeconds(20), Duration.ofMillis(25));
    assertThat(report.clean()).as(out()).isTrue();
    assertThat(report.kept().stream().map(ObjectRef::toString))
        .containsExactlyInAnyOrder("StatefulSet skiff-test/skiff-postgres", "Namespace skiff-test");
    assertThat(
            client
                .apps()
                .statefulSets()
                .inNamespace(TestCluster.NS)
                .withName("skiff-postgres")
                .get())
        .isNotNull();
    assertThat(client.apps().deployments().inNamespace(TestCluster.NS).withName("skiff").get())
        .isNull();
    assertThat(out()).contains("kept     StatefulSet skiff-test/skiff-postgres");
  }

  @Test
  void a_webhook_that_refuses_twice_is_retried_without_user_action() throws Exception {
    server
        .expect()
        .post()
        .withPath("/apis/apps/v1/namespaces/skiff-test/deployments")
        .andReturn(
            500,
            new StatusBuilder()
                .withStatus("Failure")
                .withCode(500)
                .withReason("InternalError")
                .withMessage(
                    "Internal error occurred: failed calling webhook \"validate.policy.example\":"
                        + " Post \"https://policy.policy-system.svc:443/validate\": dial tcp"
                        + " 10.0.0.9:443: connect: connection refused")
                .build())
        .times(2);
    try (var controllers = new TestControllers(client, Duration.ZERO)) {
      InstallReport report =
          installer().install(TestCluster.objects(), TestCluster.options(Duration.ofSeconds(30)));
      assertThat(report.changed()).hasSize(TestCluster.objects().size());
    }
    assertThat(lines.stream().filter(l -> l.contains("failed calling webhook; retrying")))
        .hasSize(2)
        .allMatch(l -> l.contains("apply Deployment skiff-test/skiff"));
    assertThat(client.apps().deployments().inNamespace(TestCluster.NS).withName("skiff").get())
        .isNotNull();
  }

  @Test
  void a_crd_slow_to_be_established_is_waited_for_with_progress() throws Exception {
    try (var controllers = new TestControllers(client, Duration.ofMillis(1500))) {
      installer().install(TestCluster.objects(), TestCluster.options(Duration.ofSeconds(30)));
    }
    assertThat(out())
        .contains("waiting for CRD notebooks.kubeflow.org to be Established")
        .containsPattern("CRD notebooks.kubeflow.org to be Established: done \\([1-9]\\.\\d s\\)");
    assertThat(out().indexOf("to be Established: done"))
        .isLessThan(out().indexOf("created  ServiceAccount"));
  }

  @Test
  void a_crd_never_established_times_out_naming_it_and_applies_nothing_after() {
    assertThatThrownBy(
            () ->
                installer()
                    .install(TestCluster.objects(), TestCluster.options(Duration.ofSeconds(1))))
        .isInstanceOf(InstallException.class)
        .hasMessageContaining("CRD notebooks.kubeflow.org is not Established")
        .hasMessageContaining("kubectl describe crd notebooks.kubeflow.org");
    assertThat(client.serviceAccounts().inNamespace(TestCluster.NS).withName("skiff").get())
        .isNull();
    // what was created can be torn down: the inventory was written before the wait
    assertThat(Inventory.read(client, TestCluster.NS))
        .hasValueSatisfying(refs -> assertThat(refs).hasSize(TestCluster.objects().size()));
    TeardownReport report =
        new Teardown(client, lines::add)
            .teardown(TestCluster.NS, "skiff", true, Duration.ofSeconds(10), Duration.ofMillis(25));
    assertThat(report.clean()).isTrue();
    assertThat(client.apiextensions().v1().customResourceDefinitions().list().getItems()).isEmpty();
  }

  @Test
  void a_permanent_error_stops_at_once_naming_the_object_and_the_fix() throws Exception {
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/skiff-test/serviceaccounts")
        .andReturn(
            422,
            new StatusBuilder()
                .withStatus("Failure")
                .withCode(422)
                .withReason("Invalid")
                .withMessage(
                    "ServiceAccount \"skiff\" is invalid: metadata.name: Invalid value: \"skiff\"")
                .build())
        .always();
    List<HasMetadata> objects = TestCluster.objects();
    try (var controllers = new TestControllers(client, Duration.ZERO)) {
      long start = System.nanoTime();
      assertThatThrownBy(
              () -> installer().install(objects, TestCluster.options(Duration.ofSeconds(30))))
          .isInstanceOf(InstallException.class)
          .hasMessageStartingWith("apply ServiceAccount skiff-test/skiff failed (HTTP 422)")
          .hasMessageContaining("is invalid")
          .hasMessageContaining("Fix: the server refused the object as invalid");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
    assertThat(out()).doesNotContain("retrying");
    assertThat(client.apps().deployments().inNamespace(TestCluster.NS).withName("skiff").get())
        .isNull();
  }

  @Test
  void the_same_object_twice_is_refused_before_anything_is_applied() {
    List<HasMetadata> objects = new ArrayList<>(TestCluster.objects());
    objects.add(TestCluster.objects().getFirst());
    assertThatThrownBy(
            () -> installer().install(objects, TestCluster.options(Duration.ofSeconds(5))))
        .isInstanceOf(InstallException.class)
        .hasMessage("the manifests hold Namespace skiff-test twice");
    assertThat(client.namespaces().list().getItems()).isEmpty();
  }
}
