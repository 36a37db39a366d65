package dev.skiff.kubernetes.operator.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.kubernetes.KubernetesSettings;
import dev.skiff.kubernetes.apply.Applier;
import dev.skiff.kubernetes.operator.CustomResourceDefinitions;
import dev.skiff.kubernetes.operator.MockOperatorCluster;
import dev.skiff.kubernetes.operator.SkiffOperator;
import dev.skiff.kubernetes.resource.Profile;
import dev.skiff.kubernetes.resource.ProfileCondition;
import dev.skiff.kubernetes.resource.ProfileOwner;
import dev.skiff.kubernetes.resource.ProfileSpec;
import dev.skiff.kubernetes.testing.KubernetesSchemas;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.identity.Member;
import dev.skiff.store.identity.ProfileRole;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaSpecBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Profile reconciler inside a running {@link SkiffOperator} (leader election included) on
 * fabric8's mock server in CRUD mode, with Skiff's members in a real H2 database. The mock has no
 * garbage collector and no server-side apply: objects are written create-or-replace, and the
 * finalizer's own namespace deletion is what is checked on delete.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ProfileReconcilerIT {
  static KubernetesClient client;
  static KubernetesMockServer server;

  @TempDir static Path home;
  static Database database;
  static ProfileReconciler reconciler;
  static SkiffOperator operator;

  @BeforeAll
  static void start() {
    MockOperatorCluster.prepare(server, client);
    database = Database.open(DatabaseConfig.h2File(home));
    client
        .secrets()
        .inNamespace("skiff")
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName(ARTIFACT_SECRET)
                .withNamespace("skiff")
                .endMetadata()
                .withType("Opaque")
                .addToData("AWS_ACCESS_KEY_ID", b64("GOOG1EXAMPLE"))
                .addToData("AWS_SECRET_ACCESS_KEY", b64("first-secret"))
                .build())
        .create();
    reconciler =
        new ProfileReconciler(
            client,
            Applier.createOrReplace(client),
            ProfileMembers.store(database.identity().members()),
            "skiff",
            ARTIFACT_SECRET,
            Clock.systemUTC());
    operator =
        new SkiffOperator(client, KubernetesSettings.defaults("skiff:test"), List.of(reconciler));
    operator.start();
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (database != null) {
      database.close();
    }
  }

  private static final String ARTIFACT_SECRET = "skiff-artifacts";

  private static String b64(String text) {
    return java.util.Base64.getEncoder()
        .encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static void skiffProfile(String name, String owner) {
    database.profiles().create(new dev.skiff.store.Profile(name, owner, "", Instant.now()));
  }

  private static void member(String profile, String user, ProfileRole role) {
    database
        .identity()
        .members()
        .put(new Member(profile, user, role, "alice@example.com", Instant.now()));
  }

  private static Profile create(String name, ProfileSpec spec) {
    return client.resource(Profile.of(name, spec)).create();
  }

  private static ProfileCondition ready(String name) {
    Profile p = client.resources(Profile.class).withName(name).get();
    return p == null || p.getStatus() == null
        ? null
        : p.getStatus().condition(ProfileCondition.READY).orElse(null);
  }

  private static ProfileCondition awaitReady(String name, String status) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> ready(name) != null && status.equals(ready(name).status()));
    return ready(name);
  }

  private static List<String> memberBindings(String ns) {
    return client
        .rbac()
        .roleBindings()
        .inNamespace(ns)
        .withLabel(ProfileObjects.MEMBER_LABEL, "true")
        .list()
        .getItems()
        .stream()
        .map(b -> b.getMetadata().getName())
        .sorted()
        .toList();
  }

  @Test
  void aReconcileInterruptedByAStoppingOperatorWritesNoErrorStatus() {
    Profile p = Profile.of("team-stop", new ProfileSpec(ProfileOwner.user("a@x.org"), null, null));
    var interrupted =
        new io.fabric8.kubernetes.client.KubernetesClientException(
            "An error has occurred.", new java.io.InterruptedIOException());
    assertThat(reconciler.updateErrorStatus(p, null, interrupted).getResource()).isEmpty();
    assertThat(p.getStatus()).isNull();

    var refused =
        new io.fabric8.kubernetes.client.KubernetesClientException("quota exceeded\nmore");
    assertThat(reconciler.updateErrorStatus(p, null, refused).getResource()).isPresent();
    ProfileCondition c = p.getStatus().condition(ProfileCondition.READY).orElseThrow();
    assertThat(c.status()).isEqualTo("False");
    assertThat(c.reason()).isEqualTo("ReconcileError");
    assertThat(c.message()).isEqualTo("quota exceeded");
  }

  @Test
  void aProfileBecomesItsNamespaceWithRbacQuotaAndNetworkPolicy() {
    skiffProfile("team-a", "alice@example.com");
    member("team-a", "bob@example.com", ProfileRole.EDIT);
    Profile created = create("team-a", ProfileObjectsTest.fullSpec());

    ProfileCondition ready = awaitReady("team-a", "True");
    assertThat(ready.reason()).isEqualTo("Reconciled");
    assertThat(ready.message()).contains("alice@example.com").contains("1 member");

    var ns = client.namespaces().withName("team-a").get();
    assertThat(ns.getMetadata().getAnnotations()).containsEntry("owner", "alice@example.com");
    assertThat(ns.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(r -> assertThat(r.getUid()).isEqualTo(created.getMetadata().getUid()));
    var editor = client.serviceAccounts().inNamespace("team-a").withName("default-editor").get();
    assertThat(editor.getMetadata().getAnnotations())
        .containsEntry("iam.gke.io/gcp-service-account", "team@proj.iam.gserviceaccount.com");
    assertThat(client.serviceAccounts().inNamespace("team-a").withName("default-viewer").get())
        .isNotNull();
    RoleBinding admin =
        client.rbac().roleBindings().inNamespace("team-a").withName("namespaceAdmin").get();
    assertThat(admin.getRoleRef().getName()).isEqualTo("admin");
    assertThat(memberBindings("team-a")).containsExactly("user-bob-example-com-clusterrole-edit");
    var quota = client.resourceQuotas().inNamespace("team-a").withName("kf-resource-quota").get();
    assertThat(quota.getSpec().getHard()).containsKeys("cpu", "requests.nvidia.com/gpu");
    var np =
        client
            .network()
            .v1()
            .networkPolicies()
            .inNamespace("team-a")
            .withName("skiff-profile-isolation")
            .get();
    assertThat(np).isNotNull();
    assertThat(client.resources(Profile.class).withName("team-a").get().getFinalizers())
        .isNotEmpty();
    // The artifact store's credentials, copied from Skiff's namespace for the step pods.
    var credentials = client.secrets().inNamespace("team-a").withName(ARTIFACT_SECRET).get();
    assertThat(credentials.getData())
        .containsEntry("AWS_ACCESS_KEY_ID", b64("GOOG1EXAMPLE"))
        .containsEntry("AWS_SECRET_ACCESS_KEY", b64("first-secret"));
    assertThat(credentials.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(r -> assertThat(r.getUid()).isEqualTo(created.getMetadata().getUid()));

    KubernetesSchemas schemas = KubernetesSchemas.load();
    List<HasMetadata> made = new ArrayList<>();
    made.add(ns);
    made.addAll(client.serviceAccounts().inNamespace("team-a").list().getItems());
    made.addAll(client.rbac().roleBindings().inNamespace("team-a").list().getItems());
    made.add(quota);
    made.add(np);
    made.add(credentials);
    for (HasMetadata o : made) {
      assertThat(schemas.validate(o)).as(o.getKind() + " " + o.getMetadata().getName()).isEmpty();
    }
    KubernetesSchemas.assertValid(
        CustomResourceDefinitions.named("profiles.kubeflow.org"),
        client.resources(Profile.class).withName("team-a").get());

    // A rotated key reaches the profile with its next reconcile.
    client
        .secrets()
        .inNamespace("skiff")
        .withName(ARTIFACT_SECRET)
        .edit(
            x -> {
              x.getData().put("AWS_SECRET_ACCESS_KEY", b64("rotated-secret"));
              return x;
            });
    reconciler.membersChanged("team-a");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                b64("rotated-secret")
                    .equals(
                        client
                            .secrets()
                            .inNamespace("team-a")
                            .withName(ARTIFACT_SECRET)
                            .get()
                            .getData()
                            .get("AWS_SECRET_ACCESS_KEY")));
  }

  @Test
  void memberBindingsFollowSkiffsMembers() {
    skiffProfile("team-m", "alice@example.com");
    member("team-m", "bob@example.com", ProfileRole.EDIT);
    create("team-m", new ProfileSpec(ProfileOwner.user("alice@example.com"), null, null));
    awaitReady("team-m", "True");
    assertThat(memberBindings("team-m")).containsExactly("user-bob-example-com-clusterrole-edit");
    assertThat(client.resourceQuotas().inNamespace("team-m").list().getItems()).isEmpty();

    member("team-m", "carol@example.com", ProfileRole.VIEW);
    member("team-m", "bob@example.com", ProfileRole.ADMIN);
    reconciler.membersChanged("team-m");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                memberBindings("team-m")
                    .equals(
                        List.of(
                            "user-bob-example-com-clusterrole-admin",
                            "user-carol-example-com-clusterrole-view")));

    database.identity().members().remove("team-m", "bob@example.com");
    reconciler.membersChanged("team-m");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                memberBindings("team-m")
                    .equals(List.of("user-carol-example-com-clusterrole-view")));
    assertThat(client.rbac().roleBindings().inNamespace("team-m").withName("namespaceAdmin").get())
        .isNotNull();
  }

  @Test
  void anInvalidProfileGetsAConditionNamingTheFieldAndNothingIsMade() {
    create(
        "team-bad",
        new ProfileSpec(
            ProfileOwner.user("alice@example.com"),
            new ResourceQuotaSpecBuilder().addToHard("cpu", new Quantity("lots")).build(),
            null));
    ProfileCondition c = awaitReady("team-bad", "False");
    assertThat(c.reason()).isEqualTo("InvalidSpec");
    assertThat(c.message()).contains("spec.resourceQuotaSpec.hard.cpu").contains("lots");
    assertThat(client.namespaces().withName("team-bad").get()).isNull();
    assertThat(client.serviceAccounts().inNamespace("team-bad").list().getItems()).isEmpty();
    assertThat(client.rbac().roleBindings().inNamespace("team-bad").list().getItems()).isEmpty();

    create("team-noname", new ProfileSpec(new ProfileOwner("User", "", null, null), null, null));
    assertThat(awaitReady("team-noname", "False").message())
        .isEqualTo("spec.owner.name is missing");
    assertThat(client.namespaces().withName("team-noname").get()).isNull();
  }

  @Test
  void anExistingNamespaceOfSomeoneElseIsNotAdopted() {
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName("taken").endMetadata().build())
        .create();
    create("taken", new ProfileSpec(ProfileOwner.user("mallory@example.com"), null, null));
    ProfileCondition c = awaitReady("taken", "False");
    assertThat(c.reason()).isEqualTo("NamespaceNotOwned");
    assertThat(c.message())
        .isEqualTo("namespace taken already exists, but is not owned by profile taken");
    assertThat(client.namespaces().withName("taken").get().getMetadata().getAnnotations())
        .isNullOrEmpty();
    assertThat(client.rbac().roleBindings().inNamespace("taken").list().getItems()).isEmpty();

    client.resources(Profile.class).withName("taken").delete();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> client.resources(Profile.class).withName("taken").get() == null);
    assertThat(client.namespaces().withName("taken").get()).isNotNull();
  }

  @Test
  void deletingAProfileRunsTheFinalizerWhichRemovesItsNamespace() {
    create("team-d", new ProfileSpec(ProfileOwner.user("alice@example.com"), null, null));
    awaitReady("team-d", "True");
    assertThat(client.namespaces().withName("team-d").get()).isNotNull();

    client.resources(Profile.class).withName("team-d").delete();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> client.resources(Profile.class).withName("team-d").get() == null);
    assertThat(client.namespaces().withName("team-d").get()).isNull();
  }

  @Test
  void aDeletedNamespaceIsMadeAgainWithoutWaitingForTheResync() {
    Profile created =
        create("team-r", new ProfileSpec(ProfileOwner.user("alice@example.com"), null, null));
    awaitReady("team-r", "True");
    String before = client.namespaces().withName("team-r").get().getMetadata().getUid();

    client.namespaces().withName("team-r").delete();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              var ns = client.namespaces().withName("team-r").get();
              return ns != null && !ns.getMetadata().getUid().equals(before);
            });
    assertThat(client.namespaces().withName("team-r").get().getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(r -> assertThat(r.getUid()).isEqualTo(created.getMetadata().getUid()));
  }

  @Test
  void oneReplicaLeadsThroughTheSkiffOperatorLease() {
    assertThat(operator.controllers()).containsExactly(ProfileReconciler.NAME);
    assertThat(operator.leaderElection().getLeaseName()).isEqualTo("skiff-operator");
    assertThat(operator.leaderElection().getLeaseNamespace()).contains("skiff");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                client.resources(Lease.class).inNamespace("skiff").withName("skiff-operator").get()
                    != null);
    Lease lease =
        client.resources(Lease.class).inNamespace("skiff").withName("skiff-operator").get();
    assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
    await().atMost(Duration.ofSeconds(20)).until(operator::isLeader);
  }
}
