package dev.skiff.kubernetes.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.kubernetes.KubernetesSettings;
import dev.skiff.kubernetes.apply.Applier;
import dev.skiff.kubernetes.operator.profile.ProfileMembers;
import dev.skiff.kubernetes.operator.profile.ProfileReconciler;
import dev.skiff.kubernetes.resource.Profile;
import dev.skiff.kubernetes.resource.ProfileCondition;
import dev.skiff.kubernetes.resource.ProfileOwner;
import dev.skiff.kubernetes.resource.ProfileSpec;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two server replicas on one (mock) cluster: one leads through the Lease, the other waits. */
@EnableKubernetesMockClient(crud = true, https = false)
class SkiffOperatorIT {
  KubernetesClient client;
  KubernetesMockServer server;
  @TempDir Path home;

  private SkiffOperator replica(KubernetesClient c, Database database) {
    return new SkiffOperator(
        c,
        KubernetesSettings.defaults("skiff:test"),
        List.of(
            new ProfileReconciler(
                c,
                Applier.createOrReplace(c),
                ProfileMembers.store(database.identity().members()),
                "skiff",
                Clock.systemUTC())));
  }

  @Test
  void oneOfTwoReplicasReconcilesAndTheOtherTakesOverWhenItStops() {
    MockOperatorCluster.prepare(server, client);
    try (Database database = Database.open(DatabaseConfig.h2File(home));
        KubernetesClient second = server.createClient();
        SkiffOperator a = replica(client, database);
        SkiffOperator b = replica(second, database)) {
      a.start();
      b.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> a.isLeader() || b.isLeader());
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(5))
          .until(() -> a.isLeader() != b.isLeader());

      client
          .resource(
              Profile.of("team-ha", new ProfileSpec(ProfileOwner.user("a@x.org"), null, null)))
          .create();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> client.namespaces().withName("team-ha").get() != null);

      SkiffOperator leader = a.isLeader() ? a : b;
      SkiffOperator follower = leader == a ? b : a;
      leader.close();
      await().atMost(Duration.ofSeconds(40)).until(follower::isLeader);
      client.namespaces().withName("team-ha").delete();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> client.namespaces().withName("team-ha").get() != null);
      // The delete may land inside the new leader's first reconcile, which then fails
      // (ReconcileError) and is retried; Ready turns True once a reconcile completes.
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                Profile p = client.resources(Profile.class).withName("team-ha").get();
                ProfileCondition ready =
                    p.getStatus().condition(ProfileCondition.READY).orElseThrow();
                assertThat(ready.status()).as("%s", ready).isEqualTo("True");
              });
      assertThat(leader.isLeader()).isFalse();
    }
  }
}
