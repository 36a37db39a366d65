package dev.skiff.kubernetes.operator.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.kubernetes.operator.CustomResourceDefinitions;
import dev.skiff.kubernetes.resource.Profile;
import dev.skiff.kubernetes.resource.ProfileOwner;
import dev.skiff.kubernetes.resource.ProfilePlugin;
import dev.skiff.kubernetes.resource.ProfileSpec;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.identity.ProfileQuota;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Skiff's profiles (H2) kept as Profile resources on fabric8's CRUD mock. */
@EnableKubernetesMockClient(crud = true, https = false)
class ProfileSyncIT {
  static KubernetesClient client;
  static KubernetesMockServer server;

  @TempDir static Path home;
  static Database database;
  static ProfileSync sync;

  @BeforeAll
  static void open() {
    CustomResourceDefinitions.all().forEach(crd -> client.resource(crd).create());
    database = Database.open(DatabaseConfig.h2File(home));
    sync = new ProfileSync(client, database.profiles());
  }

  @AfterAll
  static void close() {
    if (database != null) {
      database.close();
    }
  }

  private static Profile resource(String name) {
    return client.resources(Profile.class).withName(name).get();
  }

  @Test
  void aSkiffProfileBecomesAProfileWhoseQuotaFollowsAndWhichGoesWithIt() {
    database
        .profiles()
        .create(new dev.skiff.store.Profile("team-s", "alice@example.com", "", Instant.now()));
    database.profiles().setQuota("team-s", new ProfileQuota(null, 2000L, null, 1, null));
    sync.sync("team-s");

    Profile p = resource("team-s");
    assertThat(p.getSpec().owner()).isEqualTo(ProfileOwner.user("alice@example.com"));
    assertThat(p.getSpec().resourceQuotaSpec().getHard())
        .containsOnlyKeys("requests.cpu", "requests.nvidia.com/gpu");
    assertThat(p.getMetadata().getLabels()).containsEntry(ProfileSync.SYNCED_LABEL, "skiff");

    // An admin adds workload identity; a quota change in Skiff keeps it.
    client
        .resources(Profile.class)
        .withName("team-s")
        .edit(
            x -> {
              x.setSpec(
                  new ProfileSpec(
                      x.getSpec().owner(),
                      x.getSpec().resourceQuotaSpec(),
                      List.of(ProfilePlugin.workloadIdentity("t@p.iam.gserviceaccount.com"))));
              return x;
            });
    database.profiles().setQuota("team-s", ProfileQuota.NONE);
    sync.sync("team-s");
    p = resource("team-s");
    assertThat(p.getSpec().resourceQuotaSpec()).isNull();
    assertThat(p.getSpec().plugins())
        .extracting(ProfilePlugin::kind)
        .containsExactly("WorkloadIdentity");

    database.profiles().delete("team-s");
    sync.sync("team-s");
    assertThat(resource("team-s")).isNull();
  }

  @Test
  void syncAllAddsMissingProfilesAndRemovesOnlySkiffsStaleOnes() {
    database
        .profiles()
        .create(new dev.skiff.store.Profile("team-x", "bob@example.com", "", Instant.now()));
    Profile stale =
        Profile.of("team-gone", new ProfileSpec(ProfileOwner.user("c@x.org"), null, null));
    stale.getMetadata().setLabels(java.util.Map.of(ProfileSync.SYNCED_LABEL, "skiff"));
    client.resource(stale).create();
    client
        .resource(
            Profile.of("hand-made", new ProfileSpec(ProfileOwner.user("d@x.org"), null, null)))
        .create();

    sync.syncAll();

    assertThat(resource("team-x").getSpec().owner().name()).isEqualTo("bob@example.com");
    assertThat(resource("team-gone")).isNull();
    assertThat(resource("hand-made")).isNotNull();
  }

  /**
   * A profile made while another replica (or the resync thread) runs {@code syncAll} is not taken
   * for a stale one: its Profile is never deleted. Before the fix, {@code syncAll} read Skiff's
   * profiles first and listed the cluster after, so a Profile created in between was deleted.
   */
  @Test
  void syncAllNeverDeletesTheProfileOfAProfileCreatedMeanwhile() throws Exception {
    ProfileSync api = new ProfileSync(client, database.profiles());
    ProfileSync resync = new ProfileSync(client, database.profiles());
    java.util.Set<String> deleted = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.atomic.AtomicReference<Throwable> failed =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean creating =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    try (var watch =
        client
            .resources(Profile.class)
            .watch(
                new io.fabric8.kubernetes.client.Watcher<Profile>() {
                  @Override
                  public void eventReceived(Action action, Profile p) {
                    if (action == Action.DELETED) {
                      deleted.add(p.getMetadata().getName());
                    }
                  }

                  @Override
                  public void onClose(io.fabric8.kubernetes.client.WatcherException e) {}
                })) {
      Thread resyncing =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      while (creating.get()) {
                        resync.syncAll();
                      }
                    } catch (RuntimeException e) {
                      failed.set(e);
                    }
                  });
      for (int i = 0; i < 40; i++) {
        String name = "race-" + i;
        database
            .profiles()
            .create(new dev.skiff.store.Profile(name, "e@example.com", "", Instant.now()));
        api.sync(name);
        Thread.sleep(15); // let the resync thread pass several times while profiles come
      }
      creating.set(false);
      resyncing.join();
      Thread.sleep(300); // the watch's last events
    }
    assertThat(failed.get()).as("syncAll beside another replica's syncs").isNull();
    assertThat(deleted).filteredOn(n -> n.startsWith("race-")).isEmpty();
    for (int i = 0; i < 40; i++) {
      assertThat(resource("race-" + i)).as("race-" + i).isNotNull();
    }
  }
}
