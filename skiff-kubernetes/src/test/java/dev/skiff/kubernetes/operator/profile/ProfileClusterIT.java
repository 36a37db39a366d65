package dev.skiff.kubernetes.operator.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.kubernetes.KubernetesSettings;
import dev.skiff.kubernetes.apply.Applier;
import dev.skiff.kubernetes.operator.CustomResourceDefinitions;
import dev.skiff.kubernetes.operator.SkiffOperator;
import dev.skiff.kubernetes.resource.Profile;
import dev.skiff.kubernetes.resource.ProfileCondition;
import dev.skiff.kubernetes.resource.ProfileOwner;
import dev.skiff.kubernetes.resource.ProfileSpec;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.identity.Member;
import dev.skiff.store.identity.ProfileRole;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Against a real API server (with its controller manager; no kubelet needed): the CRDs installed by
 * server-side apply and Established, a Profile reconciled into its namespace with RBAC, quota and
 * network policy written by server-side apply as {@code skiff}, a foreign namespace refused, the
 * finalizer on delete, and garbage collection through the owner reference. Reads the kubeconfig
 * from {@code SKIFF_IT_KUBECONFIG}; skipped when it is unset.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProfileClusterIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 6);
  static final String SKIFF_NS = "skiff-it-" + RUN;
  static final String SKIPPED =
      "SKIFF_IT_KUBECONFIG is not set: skipping the Profile tests against a real API server";

  @TempDir static Path home;
  static KubernetesClient client;
  static Database database;
  static SkiffOperator operator;
  static final List<String> namespaces = new ArrayList<>();

  @BeforeAll
  static void connect() throws Exception {
    String kubeconfig = System.getenv("SKIFF_IT_KUBECONFIG");
    if (kubeconfig == null || kubeconfig.isBlank()) {
      // Surefire does not print a class-level assumption's message; this line says why.
      LoggerFactory.getLogger(ProfileClusterIT.class).warn(SKIPPED);
    }
    Assumptions.assumeTrue(kubeconfig != null && !kubeconfig.isBlank(), SKIPPED);
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(Path.of(kubeconfig))))
            .build();
    Applier applier = Applier.serverSide(client, KubernetesSettings.FIELD_MANAGER);
    for (CustomResourceDefinition crd : CustomResourceDefinitions.all()) {
      applier.apply(crd);
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(crd.getMetadata().getName())
          .waitUntilCondition(
              c ->
                  c != null
                      && c.getStatus() != null
                      && c.getStatus().getConditions().stream()
                          .anyMatch(
                              x ->
                                  "Established".equals(x.getType())
                                      && "True".equals(x.getStatus())),
              2,
              TimeUnit.MINUTES);
    }
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> client.supports(Profile.API_VERSION, "Profile"));
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(SKIFF_NS).endMetadata().build())
        .create();
    namespaces.add(SKIFF_NS);
    database = Database.open(DatabaseConfig.h2File(home));
    KubernetesSettings settings =
        new KubernetesSettings(
            "",
            SKIFF_NS,
            "skiff:it",
            "IfNotPresent",
            "default-editor",
            "",
            KubernetesSettings.Accelerator.GKE_NVIDIA,
            KubernetesSettings.FIELD_MANAGER,
            "cluster.local");
    ProfileReconciler reconciler =
        new ProfileReconciler(
            client,
            applier,
            ProfileMembers.store(database.identity().members()),
            SKIFF_NS,
            Clock.systemUTC());
    operator = new SkiffOperator(client, settings, List.of(reconciler));
    operator.start();
  }

  @AfterAll
  static void cleanUp() {
    if (operator != null) {
      operator.close();
    }
    if (client != null) {
      // The operator is closed: finalizers are taken off by hand so the profiles can go.
      for (String ns : namespaces) {
        var profile = client.resources(Profile.class).withName(ns);
        if (profile.get() != null) {
          profile.edit(
              p -> {
                p.getMetadata().setFinalizers(List.of());
                return p;
              });
          profile.delete();
        }
        client.namespaces().withName(ns).delete();
      }
      client.close();
    }
    if (database != null) {
      database.close();
    }
  }

  private static String name(String what) {
    String n = "skiff-it-" + what + "-" + RUN;
    namespaces.add(n);
    return n;
  }

  private static ProfileCondition awaitReady(String name, String status) {
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () -> {
              Profile p = client.resources(Profile.class).withName(name).get();
              return p != null
                  && p.getStatus() != null
                  && p.getStatus()
                      .condition(ProfileCondition.READY)
                      .filter(c -> status.equals(c.status()))
                      .isPresent();
            });
    return client
        .resources(Profile.class)
        .withName(name)
        .get()
        .getStatus()
        .condition(ProfileCondition.READY)
        .orElseThrow();
  }

  @Test
  @Order(1)
  void aProfileIsReconciledIntoItsNamespaceBySkiffsServerSideApply() {
    String name = name("team");
    database
        .profiles()
        .create(new dev.skiff.store.Profile(name, "alice@example.com", "", Instant.now()));
    database
        .identity()
        .members()
        .put(
            new Member(
                name, "bob@example.com", ProfileRole.VIEW, "alice@example.com", Instant.now()));
    Profile created = client.resource(Profile.of(name, ProfileObjectsTest.fullSpec())).create();

    assertThat(awaitReady(name, "True").reason()).isEqualTo("Reconciled");
    Namespace ns = client.namespaces().withName(name).get();
    assertThat(ns.getMetadata().getOwnerReferences())
        .anyMatch(r -> r.getUid().equals(created.getMetadata().getUid()));
    assertThat(ns.getMetadata().getManagedFields())
        .anyMatch(f -> "skiff".equals(f.getManager()) && "Apply".equals(f.getOperation()));
    assertThat(
            client
                .serviceAccounts()
                .inNamespace(name)
                .withName("default-editor")
                .get()
                .getMetadata()
                .getAnnotations())
        .containsKey(ProfileObjects.GKE_SERVICE_ACCOUNT);
    assertThat(client.rbac().roleBindings().inNamespace(name).withName("namespaceAdmin").get())
        .isNotNull();
    assertThat(
            client
                .rbac()
                .roleBindings()
                .inNamespace(name)
                .withName("user-bob-example-com-clusterrole-view")
                .get())
        .isNotNull();
    assertThat(client.resourceQuotas().inNamespace(name).withName(ProfileObjects.QUOTA).get())
        .isNotNull();
    assertThat(
            client
                .network()
                .v1()
                .networkPolicies()
                .inNamespace(name)
                .withName(ProfileObjects.NETWORK_POLICY)
                .get())
        .isNotNull();
    assertThat(client.resources(Profile.class).withName(name).get().getFinalizers()).isNotEmpty();
  }

  @Test
  @Order(2)
  void aForeignNamespaceIsRefused() {
    String name = name("foreign");
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    client
        .resource(Profile.of(name, new ProfileSpec(ProfileOwner.user("m@x.org"), null, null)))
        .create();
    assertThat(awaitReady(name, "False").reason()).isEqualTo("NamespaceNotOwned");
    assertThat(client.rbac().roleBindings().inNamespace(name).withName("namespaceAdmin").get())
        .isNull();
  }

  @Test
  @Order(3)
  void deletingAProfileRunsItsFinalizerAndTheNamespaceGoes() {
    String name = name("deleted");
    client
        .resource(Profile.of(name, new ProfileSpec(ProfileOwner.user("a@x.org"), null, null)))
        .create();
    awaitReady(name, "True");
    client.resources(Profile.class).withName(name).delete();
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> client.resources(Profile.class).withName(name).get() == null);
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () -> {
              Namespace ns = client.namespaces().withName(name).get();
              return ns == null || ns.getMetadata().getDeletionTimestamp() != null;
            });
  }

  @Test
  @Order(4)
  void withoutTheOperatorGarbageCollectionRemovesTheNamespaceThroughItsOwnerReference() {
    String name = name("gc");
    client
        .resource(Profile.of(name, new ProfileSpec(ProfileOwner.user("a@x.org"), null, null)))
        .create();
    awaitReady(name, "True");
    operator.close();
    client
        .resources(Profile.class)
        .withName(name)
        .edit(
            p -> {
              p.getMetadata().setFinalizers(List.of());
              return p;
            });
    client.resources(Profile.class).withName(name).delete();
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () -> {
              Namespace ns = client.namespaces().withName(name).get();
              return ns == null || ns.getMetadata().getDeletionTimestamp() != null;
            });
  }
}
